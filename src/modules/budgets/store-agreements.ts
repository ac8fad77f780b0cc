import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

// Queries of the money-agreement tables, for one person; spread into the budgets store by bindBudgetStore.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

const agreements = (db: Db, personId: string, budgetId: string) =>
  db
    .selectFrom('money_agreement')
    .selectAll()
    .where('person_id', '=', personId)
    .where('budget_id', '=', budgetId)
    .orderBy('drafted_at')
    .orderBy('id')
    .execute();

const explanations = (db: Db, personId: string, agreementId: string) =>
  db
    .selectFrom('money_agreement_explanation')
    .selectAll()
    .where('person_id', '=', personId)
    .where('agreement_id', '=', agreementId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();

const decisions = (db: Db, personId: string, agreementIds: readonly string[]) =>
  agreementIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('money_agreement_decision')
        .selectAll()
        .where('person_id', '=', personId)
        .where('agreement_id', 'in', agreementIds)
        .execute();

/** Agreement ids that have been explained at least once, of those given. */
const explainedIds = async (db: Db, personId: string, agreementIds: readonly string[]) =>
  new Set(
    agreementIds.length === 0
      ? []
      : (
          await db
            .selectFrom('money_agreement_explanation')
            .select('agreement_id')
            .distinct()
            .where('person_id', '=', personId)
            .where('agreement_id', 'in', agreementIds)
            .execute()
        ).map((row) => row.agreement_id),
  );

export function bindAgreementStore(db: Db, personId: string) {
  return {
    agreements: (budgetId: string) => agreements(db, personId, budgetId),
    agreementById: (agreementId: string) =>
      db
        .selectFrom('money_agreement')
        .selectAll()
        .where('person_id', '=', personId)
        .where('id', '=', agreementId)
        .executeTakeFirst(),
    insertAgreement: (row: Bound<'money_agreement'>) =>
      db
        .insertInto('money_agreement')
        .values({ ...row, person_id: personId })
        .execute(),
    explanations: (agreementId: string) => explanations(db, personId, agreementId),
    explainedIds: (agreementIds: readonly string[]) => explainedIds(db, personId, agreementIds),
    insertExplanation: (row: Bound<'money_agreement_explanation'>) =>
      db
        .insertInto('money_agreement_explanation')
        .values({ ...row, person_id: personId })
        .execute(),
    decisions: (agreementIds: readonly string[]) => decisions(db, personId, agreementIds),
    /** The answer to an agreement; (person, agreement) is the key, so a second answer cannot be kept. */
    insertDecision: (row: Bound<'money_agreement_decision'>) =>
      db
        .insertInto('money_agreement_decision')
        .values({ ...row, person_id: personId })
        .execute(),
  };
}

export type MoneyAgreement = Awaited<ReturnType<typeof agreements>>[number];
export type AgreementExplanation = Awaited<ReturnType<typeof explanations>>[number];
export type AgreementDecision = Awaited<ReturnType<typeof decisions>>[number];
