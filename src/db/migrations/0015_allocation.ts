import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * The indicative allocation: each organisation's resource-allocation scheme (reference data, a new version for every
 * change, the newest in force), the questionnaire answered for a person with the figure it gave, and the person's
 * requests to have a figure looked at again. Nothing here is ever changed or deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table allocation_scheme (
       organisation_id uuid not null references organisation (id),
       id uuid not null,
       version integer not null check (version >= 1),
       name text not null,
       published_on date not null,
       scheme jsonb not null check (jsonb_typeof(scheme) = 'object'),
       published_at timestamptz not null,
       published_by text not null,
       primary key (organisation_id, version),
       unique (organisation_id, id, version)
     )`,
    ...appendOnly('allocation_scheme'),
    `create table allocation_assessment (
       person_id uuid not null references person (person_id),
       id uuid not null,
       scheme_organisation_id uuid not null,
       scheme_id uuid not null,
       scheme_version integer not null,
       answers jsonb not null check (jsonb_typeof(answers) = 'object'),
       points integer not null check (points >= 0),
       amount_pence bigint not null check (amount_pence >= 0),
       assessed_by_kind text not null check (assessed_by_kind in ('staff', 'citizen')),
       assessed_by_id uuid not null,
       assessed_by_name text not null,
       assessed_at timestamptz not null,
       primary key (person_id, id),
       foreign key (scheme_organisation_id, scheme_id, scheme_version)
         references allocation_scheme (organisation_id, id, version)
     )`,
    ...appendOnly('allocation_assessment'),
    `create index allocation_assessment_newest on allocation_assessment (person_id, assessed_at desc)`,
    // One request per figure: asking again about the same figure adds nothing the team does not already know.
    `create table allocation_review_request (
       person_id uuid not null,
       id uuid not null,
       assessment_id uuid not null,
       reason text not null,
       asked_by_kind text not null check (asked_by_kind in ('staff', 'citizen')),
       asked_by_id uuid not null,
       asked_by_name text not null,
       asked_at timestamptz not null,
       primary key (person_id, id),
       unique (person_id, assessment_id),
       foreign key (person_id, assessment_id) references allocation_assessment (person_id, id)
     )`,
    ...appendOnly('allocation_review_request'),
  ]);
}
