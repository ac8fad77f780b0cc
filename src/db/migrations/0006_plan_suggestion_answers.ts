import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    // The person's answer to a suggestion for one of their own sections: used (with the version that used it)
    // or not used. The primary key lets a suggestion be answered once; a suggestion with no answer is waiting.
    `create table plan_suggestion_answer (
       person_id uuid not null,
       suggestion_id uuid not null,
       answer text not null check (answer in ('accepted', 'declined')),
       version_number integer,
       answered_by_kind text not null check (answered_by_kind in ('staff', 'citizen')),
       answered_by_id uuid not null,
       answered_by_name text not null,
       answered_at timestamptz not null,
       primary key (person_id, suggestion_id),
       foreign key (person_id, suggestion_id) references plan_comment (person_id, id),
       foreign key (person_id, version_number) references plan_version (person_id, number),
       check ((answer = 'accepted') = (version_number is not null))
     )`,
    ...appendOnly('plan_suggestion_answer'),
  ]);
}
