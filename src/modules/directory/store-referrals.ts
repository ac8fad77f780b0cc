import type { Db } from '../../db/database.ts';

/** One person's social-prescribing referrals, bound to them by the data context. */
export function bindDirectoryStore(_db: Db, _personId: string) {
  return {};
}

export type DirectoryStore = ReturnType<typeof bindDirectoryStore>;

/** What is about no one person: services' response figures, the gap report, referrals waiting for an answer. */
export function createReferralsReference(_db: Db) {
  return {};
}
