import type { PersonData } from '../../data/person-data.ts';
import { achievementsOf, refundedPence } from './achievements.ts';
import { planGoals } from './goals.ts';
import { streamTotals } from './ledger.ts';
import { lineCost } from './line-cost.ts';
import { EVERY_TRANSACTION } from './statement-service.ts';
import type { BudgetStores } from './stores.ts';

// "What the money has achieved": the goals of the plan, the support serving each and what it has cost so far.

type Data = PersonData<BudgetStores>;

export function createAchievementService() {
  return {
    /** For today's budget: each goal with the lines serving it and their spending, then what serves no goal. */
    async achievements(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', 'What your budget has paid for, goal by goal', async (stores, decision) => {
        const [name, budget, goals] = await Promise.all([
          stores.people.name(),
          stores.budgets.budgetFor(today),
          planGoals(stores.plans, decision),
        ]);
        const isThePerson = decision.purpose === 'self';
        if (!budget) return { name, isThePerson, budget, mayReadPlan: goals !== null, achievements: undefined };
        const [lines, spent, balances, entries] = await Promise.all([
          stores.budgets.currentLines(budget.id),
          stores.budgets.spentByLine(budget.id),
          stores.budgets.balances(budget.id),
          stores.budgets.transactions(budget.id, EVERY_TRANSACTION),
        ]);
        const period = { startsOn: budget.starts_on, endsOn: budget.ends_on };
        const spentPence = [...balances.values()].reduce((all, balance) => all + streamTotals(balance).spentPence, 0);
        const lineSpends = lines.map((line) => ({
          lineId: line.line_id,
          what: line.what,
          goalId: line.goal_id,
          costPence: lineCost(
            { unitCostPence: line.unit_cost_pence, quantity: line.quantity, frequency: line.frequency },
            period,
          ),
          spentPence: spent.get(line.line_id) ?? 0,
        }));
        return {
          name,
          isThePerson,
          budget,
          mayReadPlan: goals !== null,
          achievements: achievementsOf(goals, lineSpends, spent, { spentPence, refundedPence: refundedPence(entries) }),
        };
      });
    },
  };
}

export type AchievementService = ReturnType<typeof createAchievementService>;
