// What other modules and the app may use from access: the data context person data is reached through, the
// store it binds to one person, and the access service and routes.
export { PersonDataContext, type BindStores } from './data-context.ts';
export { createAccessLogWriter } from './store-access-log.ts';
export { StaffFactsCache } from './facts-cache.ts';
export { bindAccessStore, type AccessStore } from './store.ts';
export { createAccessReference, type AccessReference } from './store-gate.ts';
export { createAccessService, type AccessService } from './service.ts';
export { addStayPlaces, citizenReaders, endStayPlaces, type StayStaff } from './stay-places.ts';
export { registerAccessRoutes } from './routes.ts';
export type { TeamContact } from './store-team-contacts.ts';
