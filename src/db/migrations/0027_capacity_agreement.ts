import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Agreement that respects mental capacity (Mental Capacity Act 2005). A representative agrees a plan for the person
 * only with the facts of a decision-specific capacity assessment: when, who assessed (name and role), what it found,
 * how the person was involved and what they said they want. Each assessment is a row of its own, never changed. An
 * agreement now says whether it was the person's own, a representative's for them (with the authority and the
 * assessment it rests on) or the lead professional's. Agreements made before keep null here and read as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table capacity_assessment (
       person_id uuid not null references person (person_id),
       id uuid not null,
       decision text not null check (decision in ('plan_agreement')),
       plan_version_number integer not null,
       assessed_on date not null,
       assessor_name text not null check (length(btrim(assessor_name)) > 0),
       assessor_role text not null check (length(btrim(assessor_role)) > 0),
       outcome text not null check (outcome in ('cannot', 'can')),
       involvement text not null check (length(btrim(involvement)) > 0),
       wishes text not null check (length(btrim(wishes)) > 0),
       recorded_by_kind text not null check (recorded_by_kind in ('staff', 'citizen')),
       recorded_by_id uuid not null,
       recorded_by_name text not null,
       recorded_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, plan_version_number) references plan_version (person_id, number)
     )`,
    ...appendOnly('capacity_assessment'),
    `alter table plan_agreement
       add column acting_as text check (acting_as in ('self', 'representative', 'lead_professional')),
       add column agreed_for_name text,
       add column authority_type text,
       add column capacity_assessment_id uuid,
       add foreign key (person_id, capacity_assessment_id) references capacity_assessment (person_id, id),
       add check (acting_as is distinct from 'representative' or (capacity_assessment_id is not null
         and agreed_for_name is not null and authority_type in ('lpa_health_welfare', 'deputy_personal_welfare'))),
       add check (acting_as = 'representative' or capacity_assessment_id is null)`,
  ]);
}
