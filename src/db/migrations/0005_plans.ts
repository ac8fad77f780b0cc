import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // Every save of a plan is a new numbered version; none is ever changed. The newest is the current draft
    // or agreed plan; a version is agreed once the person (or their representative) and the lead professional
    // have both agreed it (plan_agreement).
    `create table plan_version (
       person_id uuid not null references person (person_id),
       number integer not null check (number >= 1),
       id uuid not null,
       content jsonb not null,
       based_on integer,
       change_summary text not null,
       saved_by_kind text not null check (saved_by_kind in ('staff', 'citizen')),
       saved_by_id uuid not null,
       saved_by_name text not null,
       saved_at timestamptz not null,
       primary key (person_id, number)
     )`,
    ...appendOnly('plan_version'),
    `create table plan_agreement (
       person_id uuid not null,
       version_number integer not null,
       party text not null check (party in ('person', 'lead_professional')),
       agreed_by_kind text not null check (agreed_by_kind in ('staff', 'citizen')),
       agreed_by_id uuid not null,
       agreed_by_name text not null,
       agreed_at timestamptz not null,
       primary key (person_id, version_number, party),
       foreign key (person_id, version_number) references plan_version (person_id, number)
     )`,
    ...appendOnly('plan_agreement'),
    // Comments on a section, and suggestions a professional makes for a section that is the person's own.
    `create table plan_comment (
       person_id uuid not null references person (person_id),
       id uuid not null,
       section text not null,
       body text not null,
       kind text not null check (kind in ('comment', 'suggestion')),
       written_by_kind text not null check (written_by_kind in ('staff', 'citizen')),
       written_by_id uuid not null,
       written_by_name text not null,
       written_at timestamptz not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('plan_comment'),
  ]);
}
