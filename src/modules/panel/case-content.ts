import type { BudgetSummary } from '../budgets/index.ts';
import type { PlanContent } from '../plans/index.ts';
import type { CaseContent, CaseSection } from './tables.ts';

export type { CaseContent, CaseSection };

// What a case sent to the panel holds: the parts of the plan and budget the person agreed to send, copied as they were
// that day. A plain function of the plan and the budget, so what the panel sees is decided in one place.

export const CASE_SECTIONS: Record<CaseSection, string> = {
  what_matters: 'What matters to the person',
  needs: 'Needs, goals and actions',
  crisis: 'Contingency and crisis plan',
  risks: 'Positive-risk decisions',
  budget: 'The budget and the costed support plan',
};

/** The case as sent: only the sections chosen, each copied from the plan or the budget. */
export function caseContent(
  personName: string,
  sections: readonly CaseSection[],
  plan: PlanContent | undefined,
  budget: BudgetSummary | undefined,
): CaseContent {
  const chosen = new Set(sections);
  const goals = new Map(
    (plan?.needs ?? []).flatMap((need) => need.goals.map((goal) => [goal.id, goal.inOwnWords] as const)),
  );
  const content: CaseContent = { personName, sections: [...chosen] };
  if (plan && chosen.has('what_matters')) content.whatMatters = plan.whatMatters;
  if (plan && chosen.has('needs'))
    content.needs = plan.needs.map((need) => ({
      description: need.description,
      goals: need.goals.map((goal) => ({
        words: goal.inOwnWords,
        status: goal.status,
        actions: goal.actions.map((action) => ({ what: action.what, who: action.owner.name, byWhen: action.byWhen })),
      })),
    }));
  if (plan && chosen.has('crisis')) content.crisis = plan.contingency;
  if (plan && chosen.has('risks'))
    content.risks = plan.riskDecisions.map(({ risk, gains, couldGoWrong, safeguards, personView }) => ({
      risk,
      gains,
      couldGoWrong,
      safeguards,
      personView,
    }));
  if (budget && chosen.has('budget'))
    content.budget = {
      ...budget,
      lines: budget.lines.map((line) => ({
        what: line.what,
        provider: line.provider,
        costPence: line.costPence,
        goal: line.goalId ? (goals.get(line.goalId) ?? null) : null,
      })),
    };
  return content;
}
