import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * One-time codes and sessions hardened. Each one-time code is used once: the time step of the last code a
 * member of staff used is kept, and only a later one is accepted. Attempts that are limited (one-time codes at
 * sign-in, finding a person) are counted in one table, by account, by sign-in and by client address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table staff_account add column totp_last_step bigint`,
    `create table limited_attempt (
       id uuid primary key,
       action text not null check (action in ('one_time_code', 'find_person')),
       account_id uuid not null,
       session_id text,
       client_key text not null,
       succeeded boolean not null,
       at timestamptz not null
     )`,
    `create index limited_attempt_account on limited_attempt (account_id, action, at)`,
    `create index limited_attempt_client on limited_attempt (client_key, action, at)`,
    `create index limited_attempt_session on limited_attempt (session_id)`,
    `create index limited_attempt_at on limited_attempt (at)`,
    `create index session_ended on session (ended_at)`,
    `create index session_expires on session (expires_at)`,
  ]);
}
