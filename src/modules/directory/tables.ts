import type { ListingTables } from './tables-listings.ts';

/** Every table of the directory module. */
export type DirectoryTables = ListingTables;
