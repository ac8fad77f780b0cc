import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

const DAYS = `array['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']::text[]`;
const TIME = `'^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

/**
 * How people reach a member of staff at work: a work email (null means their sign-in email), the days they work and
 * their hours ('HH:MM', 24-hour clock, the end after the start). Beside the work phone and team added in 0008.
 *
 * And the person's choice whether their printed plan carries their name, date of birth, NHS number and address:
 * each choice a row of its own, never changed; the newest counts, none means yes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table staff_account
       add column work_email text check (work_email is null or work_email ~ '^[^@\\s]+@[^@\\s]+$'),
       add column working_days text[] not null default '{}' check (working_days <@ ${DAYS}),
       add column working_from text check (working_from ~ ${TIME}),
       add column working_until text check (working_until ~ ${TIME}),
       add check ((working_from is null) = (working_until is null)),
       add check (working_until > working_from)`,
    `create table print_identity_choice (
       person_id uuid not null references person (person_id),
       id uuid not null,
       prints_identity boolean not null,
       made_by_kind text not null check (made_by_kind in ('staff', 'citizen')),
       made_by_id uuid not null,
       made_by_name text not null,
       made_at timestamptz not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('print_identity_choice'),
  ]);
}
