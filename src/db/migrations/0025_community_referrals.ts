import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Social-prescribing referrals. A listed service is run by a Careweave organisation (`directory_organisation_link`),
 * so a referral to it opens one new part of the person's record, `community_referral`, to that organisation's staff
 * through access's `referral` table, until the day the person chose (`until_date`) or until it is closed, whichever
 * comes first. The service reads only the copy of what the person chose to share (`community_referral.shared`), never
 * the live record. What happens next (accepted, declined, started, the outcome in the person's words, ended, a
 * reminder, withdrawn) is added as events; nothing is changed. The access facts function is the one of migration
 * 0018, with the referral's end date as its one new condition.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table directory_organisation_link (
       dir_organization_id uuid primary key references dir_organization (id),
       organisation_id uuid not null references organisation (id)
     )`,
    `create index directory_organisation_link_organisation on directory_organisation_link (organisation_id)`,
    `alter table referral drop constraint referral_part_check`,
    `alter table referral add constraint referral_part_check check (part in ('panel_case', 'community_referral'))`,
    `alter table referral add column until_date date`,
    `create table community_referral (
       person_id uuid not null references person (person_id),
       id uuid not null,
       service_id uuid not null references dir_service (id),
       service_name text not null,
       organisation_id uuid not null references organisation (id),
       organisation_name text not null,
       goal text,
       reason text not null check (length(reason) > 0),
       shared jsonb not null,
       until_date date not null,
       agreed_by text not null,
       referred_by_kind text not null check (referred_by_kind in ('staff', 'citizen')),
       referred_by_id uuid not null,
       referred_by_name text not null,
       referred_at timestamptz not null,
       answer_due date not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('community_referral'),
    `create index community_referral_service on community_referral (service_id, referred_at)`,
    `create index community_referral_organisation on community_referral (organisation_id, referred_at)`,
    `create table community_referral_event (
       person_id uuid not null,
       referral_id uuid not null,
       id uuid not null,
       kind text not null check (kind in ('accepted', 'declined', 'started', 'outcome', 'ended', 'reminded',
                                          'withdrawn')),
       decline_reason text check (decline_reason in ('full', 'not_eligible', 'out_of_area', 'cannot_meet_need',
                                                     'not_contactable', 'other')),
       outcome text check (outcome in ('helped', 'partly', 'did_not_help')),
       words text not null default '',
       by_kind text not null check (by_kind in ('staff', 'citizen', 'system')),
       by_id uuid,
       by_name text not null,
       at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, referral_id) references community_referral (person_id, id),
       check ((kind = 'declined') = (decline_reason is not null)),
       check ((kind = 'outcome') = (outcome is not null))
     )`,
    ...appendOnly('community_referral_event'),
    // A referral is answered once, closed once and reminded once, even by two requests at the same moment.
    `create unique index community_referral_answered_once on community_referral_event (person_id, referral_id)
       where kind in ('accepted', 'declined')`,
    `create unique index community_referral_closed_once on community_referral_event (person_id, referral_id)
       where kind in ('declined', 'ended', 'withdrawn')`,
    `create unique index community_referral_reminded_once on community_referral_event (person_id, referral_id)
       where kind = 'reminded'`,
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
                   where r.person_id = wanted.id and r.organisation_id = p_organisation and r.closed_at is null
                   and (r.until_date is null or r.until_date >= p_today)),
                  '[]'::json)
       from (select distinct unnest(p_people) as id) as wanted
       where exists (select 1 from person p where p.person_id = wanted.id);
     end
     $body$`,
  ]);
}
