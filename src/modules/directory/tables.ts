import type { CommunityTables } from './tables-community.ts';
import type { ListingTables } from './tables-listings.ts';
import type { ReferralTables } from './tables-referrals.ts';

/** Every table of the directory module. */
export type DirectoryTables = ListingTables & CommunityTables & ReferralTables;
