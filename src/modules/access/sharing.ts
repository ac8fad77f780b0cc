import type { Db } from '../../db/database.ts';

/** The person's sharing choices and the care team they are made about. */
export function createSharingService(_db: Db) {
  return {};
}
