import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Tasks about a person and the team's notes on the shared timeline. A task is what it is about (its title, and the
 * plan action it was made from, if any); everything that happens to it (made, status changed, handed over) is a new
 * event carrying the whole state after it, numbered per task, so two changes made from the same event collide on the
 * primary key instead of one silently replacing the other. Nothing is updated or deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table task (
       person_id uuid not null references person (person_id),
       id uuid not null,
       part text not null check (part in ('plan', 'notes')),
       plan_action_id uuid,
       title text not null check (length(title) between 1 and 200),
       details text,
       created_by_kind text not null check (created_by_kind in ('staff', 'citizen')),
       created_by_id uuid not null,
       created_by_name text not null,
       created_at timestamptz not null,
       primary key (person_id, id),
       check ((part = 'plan') = (plan_action_id is not null))
     )`,
    ...appendOnly('task'),
    `create table task_event (
       person_id uuid not null,
       task_id uuid not null,
       number integer not null check (number >= 1),
       kind text not null check (kind in ('created', 'status', 'handed_over')),
       status text not null check (status in ('to_do', 'in_progress', 'delayed', 'done', 'cancelled')),
       reason text,
       owner_kind text not null check (owner_kind in ('staff', 'team', 'person', 'circle_member')),
       owner_id uuid,
       owner_organisation_id uuid references organisation (id),
       owner_name text not null,
       due_on date,
       note text,
       by_kind text not null check (by_kind in ('staff', 'citizen')),
       by_id uuid not null,
       by_name text not null,
       at timestamptz not null,
       primary key (person_id, task_id, number),
       foreign key (person_id, task_id) references task (person_id, id),
       check (status <> 'delayed' or coalesce(length(reason), 0) > 0),
       check ((owner_kind = 'person') = (owner_id is null)),
       check ((owner_kind in ('staff', 'team')) = (owner_organisation_id is not null))
     )`,
    ...appendOnly('task_event'),
    `create index task_event_owner on task_event (owner_organisation_id, owner_kind, owner_id)`,
    `create table team_note (
       person_id uuid not null references person (person_id),
       id uuid not null,
       body text not null check (length(body) between 1 and 2000),
       written_by_kind text not null check (written_by_kind in ('staff', 'citizen')),
       written_by_id uuid not null,
       written_by_name text not null,
       written_at timestamptz not null,
       primary key (person_id, id)
     )`,
    ...appendOnly('team_note'),
  ]);
}
