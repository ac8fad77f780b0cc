import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * A sharing choice may name a section of the plan on its own (the crisis plan with a care home, say), beside the
 * six parts of the record. Existing choices are untouched: sharing the whole plan still shares every section.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table sharing_choice drop constraint sharing_choice_part_check`,
    `alter table sharing_choice add constraint sharing_choice_part_check
       check (part in ('details', 'about_me', 'contacts', 'plan', 'budget', 'notes',
                       'plan_about', 'plan_needs', 'plan_crisis', 'plan_risks', 'plan_people'))`,
  ]);
}
