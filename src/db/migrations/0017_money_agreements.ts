import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Money agreements (a direct payment, a care-home top-up) in plain words: the terms as drafted, each time someone
 * explained them, and the one answer given, by the person or by a representative with authority over their money
 * and the capacity facts for this decision. Nothing here is ever changed or deleted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table money_agreement (
       person_id uuid not null,
       id uuid not null,
       budget_id uuid not null,
       kind text not null check (kind in ('direct_payment', 'top_up')),
       terms jsonb not null check (jsonb_typeof(terms) = 'object' and terms ->> 'kind' = kind),
       drafted_by_kind text not null check (drafted_by_kind = 'staff'),
       drafted_by_id uuid not null,
       drafted_by_name text not null,
       drafted_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, budget_id) references budget (person_id, id)
     )`,
    ...appendOnly('money_agreement'),
    `create table money_agreement_explanation (
       person_id uuid not null,
       agreement_id uuid not null,
       id uuid not null,
       explained_on date not null,
       explained_to text not null,
       how text not null,
       explained_by_kind text not null check (explained_by_kind = 'staff'),
       explained_by_id uuid not null,
       explained_by_name text not null,
       recorded_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, agreement_id) references money_agreement (person_id, id)
     )`,
    ...appendOnly('money_agreement_explanation'),
    // One answer per agreement. A representative's answer carries their authority over money and the capacity
    // facts for this decision; the person's own answer carries neither.
    `create table money_agreement_decision (
       person_id uuid not null,
       agreement_id uuid not null,
       outcome text not null check (outcome in ('agreed', 'declined')),
       acting_as text not null check (acting_as in ('self', 'representative')),
       decided_by_kind text not null check (decided_by_kind = 'citizen'),
       decided_by_id uuid not null,
       decided_by_name text not null,
       circle_member_id uuid,
       authority_type text,
       capacity_assessed_on date,
       capacity_assessed_by text,
       capacity_outcome text,
       person_involvement text,
       person_wishes text,
       decided_at timestamptz not null,
       primary key (person_id, agreement_id),
       foreign key (person_id, agreement_id) references money_agreement (person_id, id),
       check (acting_as <> 'self' or (circle_member_id is null and authority_type is null
         and capacity_assessed_on is null and capacity_assessed_by is null and capacity_outcome is null
         and person_involvement is null and person_wishes is null)),
       check (acting_as <> 'representative' or (circle_member_id is not null
         and authority_type in ('lpa_property_finance', 'deputy_property_affairs')
         and capacity_assessed_on is not null and capacity_assessed_by is not null and capacity_outcome = 'cannot'
         and person_involvement is not null and person_wishes is not null))
     )`,
    ...appendOnly('money_agreement_decision'),
  ]);
}
