import type { PlanGoal } from './goals.ts';
import type { LedgerEntry } from './statement.ts';

// "What did this money achieve?": the support plan's lines and their spending, gathered under the goals they serve.

export type LineSpend = { lineId: string; what: string; goalId: string | null; costPence: number; spentPence: number };

export type GoalSpend = {
  /** The goal, or undefined when the reader may not read the plan, or the goal has gone from it. */
  goal: PlanGoal | undefined;
  goalId: string;
  lines: LineSpend[];
  spentPence: number;
};

export type Achievements = {
  goals: GoalSpend[];
  /** Lines of the support plan that serve no goal. */
  unlinkedLines: LineSpend[];
  /** Spent on lines since removed from the support plan. */
  removedLinesPence: number;
  /** Spent on nothing in the support plan. */
  notInPlanPence: number;
  /** Refunds, which come back to the budget as a whole, not to a line. */
  refundedPence: number;
  /** Spent in all, less refunds. */
  spentPence: number;
};

/** What came back as refunds, less any refund later corrected. */
export function refundedPence(entries: readonly LedgerEntry[]): number {
  const refunds = new Set(entries.filter((entry) => entry.kind === 'refund').map((entry) => entry.id));
  return entries
    .filter((entry) => refunds.has(entry.id) || (entry.reverses_id !== null && refunds.has(entry.reverses_id)))
    .flatMap((entry) => entry.postings)
    .filter((posting) => posting.account === 'spent')
    .reduce((all, posting) => all - posting.amountPence, 0);
}

const total = (lines: readonly LineSpend[]) => lines.reduce((all, line) => all + line.spentPence, 0);

/**
 * Groups the lines under the goals they serve: every goal of the plan in its order (with no lines if nothing serves
 * it), then goals the lines name that the reader cannot see or that have left the plan. Spending on no current line
 * is split into what went on removed lines and what went on nothing in the plan; refunds are apart, so that the
 * parts add up to what was spent in all.
 */
export function achievementsOf(
  goals: readonly PlanGoal[] | null,
  lines: readonly LineSpend[],
  spentByLine: ReadonlyMap<string, number>,
  money: { spentPence: number; refundedPence: number },
): Achievements {
  const goalIds = [...(goals ?? []).map((goal) => goal.id)];
  for (const line of lines) if (line.goalId && !goalIds.includes(line.goalId)) goalIds.push(line.goalId);
  const current = new Set(lines.map((line) => line.lineId));
  const onLines = [...spentByLine.values()].reduce((all, pence) => all + pence, 0);
  const removedLinesPence = [...spentByLine]
    .filter(([lineId]) => !current.has(lineId))
    .reduce((all, [, pence]) => all + pence, 0);
  return {
    goals: goalIds.map((goalId) => {
      const served = lines.filter((line) => line.goalId === goalId);
      return { goal: goals?.find((goal) => goal.id === goalId), goalId, lines: served, spentPence: total(served) };
    }),
    unlinkedLines: lines.filter((line) => line.goalId === null),
    removedLinesPence,
    notInPlanPence: money.spentPence + money.refundedPence - onLines,
    refundedPence: money.refundedPence,
    spentPence: money.spentPence,
  };
}
