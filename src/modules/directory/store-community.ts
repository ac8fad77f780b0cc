import type { Db } from '../../db/database.ts';

/** Suggestions from anyone, and the directory keepers' moderation of them. */
export function createCommunityStore(_db: Db) {
  return {};
}
