import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { JourneyStepKey } from './journey.ts';

// Queries of the budget journey, bound to one person by bindBudgetStore. Steps are only ever added to.

type StepRow = Omit<Insertable<Database['budget_journey_step']>, 'person_id'>;

/** The newest version of each step of a budget's journey. */
const journeySteps = (db: Db, personId: string, budgetId: string) =>
  db
    .selectFrom('budget_journey_step as step')
    .selectAll('step')
    .where('step.person_id', '=', personId)
    .where('step.budget_id', '=', budgetId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('budget_journey_step as newer')
            .select('newer.version')
            .whereRef('newer.person_id', '=', 'step.person_id')
            .whereRef('newer.budget_id', '=', 'step.budget_id')
            .whereRef('newer.step', '=', 'step.step')
            .whereRef('newer.version', '>', 'step.version'),
        ),
      ),
    )
    .execute();

export type JourneyStepRow = Awaited<ReturnType<typeof journeySteps>>[number];

/** When the last review was held: the newest time the review step was saved as done. */
const lastReviewAt = async (db: Db, personId: string, budgetId: string) =>
  (
    await db
      .selectFrom('budget_journey_step')
      .select('changed_at')
      .where('person_id', '=', personId)
      .where('budget_id', '=', budgetId)
      .where('step', '=', 'review')
      .where('state', '=', 'done')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.changed_at ?? null;

/** The date of each direct-payment stream's first payment into the direct-payment account, corrected ones left out. */
const firstPayments = async (db: Db, personId: string, budgetId: string): Promise<Map<string, string>> => {
  const rows = await db
    .selectFrom('ledger_transaction as t')
    .innerJoin('ledger_posting as p', (join) =>
      join.onRef('p.person_id', '=', 't.person_id').onRef('p.transaction_id', '=', 't.id'),
    )
    .select(['p.stream_id', sql<string>`min(t.occurred_on)::text`.as('first_on')])
    .where('t.person_id', '=', personId)
    .where('t.budget_id', '=', budgetId)
    .where('t.kind', '=', 'payment')
    .where('p.account', '=', 'direct_payment')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('ledger_transaction as r')
            .select('r.id')
            .whereRef('r.person_id', '=', 't.person_id')
            .whereRef('r.reverses_id', '=', 't.id'),
        ),
      ),
    )
    .groupBy('p.stream_id')
    .execute();
  return new Map(rows.map((row) => [row.stream_id, row.first_on]));
};

/** How to reach members of staff: their work phone and email, from the staff directory. */
const staffContacts = async (db: Db, staffIds: readonly string[]) =>
  staffIds.length === 0
    ? []
    : db.selectFrom('staff_account').select(['id', 'work_phone', 'email']).where('id', 'in', staffIds).execute();

export function bindJourneyStore(db: Db, personId: string) {
  return {
    journeySteps: (budgetId: string) => journeySteps(db, personId, budgetId),
    journeyStep: async (budgetId: string, step: JourneyStepKey) =>
      (await journeySteps(db, personId, budgetId)).find((row) => row.step === step),
    lastReviewAt: (budgetId: string) => lastReviewAt(db, personId, budgetId),
    firstPayments: (budgetId: string) => firstPayments(db, personId, budgetId),
    staffContacts: (staffIds: readonly string[]) => staffContacts(db, staffIds),
    /** Adds a version of a step; (budget, step, version) is the key, so two saves from the same version collide. */
    insertJourneyStep: (row: StepRow) =>
      db
        .insertInto('budget_journey_step')
        .values({ ...row, person_id: personId })
        .execute(),
  };
}
