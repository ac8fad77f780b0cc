import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ShareablePart } from '../../data/person-data.ts';
import { circleStandingJson, personExistsCondition, type CircleStanding } from '../people/index.ts';
import type { SharingDecisionRow } from './policy.ts';

// What the policy decides a person's account by: its link to a record, the circle member it is, and the person's
// sharing decisions about them. The data context reads it for whoever is signed in; the access store for each
// account linked to a record (who may be told of a change).

export type SharingFact = SharingDecisionRow & { part: ShareablePart };

/** The person's sharing decisions aimed at any of the given audiences, newest first, as one JSON value. */
const decisionsFor = (personId: string, audienceIds: RawSql) =>
  sql<SharingFact[]>`coalesce((
    select json_agg(json_build_object('part', s.part, 'audience_kind', s.audience_kind, 'decision', s.decision, 'until_date', s.until_date)
                    order by s.made_at desc, s.id desc)
    from sharing_choice s where s.person_id = ${personId} and s.audience_id in (${audienceIds})), '[]'::json)`;
type RawSql = ReturnType<typeof sql>;

export type CitizenFacts = {
  person_exists: boolean;
  acting_as: 'self' | 'circle_member' | null;
  circle: CircleStanding | null;
  decisions: SharingFact[];
};

/** The same for a signed-in person's account: its link to the person, the circle member it is, and sharing decisions about them. */
export async function citizenAccessFacts(db: Db, personId: string, accountId: string) {
  const { rows } = await sql<CitizenFacts>`select
      ${personExistsCondition(personId)} as person_exists,
      l.acting_as,
      ${circleStandingJson(personId, sql.ref('l.circle_member_id'))} as circle,
      case when l.circle_member_id is null then '[]'::json
           else ${decisionsFor(personId, sql.ref('l.circle_member_id'))} end as decisions
    from (select 1) as one
    left join person_account_link l on l.person_id = ${personId} and l.person_account_id = ${accountId}`.execute(db);
  return rows[0]!;
}
