import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * Organisations of every kind the seeds involve (a hospital ward belongs to its NHS trust), a platform
 * administrator who adds them, staff details, invitations to new accounts and staff recovery codes.
 * An invited account exists before it is accepted: it has no password until the invitation is used.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table organisation drop constraint organisation_kind_check`,
    `update organisation set kind = 'home_care_provider' where kind = 'care_provider'`,
    `alter table organisation add constraint organisation_kind_check check (kind in (
       'nhs_trust', 'hospital_ward', 'gp_practice', 'council', 'community_health', 'voluntary_group',
       'care_home', 'home_care_provider'))`,
    `alter table organisation add column parent_id uuid references organisation (id)`,
    `alter table organisation add constraint organisation_ward_has_trust check ((kind = 'hospital_ward') = (parent_id is not null))`,
    `create index organisation_parent on organisation (parent_id)`,
    `alter table staff_account drop constraint staff_account_role_check`,
    `alter table staff_account add constraint staff_account_role_check check (role in (
       'practitioner', 'manager', 'panel_member', 'privacy_officer', 'administrator', 'platform_administrator'))`,
    `alter table staff_account add column work_phone text`,
    `alter table staff_account add column team text`,
    `alter table staff_account alter column password_hash drop not null`,
    `alter table person_account alter column password_hash drop not null`,
    `create table invitation (
       id uuid primary key,
       token_hash text not null,
       account_kind text not null check (account_kind in ('staff', 'citizen')),
       account_id uuid not null,
       email text not null check (email = lower(email)),
       invited_by_id uuid not null,
       invited_by_name text not null,
       created_at timestamptz not null,
       expires_at timestamptz not null,
       accepted_at timestamptz,
       withdrawn_at timestamptz
     )`,
    `create unique index invitation_token on invitation (token_hash)`,
    `create index invitation_account on invitation (account_id)`,
    `create table staff_recovery_code (
       staff_account_id uuid not null references staff_account (id),
       code_hash text not null,
       created_at timestamptz not null,
       used_at timestamptz,
       primary key (staff_account_id, code_hash)
     )`,
  ]);
}
