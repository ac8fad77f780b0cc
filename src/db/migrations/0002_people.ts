import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table person (
       person_id uuid primary key,
       given_name text not null,
       family_name text not null,
       preferred_name text,
       date_of_birth date not null,
       nhs_number text check (nhs_number ~ '^[0-9]{10}$'),
       address_line_1 text,
       address_line_2 text,
       town text,
       postcode text,
       phone text,
       email text,
       gp_practice_id uuid references organisation (id),
       language text not null default 'English',
       communication_needs text,
       interpreter_needed boolean not null default false,
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now()
     )`,
    `create index person_nhs_number on person (nhs_number)`,
    `create index person_family_name on person (lower(family_name))`,
    // About me keeps every revision: the newest per heading is what shows.
    `create table about_me_revision (
       person_id uuid not null references person (person_id),
       id uuid not null,
       heading text not null,
       body text not null,
       written_by_kind text not null check (written_by_kind in ('staff', 'citizen')),
       written_by_id uuid not null,
       written_by_name text not null,
       written_at timestamptz not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('about_me_revision'),
    `create table circle_member (
       person_id uuid not null references person (person_id),
       id uuid not null,
       name text not null,
       relationship text not null,
       kind text not null check (kind in ('family', 'friend', 'unpaid_carer', 'advocate', 'legal_representative')),
       phone text,
       email text,
       may_act_for_person boolean not null default false,
       authority text,
       authority_until date,
       created_at timestamptz not null default now(),
       ended_at timestamptz,
       primary key (person_id, id)
     )`,
  ]);
}
