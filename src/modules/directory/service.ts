import { createCommunityService } from './community-service.ts';
import { createListingsService } from './listings-service.ts';
import { createReferralsService, type ReferralDeps } from './referrals-service.ts';
import { createSearchService } from './search-service.ts';
import type { DirectoryReference } from './store.ts';

/** The directory's services: its listings (import, export, the API), search, community mapping and referrals. */
export function createDirectoryService(deps: { reference: DirectoryReference; referrals: ReferralDeps }) {
  return {
    listings: createListingsService(deps.reference),
    search: createSearchService(deps.reference),
    community: createCommunityService(deps.reference),
    referrals: createReferralsService(deps.reference, deps.referrals),
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
