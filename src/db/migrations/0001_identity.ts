import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create function refuse_change_to_history() returns trigger language plpgsql as $$
     begin
       raise exception 'The table % is append-only: add a correcting row instead', tg_table_name
         using errcode = 'P0001';
     end $$`,
    `create table organisation (
       id uuid primary key,
       name text not null check (length(name) between 1 and 200),
       kind text not null check (kind in ('nhs_trust', 'gp_practice', 'council', 'voluntary_group', 'care_provider')),
       ods_code text,
       logo_url text,
       created_at timestamptz not null default now()
     )`,
    `create table staff_account (
       id uuid primary key,
       organisation_id uuid not null references organisation (id),
       email text not null check (email = lower(email)),
       display_name text not null,
       job_title text not null,
       role text not null check (role in ('practitioner', 'manager', 'panel_member', 'privacy_officer', 'administrator')),
       password_hash text not null,
       totp_secret text,
       created_at timestamptz not null default now(),
       disabled_at timestamptz
     )`,
    `create unique index staff_account_email on staff_account (email)`,
    `create index staff_account_organisation on staff_account (organisation_id)`,
    `create table person_account (
       id uuid primary key,
       email text not null check (email = lower(email)),
       display_name text not null,
       password_hash text not null,
       created_at timestamptz not null default now(),
       disabled_at timestamptz
     )`,
    `create unique index person_account_email on person_account (email)`,
    `create table session (
       id text primary key,
       account_kind text not null check (account_kind in ('staff', 'citizen')),
       account_id uuid not null,
       pending_second_factor boolean not null default false,
       user_agent text not null default '',
       created_at timestamptz not null,
       last_seen_at timestamptz not null,
       expires_at timestamptz not null,
       ended_at timestamptz
     )`,
    `create index session_account on session (account_id)`,
    `create table sign_in_attempt (
       id uuid primary key,
       email_key text not null,
       client_key text not null,
       succeeded boolean not null,
       at timestamptz not null
     )`,
    `create index sign_in_attempt_email on sign_in_attempt (email_key, at)`,
    `create index sign_in_attempt_client on sign_in_attempt (client_key, at)`,
  ]);
}
