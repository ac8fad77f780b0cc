import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { bindJourneyStore } from './store-journey.ts';
import { bindLedgerStore } from './store-ledger.ts';
import { bindAllocationStore } from './store-allocation.ts';
import { bindAgreementStore } from './store-agreements.ts';

// Queries of the budgets module's own tables, bound to one person by bindBudgetStore.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

/** The budget whose period holds `today`; failing that, the one that starts next; failing that, the latest. */
const budgetFor = (db: Db, personId: string, today: string) =>
  db
    .selectFrom('budget')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy(
      sql`case when starts_on <= ${today} and ends_on >= ${today} then 0 when starts_on > ${today} then 1 else 2 end`,
    )
    .orderBy(sql`abs(starts_on - ${today}::date)`)
    .limit(1)
    .executeTakeFirst();

const budgets = (db: Db, personId: string) =>
  db.selectFrom('budget').selectAll().where('person_id', '=', personId).orderBy('starts_on', 'desc').execute();

/** Holds every change to the person's budgets until the transaction ends, so two new periods cannot overlap. */
const holdBudgets = (db: Db, personId: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`budget:${personId}`}, 0))`.execute(db);

const streams = (db: Db, personId: string, budgetId: string) =>
  db
    .selectFrom('funding_stream')
    .selectAll()
    .where('person_id', '=', personId)
    .where('budget_id', '=', budgetId)
    .orderBy('added_at')
    .orderBy('id')
    .execute();

/** The newest version of each line of a budget's support plan, removed lines left out, in the order they were added. */
const currentLines = (db: Db, personId: string, budgetId: string) =>
  db
    .selectFrom('support_plan_line as line')
    .selectAll('line')
    .select(
      sql<Date>`(select min(first.changed_at) from support_plan_line first
                 where first.person_id = line.person_id and first.line_id = line.line_id)`.as('added_at'),
    )
    .where('line.person_id', '=', personId)
    .where('line.budget_id', '=', budgetId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('support_plan_line as newer')
            .select('newer.version')
            .whereRef('newer.person_id', '=', 'line.person_id')
            .whereRef('newer.line_id', '=', 'line.line_id')
            .whereRef('newer.version', '>', 'line.version'),
        ),
      ),
    )
    .where('line.removed', '=', false)
    .orderBy('added_at')
    .orderBy('line.line_id')
    .execute();

const lineVersion = (db: Db, personId: string, lineId: string) =>
  db
    .selectFrom('support_plan_line')
    .selectAll()
    .where('person_id', '=', personId)
    .where('line_id', '=', lineId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The budgets module's store for one person: every query is about them and no one else. */
export function bindBudgetStore(db: Db, personId: string) {
  return {
    budgetFor: (today: string) => budgetFor(db, personId, today),
    budgets: () => budgets(db, personId),
    holdBudgets: () => holdBudgets(db, personId),
    insertBudget: (row: Bound<'budget'>) =>
      db
        .insertInto('budget')
        .values({ ...row, person_id: personId })
        .execute(),
    streams: (budgetId: string) => streams(db, personId, budgetId),
    streamById: (streamId: string) =>
      db
        .selectFrom('funding_stream')
        .selectAll()
        .where('person_id', '=', personId)
        .where('id', '=', streamId)
        .executeTakeFirst(),
    insertStream: (row: Bound<'funding_stream'>) =>
      db
        .insertInto('funding_stream')
        .values({ ...row, person_id: personId })
        .execute(),
    currentLines: (budgetId: string) => currentLines(db, personId, budgetId),
    /** The newest version of a line, removed or not. */
    lineVersion: (lineId: string) => lineVersion(db, personId, lineId),
    /** Adds a version of a line; (line, version) is the key, so two changes made from the same version collide. */
    insertLineVersion: (row: Bound<'support_plan_line'>) =>
      db
        .insertInto('support_plan_line')
        .values({ ...row, person_id: personId })
        .execute(),
    ...bindLedgerStore(db, personId),
    ...bindAllocationStore(db, personId),
    ...bindAgreementStore(db, personId),
    ...bindJourneyStore(db, personId),
  };
}

export type BudgetStore = ReturnType<typeof bindBudgetStore>;
export type Budget = NonNullable<Awaited<ReturnType<typeof budgetFor>>>;
export type FundingStream = Awaited<ReturnType<typeof streams>>[number];
export type SupportPlanLine = Awaited<ReturnType<typeof currentLines>>[number];
