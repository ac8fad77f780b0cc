import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * Ids only: one page of `personIds`, in the order lists of people show them (family name, given name, then id,
 * compared character by character on every database), from `offset`, at most `limit`. Ids nobody has are
 * left out. The caller reads the people on the page through the data context.
 */
const pageOfIdsByName = async (
  db: Db,
  personIds: readonly string[],
  offset: number,
  limit: number,
): Promise<string[]> => {
  if (!personIds.length || limit < 1) return [];
  const { rows } = await sql<{ person_id: string }>`select person_id from person
    where person_id in (select cast(value as uuid) from json_array_elements_text(${JSON.stringify(personIds)}))
    order by family_name collate "C", given_name collate "C", person_id
    limit ${limit} offset ${offset}`.execute(db);
  return rows.map((row) => row.person_id);
};

/** Paging through many people by name, bound into the people module's reference store. */
export const nameOrderReference = (db: Db) => ({
  pageOfIdsByName: (personIds: readonly string[], offset: number, limit: number) =>
    pageOfIdsByName(db, personIds, offset, limit),
});
