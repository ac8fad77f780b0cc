import type { AllowedDecision } from '../../data/person-data.ts';
import type { PlanStore } from '../plans/index.ts';

export type PlanGoal = { id: string; words: string; status: string };

/**
 * The goals of the person's current plan, which support-plan lines and spending serve. Only someone who may read the
 * plan sees their words; anyone else sees that a line serves a goal, not what it is.
 */
export async function planGoals(plans: PlanStore, decision: AllowedDecision): Promise<PlanGoal[] | null> {
  if (!decision.may('plan', 'read')) return null;
  const plan = await plans.currentVersion();
  return (plan?.content.needs ?? []).flatMap((need) =>
    need.goals.map((goal) => ({ id: goal.id, words: goal.inOwnWords, status: goal.status })),
  );
}
