import type { DirectoryStore } from './store-referrals.ts';

/** The person-bound stores the directory's services use. */
export type DirectoryStores = { directory: DirectoryStore };
