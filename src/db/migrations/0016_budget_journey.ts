import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * The steps of a personal health budget as a journey the person follows. Each change to a step is a new version of
 * it; the newest version is the step. Nothing is changed or deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table budget_journey_step (
       person_id uuid not null,
       budget_id uuid not null,
       step text not null check (step in ('eligibility', 'needs', 'indicative_amount', 'plan', 'approval', 'money',
         'support', 'review')),
       version integer not null check (version >= 1),
       state text not null check (state in ('not_started', 'in_progress', 'done')),
       next_action text,
       responsible_kind text check (responsible_kind in ('care_team_member', 'person', 'circle_member', 'someone_else')),
       responsible_id uuid,
       responsible_name text,
       responsible_contact text,
       expected_on date,
       changed_by_kind text not null check (changed_by_kind in ('staff', 'citizen')),
       changed_by_id uuid not null,
       changed_by_name text not null,
       changed_at timestamptz not null,
       primary key (person_id, budget_id, step, version),
       foreign key (person_id, budget_id) references budget (person_id, id),
       check (state <> 'in_progress' or (next_action is not null and responsible_kind is not null)),
       check ((responsible_kind is null) = (responsible_name is null)),
       check ((responsible_kind in ('care_team_member', 'circle_member')) = (responsible_id is not null))
     )`,
    ...appendOnly('budget_journey_step'),
  ]);
}
