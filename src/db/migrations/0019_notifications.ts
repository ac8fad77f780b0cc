import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

const KINDS = `('task_assigned', 'episode_changed', 'new_message', 'plan_waiting', 'emergency_access', 'referral')`;

/**
 * Notifications: the in-app inbox (the recipient's own data, keyed by recipient), each recipient's choices of how to
 * hear of each kind, and the outbox of e-mail still to send. An inbox row never changes but to be marked read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table notification (
       recipient_kind text not null check (recipient_kind in ('staff', 'citizen')),
       recipient_id uuid not null,
       id uuid not null,
       person_id uuid references person (person_id),
       kind text not null check (kind in ${KINDS}),
       text text not null check (length(text) between 1 and 500),
       link text not null check (link ~ '^/([^/\\\\]|$)'),
       created_at timestamptz not null,
       read_at timestamptz,
       primary key (recipient_kind, recipient_id, id)
     )`,
    `create index notification_unread on notification (recipient_kind, recipient_id, person_id) where read_at is null`,
    `create function notification_only_read_changes() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE'
          or (new.recipient_kind, new.recipient_id, new.id, new.person_id, new.kind, new.text, new.link, new.created_at)
             is distinct from
             (old.recipient_kind, old.recipient_id, old.id, old.person_id, old.kind, old.text, old.link, old.created_at)
          or (old.read_at is not null and new.read_at is distinct from old.read_at) then
         raise exception 'A notification is only ever marked as read' using errcode = 'P0001';
       end if;
       return new;
     end $$`,
    `create trigger notification_only_read_changes before update or delete on notification
       for each row execute function notification_only_read_changes()`,
    `create table notification_choice (
       recipient_kind text not null check (recipient_kind in ('staff', 'citizen')),
       recipient_id uuid not null,
       kind text not null check (kind in ${KINDS}),
       in_app boolean not null,
       email boolean not null,
       updated_at timestamptz not null,
       primary key (recipient_kind, recipient_id, kind)
     )`,
    `create table mail_outbox (
       id uuid primary key,
       to_address text not null,
       subject text not null,
       text text not null,
       created_at timestamptz not null,
       attempts integer not null default 0,
       next_attempt_at timestamptz not null,
       sent_at timestamptz,
       last_error text check (length(last_error) <= 40)
     )`,
    `create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null`,
  ]);
}
