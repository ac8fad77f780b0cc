import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/** A care-team place a member of staff holds, in one person's team. */
export type HeldPlace = { person_id: string; id: string };

/**
 * Ids only: the people whose current plan names one of the places held in their own care team as lead
 * professional, with a review on or before `latest`, earliest review first (then by id). Nothing else about them
 * is read; a page of them is then read, and logged, through the data context.
 */
const peopleWithReviewsDue = async (db: Db, held: readonly HeldPlace[], latest: string): Promise<string[]> => {
  if (!held.length) return [];
  const { rows } = await sql<{ person_id: string }>`select current.person_id
    from (select held.value->>'person_id' as person_id, held.value->>'id' as place_id
          from json_array_elements(${JSON.stringify(held.map(({ person_id, id }) => ({ person_id, id })))}) as held) as place
    cross join lateral (select v.person_id, v.content from plan_version v
      where v.person_id = cast(place.person_id as uuid) order by v.number desc limit 1) as current
    where current.content->'leadProfessional'->>'careTeamMemberId' = place.place_id
      and current.content->'review'->>'date' <= ${latest}
    group by current.person_id
    order by min(current.content->'review'->>'date'), current.person_id`.execute(db);
  return rows.map((row) => row.person_id);
};

/** What reviews due reads that is about nobody's record in particular: which people to list, ids only. */
export const createPlansReference = (db: Db) => ({
  peopleWithReviewsDue: (held: readonly HeldPlace[], latest: string) => peopleWithReviewsDue(db, held, latest),
});

export type PlansReference = ReturnType<typeof createPlansReference>;
