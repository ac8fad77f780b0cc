import type { Db } from '../../db/database.ts';

/** Reading and writing the HSDS listings: import, export and the Open Referral UK API. */
export function createListingsStore(_db: Db) {
  return {};
}
