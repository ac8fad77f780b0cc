// What other modules and the app may use from the directory: the person-bound store for referrals, the reference
// stores, the service and the routes.
export { bindDirectoryStore, createDirectoryReference, type DirectoryStore } from './store.ts';
export type { DirectoryStores } from './stores.ts';
export { createDirectoryService, type DirectoryService } from './service.ts';
export { registerDirectoryRoutes } from './routes.ts';
export { linkDemoServiceToOrganisation } from './store-referrals.ts';
export {
  createListingsService,
  type CsvExport,
  type CsvTable,
  type ImportReport,
  type ImportSource,
  type ListingsService,
} from './listings-service.ts';
export { checkPostcodeRow, missingColumns } from './postcode-rows.ts';
export { upsertPostcodes } from './store-postcodes.ts';
