import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * Representatives' authority: its type, reference and dates, beside the free-text `authority` it replaces
 * (kept, forward only; rows whose words name a type get that type). Sharing choices recorded by staff say how
 * the person told them, and widening the recorder's own access waits for a second member of staff. Notices
 * tell the person, and each account acting for them, what staff did, until each has seen them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table circle_member add column authority_type text check (authority_type in (
       'lpa_health_welfare', 'lpa_property_finance', 'deputy_personal_welfare', 'deputy_property_affairs', 'appointee'))`,
    `alter table circle_member add column authority_reference text`,
    `alter table circle_member add column authority_from date`,
    `update circle_member set authority_type = 'lpa_health_welfare'
       where may_act_for_person and authority ilike '%health and welfare%'`,
    `update circle_member set authority_type = 'lpa_property_finance'
       where may_act_for_person and authority_type is null and authority ilike '%propert%financ%'`,
    `alter table circle_member add constraint circle_member_authority_type_acts
       check (authority_type is null or may_act_for_person)`,
    `alter table sharing_choice add column told_how text
       check (told_how in ('in_person', 'phone', 'in_writing', 'advocate'))`,
    `alter table sharing_choice add column confirmed_by_name text`,
    `create table sharing_choice_waiting (
       person_id uuid not null references person (person_id),
       id uuid not null,
       audience_kind text not null check (audience_kind in ('organisation', 'staff')),
       audience_id uuid not null,
       parts jsonb not null,
       until_date date,
       told_how text not null check (told_how in ('in_person', 'phone', 'in_writing', 'advocate')),
       recorded_by_id uuid not null references staff_account (id),
       recorded_by_name text not null,
       recorded_at timestamptz not null,
       settled_at timestamptz,
       settled_by_id uuid references staff_account (id),
       settled_by_name text,
       outcome text check (outcome in ('confirmed', 'declined')),
       primary key (person_id, id),
       check ((settled_at is null) = (outcome is null))
     )`,
    `create table person_notice (
       person_id uuid not null references person (person_id),
       id uuid not null,
       message text not null,
       created_at timestamptz not null,
       primary key (person_id, id)
     )`,
    `create table person_notice_seen (
       person_id uuid not null references person (person_id),
       notice_id uuid not null,
       person_account_id uuid not null references person_account (id),
       seen_at timestamptz not null,
       primary key (person_id, notice_id, person_account_id),
       foreign key (person_id, notice_id) references person_notice (person_id, id)
     )`,
  ]);
}
