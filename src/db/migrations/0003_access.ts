import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table care_team_member (
       person_id uuid not null references person (person_id),
       id uuid not null,
       staff_account_id uuid not null references staff_account (id),
       organisation_id uuid not null references organisation (id),
       team_role text not null,
       is_key_worker boolean not null default false,
       from_date date not null,
       until_date date,
       created_at timestamptz not null default now(),
       primary key (person_id, id)
     )`,
    `create index care_team_member_staff on care_team_member (staff_account_id)`,
    // A sharing choice is a decision; the newest decision for a part and audience is the one in force.
    `create table sharing_choice (
       person_id uuid not null references person (person_id),
       id uuid not null,
       part text not null check (part in ('details', 'about_me', 'contacts', 'plan', 'budget', 'notes')),
       audience_kind text not null check (audience_kind in ('organisation', 'staff', 'circle_member')),
       audience_id uuid not null,
       decision text not null check (decision in ('share', 'withhold')),
       until_date date,
       made_by_kind text not null check (made_by_kind in ('staff', 'citizen', 'system')),
       made_by_id uuid,
       made_by_name text not null,
       made_at timestamptz not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('sharing_choice'),
    `create table break_glass_grant (
       person_id uuid not null references person (person_id),
       id uuid not null,
       staff_account_id uuid not null references staff_account (id),
       organisation_id uuid not null references organisation (id),
       reason text not null check (length(reason) >= 20),
       granted_at timestamptz not null,
       expires_at timestamptz not null,
       reviewed_at timestamptz,
       reviewed_by uuid references staff_account (id),
       review_note text,
       primary key (person_id, id)
     )`,
    `create index break_glass_grant_staff on break_glass_grant (staff_account_id, expires_at)`,
    `create index break_glass_grant_unreviewed on break_glass_grant (granted_at) where reviewed_at is null`,
    `create table person_account_link (
       person_id uuid not null references person (person_id),
       person_account_id uuid not null references person_account (id),
       acting_as text not null check (acting_as in ('self', 'circle_member')),
       circle_member_id uuid,
       created_at timestamptz not null default now(),
       primary key (person_id, person_account_id)
     )`,
    `create index person_account_link_account on person_account_link (person_account_id)`,
    `create table access_log (
       person_id uuid not null references person (person_id),
       id uuid not null,
       at timestamptz not null,
       actor_kind text not null check (actor_kind in ('staff', 'citizen', 'system')),
       actor_id uuid,
       actor_name text not null,
       actor_role text not null,
       organisation_name text,
       action text not null check (action in ('read', 'write', 'refused')),
       part text not null,
       purpose text not null,
       summary text not null,
       break_glass_grant_id uuid,
       primary key (person_id, id)
     )`,
    ...appendOnly('access_log'),
    `create table staff_alert (
       person_id uuid not null references person (person_id),
       id uuid not null,
       staff_account_id uuid not null references staff_account (id),
       message text not null,
       created_at timestamptz not null,
       read_at timestamptz,
       primary key (person_id, id)
     )`,
    `create index staff_alert_staff on staff_alert (staff_account_id, created_at)`,
  ]);
}
