import type { PlanContent } from '../content.ts';
import type { PlanSection } from '../editing-service.ts';
import { nameOf, ownerChoices } from './fields.ts';
import type { PageContext, QuestionPage, SavedRow } from './page-types.ts';

// What the conflict page shows: the section as it is saved now, and what the editor typed.

export const CONTINGENCY_LABELS = {
  triggers: 'What might cause a crisis',
  earlyWarningSigns: 'Early warning signs',
  whatShouldHappen: 'What should happen',
  whoToContact: 'Who to contact',
  copingStrategies: 'What helps me cope',
  advanceStatements: 'Advance statements and wishes',
} as const;

/** What was typed, in words: ids turned back into names. A page that has nothing to type says what was being done. */
export function typedRows(page: QuestionPage, values: Record<string, unknown>, context: PageContext): SavedRow[] {
  if (page.typed) return page.typed(context);
  const { people } = context;
  const choices = ownerChoices(people, context.action?.owner);
  const named = (value: string) =>
    choices.find((choice) => choice.value === value)?.name || nameOf(people, value) || value;
  return Object.entries(page.labels).map(([field, label]) => {
    if (page.dates && field in page.dates('')) {
      const parts = ['day', 'month', 'year']
        .map((part) => {
          const typed = values[`${field}-${part}`];
          return typeof typed === 'string' ? typed.trim() : '';
        })
        .filter(Boolean);
      return { label, value: parts.join(' ') };
    }
    const typed = [values[field] ?? ''].flat().map(String).filter(Boolean);
    return { label, value: typed.map(named).join(', ') };
  });
}

/** A section of a saved plan in words. */
export function sectionRows(planSection: PlanSection, plan: PlanContent): SavedRow[] {
  switch (planSection.key) {
    case 'what-matters':
      return [{ label: planSection.title, value: plan.whatMatters }];
    case 'strengths':
      return [{ label: planSection.title, value: plan.strengths }];
    case 'funding':
      return [{ label: planSection.title, value: plan.funding }];
    case 'contingency':
      return Object.entries(CONTINGENCY_LABELS).map(([field, label]) => ({
        label,
        value: plan.contingency[field as keyof typeof CONTINGENCY_LABELS],
      }));
    case 'risks':
      return plan.riskDecisions.map((decision, index) => ({ label: `Decision ${index + 1}`, value: decision.risk }));
    case 'people':
      return [{ label: 'Lead professional', value: plan.leadProfessional?.name ?? '' }];
    case 'review':
      return [
        { label: 'Review date', value: plan.review.date ?? '' },
        { label: 'Who is responsible', value: plan.review.responsibleName },
      ];
    case 'needs':
      return plan.needs.map((need) => ({
        label: need.description,
        value: need.goals
          .map(
            (goal) =>
              `${goal.inOwnWords}${goal.actions.length ? ` (${goal.actions.map((action) => action.what).join('; ')})` : ''}`,
          )
          .join('. '),
      }));
  }
}
