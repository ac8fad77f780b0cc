import type { Db } from '../../db/database.ts';

/** Finding services: text, typos, need, distance, opening times; and the log of searches. */
export function createSearchStore(_db: Db) {
  return {};
}
