import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * The facts access is decided on for a member of staff and one or many people, as a function: every person page and
 * every list of people asks for them, and PL/pgSQL keeps the plans of the queries inside it for the whole session,
 * where the same query sent as text is parsed and planned every time (more than half its cost on the embedded
 * database). For each of the people who exists: whether the staff member or anyone from their organisation holds a
 * current care-team place, the staff member's unexpired emergency grant, and the person's sharing decisions about
 * either of them, newest first. People who do not exist have no row. A later change to these facts replaces the
 * function in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create function staff_access_facts(p_people uuid[], p_staff uuid, p_organisation uuid, p_today date, p_now timestamptz)
     returns table (person_id uuid, in_care_team boolean, organisation_in_care_team boolean, "grant" json, decisions json)
     language plpgsql stable as $body$
     begin
       return query select
         wanted.id,
         exists (select 1 from care_team_member c where c.person_id = wanted.id and c.staff_account_id = p_staff
                 and c.from_date <= p_today and (c.until_date is null or c.until_date >= p_today)),
         exists (select 1 from care_team_member c where c.person_id = wanted.id and c.organisation_id = p_organisation
                 and c.from_date <= p_today and (c.until_date is null or c.until_date >= p_today)),
         (select json_build_object('id', g.id, 'expiresAt', g.expires_at) from break_glass_grant g
           where g.person_id = wanted.id and g.staff_account_id = p_staff and g.expires_at > p_now
           order by g.expires_at desc limit 1),
         coalesce((select json_agg(json_build_object('part', s.part, 'audience_kind', s.audience_kind,
                                                     'decision', s.decision, 'until_date', s.until_date)
                                   order by s.made_at desc, s.id desc)
                   from sharing_choice s where s.person_id = wanted.id and s.audience_id in (p_staff, p_organisation)),
                  '[]'::json)
       from (select distinct unnest(p_people) as id) as wanted
       where exists (select 1 from person p where p.person_id = wanted.id);
     end
     $body$`,
  ]);
}
