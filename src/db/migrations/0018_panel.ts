import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * The panel (a multi-agency risk and innovation group) and the referral that lets it act. A referral gives one
 * organisation's staff, in the role that does that work, one part of a person's record for as long as it is open:
 * here the case sent to the organisation's panel, and nothing else of the record. The access facts function gains
 * the parts referred to the actor's organisation, and plans its queries once for every call: planning them afresh for
 * each set of arguments cost more than running them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table referral (
       person_id uuid not null references person (person_id),
       id uuid not null,
       organisation_id uuid not null references organisation (id),
       part text not null check (part in ('panel_case')),
       opened_by_id uuid not null,
       opened_by_name text not null,
       opened_at timestamptz not null,
       closed_at timestamptz,
       primary key (person_id, id)
     )`,
    `create index referral_open on referral (organisation_id, part) where closed_at is null`,
    // What was sent to the panel, kept as it was sent: the panel sees this, never the live record.
    `create table panel_submission (
       person_id uuid not null references person (person_id),
       id uuid not null,
       organisation_id uuid not null references organisation (id),
       asking_for text not null,
       person_view text not null,
       agreed_by text not null,
       content jsonb not null,
       submitted_by_id uuid not null,
       submitted_by_name text not null,
       submitted_at timestamptz not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('panel_submission'),
    `create table panel_decision (
       person_id uuid not null,
       submission_id uuid not null,
       id uuid not null,
       outcome text not null check (outcome in ('approved', 'approved_with_conditions', 'not_approved')),
       reasons text not null check (length(reasons) > 0),
       conditions text not null,
       risks text not null,
       decided_by_id uuid not null,
       decided_by_name text not null,
       decided_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, submission_id) references panel_submission (person_id, id),
       check (outcome <> 'approved_with_conditions' or length(conditions) > 0)
     )`,
    ...appendOnly('panel_decision'),
    `create table panel_reconsideration (
       person_id uuid not null,
       submission_id uuid not null,
       id uuid not null,
       reason text not null check (length(reason) > 0),
       asked_by_kind text not null check (asked_by_kind in ('staff', 'citizen')),
       asked_by_id uuid not null,
       asked_by_name text not null,
       asked_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, submission_id) references panel_submission (person_id, id)
     )`,
    ...appendOnly('panel_reconsideration'),
    `drop function staff_access_facts(uuid[], uuid, uuid, date, timestamptz)`,
    `create function staff_access_facts(p_people uuid[], p_staff uuid, p_organisation uuid, p_today date, p_now timestamptz)
     returns table (person_id uuid, in_care_team boolean, organisation_in_care_team boolean, "grant" json,
                    decisions json, referred_parts json)
     language plpgsql stable set plan_cache_mode = force_generic_plan as $body$
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
                  '[]'::json),
         coalesce((select json_agg(distinct r.part) from referral r
                   where r.person_id = wanted.id and r.organisation_id = p_organisation and r.closed_at is null),
                  '[]'::json)
       from (select distinct unnest(p_people) as id) as wanted
       where exists (select 1 from person p where p.person_id = wanted.id);
     end
     $body$`,
  ]);
}
