import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { notFound } from '../../errors.ts';
import type { PlanStore } from '../plans/index.ts';
import { monthName, monthStatement, monthsSoFar, type LedgerEntry, type Period } from './statement.ts';
import type { Budget } from './store.ts';
import type { BudgetStores } from './stores.ts';

// Monthly statements: the months of the budget for today's period, and one month's money in plain figures.

type Data = PersonData<BudgetStores>;

/** Every transaction a statement may need: all of the budget's, however many. */
export const EVERY_TRANSACTION = 1_000_000;

const periodOf = (budget: Budget): Period => ({ startsOn: budget.starts_on, endsOn: budget.ends_on });

/** The person's lead professional, whom the person is told to contact, when the reader may read the plan. */
export async function leadProfessional(plans: PlanStore, decision: AllowedDecision): Promise<string | null> {
  if (!decision.may('plan', 'read')) return null;
  return (await plans.currentVersion())?.content.leadProfessional?.name ?? null;
}

export function createStatementService() {
  async function budgetAndEntries(stores: BudgetStores, today: string) {
    const budget = await stores.budgets.budgetFor(today);
    if (!budget) return { budget: undefined, entries: [] as LedgerEntry[] };
    return { budget, entries: await stores.budgets.transactions(budget.id, EVERY_TRANSACTION) };
  }

  return {
    /** The months of today's budget that have begun, newest first, each with what was left at its end. */
    async months(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', 'Your monthly statements', async (stores, decision) => {
        const [name, { budget, entries }] = await Promise.all([stores.people.name(), budgetAndEntries(stores, today)]);
        const months = budget
          ? monthsSoFar(periodOf(budget), today).map((month) => monthStatement(entries, periodOf(budget), month)!)
          : [];
        return { name, isThePerson: decision.purpose === 'self', budget, months };
      });
    },

    /** One month's statement of today's budget; a month outside it, or not yet begun, is not found. */
    async statement(data: Data, personId: string, month: string, today: string) {
      return data.read(personId, 'budget', `Your statement for ${monthName(month)}`, async (stores, decision) => {
        const [name, { budget, entries }, contact] = await Promise.all([
          stores.people.name(),
          budgetAndEntries(stores, today),
          leadProfessional(stores.plans, decision),
        ]);
        if (!budget || !monthsSoFar(periodOf(budget), today).includes(month)) throw notFound();
        const statement = monthStatement(entries, periodOf(budget), month)!;
        const lineIds = statement.spentByLine.flatMap((line) => (line.lineId ? [line.lineId] : []));
        const lines = await Promise.all(lineIds.map((lineId) => stores.budgets.lineVersion(lineId)));
        return {
          name,
          isThePerson: decision.purpose === 'self',
          contact,
          budget,
          statement,
          lineNames: new Map(lines.flatMap((line) => (line ? [[line.line_id, line.what] as const] : []))),
        };
      });
    },
  };
}

export type StatementService = ReturnType<typeof createStatementService>;
