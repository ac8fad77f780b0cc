import type { Db } from '../../db/database.ts';
import { createCommunityStore } from './store-community.ts';
import { createListingsStore } from './store-listings.ts';
import { createReferralsReference } from './store-referrals.ts';
import { createSearchStore } from './store-search.ts';
import { createServicePageStore } from './store-service-page.ts';

export { bindDirectoryStore, type DirectoryStore } from './store-referrals.ts';

/** The directory's stores that are about nobody: the listings are shared reference data. */
export function createDirectoryReference(db: Db) {
  return {
    listings: createListingsStore(db),
    search: createSearchStore(db),
    servicePage: createServicePageStore(db),
    community: createCommunityStore(db),
    referrals: createReferralsReference(db),
  };
}

export type DirectoryReference = ReturnType<typeof createDirectoryReference>;
