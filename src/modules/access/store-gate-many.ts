import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { personExistsCondition } from '../people/index.ts';
import type { StaffFacts } from './store-gate.ts';

// The facts a list of many people is decided on, for one member of staff, in one statement: the same facts as
// staffAccessFacts reads for one person, row by row. Only the data context uses it.

/**
 * For each of `personIds` that exists: a current care-team place held by the member of staff, and by anyone from
 * their organisation, their newest unexpired emergency grant, and the person's sharing decisions about them or
 * their organisation, newest first. People who do not exist have no row.
 */
export async function staffAccessFactsForMany(
  db: Db,
  personIds: readonly string[],
  staff: { id: string; organisationId: string },
  today: string,
  now: Date,
): Promise<Map<string, StaffFacts>> {
  if (!personIds.length) return new Map();
  const person = sql.ref('wanted.person_id');
  const current = sql`c.person_id = ${person} and c.from_date <= ${today} and (c.until_date is null or c.until_date >= ${today})`;
  const { rows } = await sql<StaffFacts & { person_id: string }>`select wanted.person_id, true as person_exists,
      exists (select 1 from care_team_member c where ${current} and c.staff_account_id = ${staff.id}) as in_care_team,
      exists (select 1 from care_team_member c where ${current} and c.organisation_id = ${staff.organisationId})
        as organisation_in_care_team,
      (select json_build_object('id', g.id, 'expiresAt', g.expires_at) from break_glass_grant g
        where g.person_id = ${person} and g.staff_account_id = ${staff.id} and g.expires_at > ${now}
        order by g.expires_at desc limit 1) as grant,
      coalesce((select json_agg(json_build_object('part', s.part, 'audience_kind', s.audience_kind,
                  'decision', s.decision, 'until_date', s.until_date) order by s.made_at desc, s.id desc)
        from sharing_choice s where s.person_id = ${person} and s.audience_id in (${staff.id}, ${staff.organisationId})),
        '[]'::json) as decisions
    from (select distinct cast(value as uuid) as person_id from json_array_elements_text(${JSON.stringify(personIds)})) as wanted
    where ${personExistsCondition(person)}`.execute(db);
  return new Map(rows.map(({ person_id, ...facts }) => [person_id, facts]));
}
