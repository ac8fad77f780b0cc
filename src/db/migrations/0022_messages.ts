import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Messages between a person, the members of their circle of support they choose, and their care team: one
 * conversation with the whole team, and one-to-one conversations with a member of the team where the person allows
 * them. Who takes part is a history of choices (who added or removed whom, when); messages and read receipts are
 * only ever added. Nothing here is updated or deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table conversation (
       person_id uuid not null references person (person_id),
       id uuid not null,
       kind text not null check (kind in ('team', 'one_to_one')),
       staff_account_id uuid references staff_account (id),
       opened_at timestamptz not null,
       primary key (person_id, id),
       check ((kind = 'one_to_one') = (staff_account_id is not null))
     )`,
    `create unique index conversation_one_team on conversation (person_id) where kind = 'team'`,
    `create unique index conversation_one_each on conversation (person_id, staff_account_id) where kind = 'one_to_one'`,
    ...appendOnly('conversation'),
    `create table conversation_choice (
       person_id uuid not null,
       id uuid not null,
       conversation_id uuid not null,
       member_kind text not null check (member_kind in ('circle_member', 'staff')),
       member_id uuid not null,
       taking_part boolean not null,
       made_by_kind text not null check (made_by_kind in ('staff', 'citizen')),
       made_by_id uuid not null,
       made_by_name text not null,
       made_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, conversation_id) references conversation (person_id, id)
     )`,
    ...appendOnly('conversation_choice'),
    `create table message (
       person_id uuid not null,
       id uuid not null,
       conversation_id uuid not null,
       author_kind text not null check (author_kind in ('staff', 'citizen')),
       author_id uuid not null,
       author_name text not null,
       author_role text,
       acting_for_name text,
       body text not null check (length(body) between 1 and 2000),
       sent_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, conversation_id) references conversation (person_id, id)
     )`,
    `create index message_in_order on message (person_id, conversation_id, sent_at)`,
    ...appendOnly('message'),
    `create table message_read (
       person_id uuid not null,
       message_id uuid not null,
       reader_kind text not null check (reader_kind in ('staff', 'citizen')),
       reader_id uuid not null,
       reader_name text not null,
       read_at timestamptz not null,
       primary key (person_id, message_id, reader_kind, reader_id),
       foreign key (person_id, message_id) references message (person_id, id)
     )`,
    ...appendOnly('message_read'),
  ]);
}
