import type { PersonData } from '../../data/person-data.ts';
import { formatUkDate } from '../../dates.ts';
import { refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { agreementList } from './agreement-service.ts';
import { planGoals, type PlanGoal } from './goals.ts';
import { EMPTY_BALANCE, postingsFor, streamTotals, transactionRow } from './ledger.ts';
import { lineCost } from './line-cost.ts';
import { leadProfessional } from './statement-service.ts';
import type { Budget, FundingStream, SupportPlanLine } from './store.ts';

export type { FundingStream, SupportPlanLine };
import type { BudgetStores } from './stores.ts';
import type { ManagedAs, SpendingCategory, StreamKind } from './terms.ts';
import { mayManage, staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

const BUDGET = 'Your personal budget';
/** Funding is added to a budget: there must be one first. */
const NO_BUDGET = 'Start a budget before adding funding to it.';

export type NewStream = {
  kind: StreamKind;
  funderName: string;
  amountPence: number;
  allowedCategories: SpendingCategory[];
  managedAs: ManagedAs;
  reviewOn: string;
};

/** A line with what it costs over the period and anything the team should look at. */
export type CostedLine = SupportPlanLine & {
  costPence: number;
  spentPence: number;
  stream: FundingStream | undefined;
  goal: PlanGoal | undefined;
  warnings: string[];
};

/** Why a line needs a second look: its funder's rules do not allow what it pays for, or its goal is gone. */
function lineWarnings(line: SupportPlanLine, stream: FundingStream | undefined, goals: PlanGoal[] | null): string[] {
  const warnings: string[] = [];
  if (stream && stream.allowed_categories.length > 0 && !stream.allowed_categories.includes(line.category))
    warnings.push(`${stream.funder_name} does not pay for this kind of support.`);
  if (line.goal_id && goals && !goals.some((goal) => goal.id === line.goal_id))
    warnings.push('The goal this line served is no longer in the plan.');
  return warnings;
}

/** Everything the budget page shows, from one read. */
async function budgetView(stores: BudgetStores, budget: Budget, goals: PlanGoal[] | null) {
  const { budgets } = stores;
  const [streams, balances, lines, spent, recent] = await Promise.all([
    budgets.streams(budget.id),
    budgets.balances(budget.id),
    budgets.currentLines(budget.id),
    budgets.spentByLine(budget.id),
    budgets.transactions(budget.id, 5),
  ]);
  const totals = streams.map((stream) => ({
    stream,
    ...streamTotals(balances.get(stream.id) ?? EMPTY_BALANCE),
  }));
  const sum = (pick: (total: (typeof totals)[number]) => number) => totals.reduce((all, total) => all + pick(total), 0);
  const period = { startsOn: budget.starts_on, endsOn: budget.ends_on };
  const costed: CostedLine[] = lines.map((line) => {
    const stream = streams.find((candidate) => candidate.id === line.stream_id);
    return {
      ...line,
      costPence: lineCost(
        { unitCostPence: line.unit_cost_pence, quantity: line.quantity, frequency: line.frequency },
        period,
      ),
      spentPence: spent.get(line.line_id) ?? 0,
      stream,
      goal: goals?.find((goal) => goal.id === line.goal_id),
      warnings: lineWarnings(line, stream, goals),
    };
  });
  const givenPence = sum((total) => total.givenPence);
  const plannedPence = costed.reduce((all, line) => all + line.costPence, 0);
  return {
    budget,
    streams: totals,
    givenPence,
    spentPence: sum((total) => total.spentPence),
    leftPence: sum((total) => total.leftPence),
    lines: costed,
    plannedPence,
    overPlannedPence: Math.max(0, plannedPence - givenPence),
    recent,
  };
}

/**
 * The budget for today's period as another module sends it on (a case for the panel): figures in pence and plain
 * names, with the plan goal each line serves. Undefined when there is no budget.
 */
export async function budgetSummary(stores: BudgetStores, today: string) {
  const budget = await stores.budgets.budgetFor(today);
  if (!budget) return undefined;
  const view = await budgetView(stores, budget, null);
  return {
    startsOn: budget.starts_on,
    endsOn: budget.ends_on,
    givenPence: view.givenPence,
    spentPence: view.spentPence,
    plannedPence: view.plannedPence,
    streams: view.streams.map(({ stream, givenPence }) => ({
      funder: stream.funder_name,
      kind: stream.kind,
      managedAs: stream.managed_as,
      givenPence,
    })),
    lines: view.lines.map((line) => ({
      what: line.what,
      provider: line.provider,
      costPence: line.costPence,
      goalId: line.goal_id,
      warnings: line.warnings,
    })),
  };
}

export type BudgetSummary = NonNullable<Awaited<ReturnType<typeof budgetSummary>>>;

export function createBudgetService() {
  return {
    /** The budget page: the budget for today's period (or the nearest), its funding, support plan and recent money. */
    async overview(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', BUDGET, async (stores, decision) => {
        const [name, budget, goals, contact, allocation] = await Promise.all([
          stores.people.name(),
          stores.budgets.budgetFor(today),
          planGoals(stores.plans, decision),
          leadProfessional(stores.plans, decision),
          stores.budgets.latestAssessment(),
        ]);
        return {
          name,
          isThePerson: decision.purpose === 'self',
          mayManage: mayManage(data.actor, decision),
          goals,
          contact,
          /** The newest indicative amount, worked out from the allocation questionnaire. */
          allocation: allocation && { amountPence: allocation.amount_pence, assessedAt: allocation.assessed_at },
          current: budget && (await budgetView(stores, budget, goals)),
          agreements: budget ? await agreementList(stores.budgets, budget.id) : [],
        };
      });
    },

    /** Who the budget is for and what a form about it needs: the budget, its streams and the plan's goals. */
    async forForm(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', BUDGET, async (stores, decision) => {
        staffOnly(data.actor, decision);
        const budget = await stores.budgets.budgetFor(today);
        return {
          name: await stores.people.name(),
          budget,
          streams: budget ? await stores.budgets.streams(budget.id) : [],
          goals: await planGoals(stores.plans, decision),
        };
      });
    },

    /** The lines of the support plan spending can be linked to. */
    async linesFor(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', 'Your support plan', async (stores, decision) => {
        staffOnly(data.actor, decision);
        const budget = await stores.budgets.budgetFor(today);
        return budget ? stores.budgets.currentLines(budget.id) : [];
      });
    },

    /** Every transaction of the budget for today's period, newest first, and which have been corrected. */
    async transactions(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', 'Your budget’s money in and out', async (stores, decision) => {
        const [name, budget] = await Promise.all([stores.people.name(), stores.budgets.budgetFor(today)]);
        const [streams, rows] = budget
          ? await Promise.all([stores.budgets.streams(budget.id), stores.budgets.transactions(budget.id)])
          : [[], []];
        return {
          name,
          isThePerson: decision.purpose === 'self',
          mayManage: mayManage(data.actor, decision),
          budget,
          streams,
          rows,
        };
      });
    },

    /** Starts a budget for a period; periods of one person never overlap. */
    async start(data: Data, personId: string, period: { startsOn: string; endsOn: string }, now: Date) {
      return data.write(personId, 'budget', 'Started a personal budget', async (stores, decision) => {
        const actor = staffOnly(data.actor, decision);
        await stores.budgets.holdBudgets();
        const overlapping = (await stores.budgets.budgets()).find(
          (budget) => budget.starts_on <= period.endsOn && budget.ends_on >= period.startsOn,
        );
        if (overlapping)
          throw refused(
            `There is already a budget from ${formatUkDate(overlapping.starts_on)} to ${formatUkDate(overlapping.ends_on)}.`,
          );
        const by = writtenBy(actor);
        const id = newId();
        await stores.budgets.insertBudget({
          id,
          starts_on: period.startsOn,
          ends_on: period.endsOn,
          created_by_kind: by.kind,
          created_by_id: by.id,
          created_by_name: by.name,
          created_at: now,
        });
        return id;
      });
    },

    /** Adds a funding stream to the budget, and the money it gives as the stream's first transaction. */
    async addStream(data: Data, personId: string, today: string, stream: NewStream, now: Date) {
      return data.write(personId, 'budget', `Added funding: ${stream.funderName}`, async (stores, decision) => {
        const actor = staffOnly(data.actor, decision);
        const budget = await stores.budgets.budgetFor(today);
        if (!budget) throw refused(NO_BUDGET);
        const budgetId = budget.id;
        const by = writtenBy(actor);
        const id = newId();
        await stores.budgets.insertStream({
          budget_id: budgetId,
          id,
          kind: stream.kind,
          funder_name: stream.funderName,
          allowed_categories: JSON.stringify(stream.allowedCategories),
          managed_as: stream.managedAs,
          review_on: stream.reviewOn,
          added_by_kind: by.kind,
          added_by_id: by.id,
          added_by_name: by.name,
          added_at: now,
        });
        await stores.budgets.insertTransactions([
          {
            row: transactionRow(
              {
                id: newId(),
                budget_id: budgetId,
                kind: 'allocation',
                occurred_on: budget.starts_on,
                description: `Funding from ${stream.funderName}`,
              },
              by,
              now,
            ),
            postings: postingsFor({ kind: 'allocation', streamId: id, amountPence: stream.amountPence }),
          },
        ]);
        return id;
      });
    },
  };
}

export type BudgetService = ReturnType<typeof createBudgetService>;
