import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * The facts access is decided on for a member of staff and a person, as a function: every person page asks for them,
 * and PL/pgSQL keeps the plans of the queries inside it for the whole session, where the same query sent as text
 * is parsed and planned every time (more than half its cost on the embedded database). It answers whether the person
 * exists, whether the staff member or their organisation holds a current care-team place, their unexpired emergency
 * grant, and the person's sharing decisions about either of them, newest first. A later change to these facts
 * replaces the function in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create function staff_access_facts(p_person uuid, p_staff uuid, p_organisation uuid, p_today date, p_now timestamptz)
     returns table (person_exists boolean, in_care_team boolean, organisation_in_care_team boolean, "grant" json, decisions json)
     language plpgsql stable as $body$
     begin
       return query select
         exists (select 1 from person p where p.person_id = p_person),
         exists (select 1 from care_team_member c where c.person_id = p_person and c.staff_account_id = p_staff
                 and c.from_date <= p_today and (c.until_date is null or c.until_date >= p_today)),
         exists (select 1 from care_team_member c where c.person_id = p_person and c.organisation_id = p_organisation
                 and c.from_date <= p_today and (c.until_date is null or c.until_date >= p_today)),
         (select json_build_object('id', g.id, 'expiresAt', g.expires_at) from break_glass_grant g
           where g.person_id = p_person and g.staff_account_id = p_staff and g.expires_at > p_now
           order by g.expires_at desc limit 1),
         coalesce((select json_agg(json_build_object('part', s.part, 'audience_kind', s.audience_kind,
                                                     'decision', s.decision, 'until_date', s.until_date)
                                   order by s.made_at desc, s.id desc)
                   from sharing_choice s where s.person_id = p_person and s.audience_id in (p_staff, p_organisation)),
                  '[]'::json);
     end
     $body$`,
  ]);
}
