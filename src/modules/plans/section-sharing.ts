import { PLAN_SECTION_PARTS, type AccessPart, type PlanSectionPart } from '../../data/person-data.ts';
import type { PlanSectionKey } from './content.ts';

/** The part each section of the plan is shared under on its own. The money for the plan goes only with the whole plan. */
export const SECTION_PART: Record<PlanSectionKey, PlanSectionPart | null> = {
  'what-matters': 'plan_about',
  strengths: 'plan_about',
  needs: 'plan_needs',
  contingency: 'plan_crisis',
  risks: 'plan_risks',
  people: 'plan_people',
  review: 'plan_people',
  funding: null,
};

/** The parts the plan home may be read under: the whole plan first, then each section shared on its own. */
export const PLAN_HOME_PARTS: readonly AccessPart[] = ['plan', ...PLAN_SECTION_PARTS];

/** What the person's access log says was seen, for each part the plan home may be read under. */
const HOME_SUMMARIES: Partial<Record<AccessPart, string>> = {
  plan: 'Your care and support plan',
  plan_about: 'What matters to you and your strengths, in your plan',
  plan_needs: 'The needs, goals and actions in your plan',
  plan_crisis: 'Your crisis plan',
  plan_risks: 'The positive-risk decisions in your plan',
  plan_people: 'Who is involved in your plan, and its review date',
};
export const planHomeSummary = (part: AccessPart): string => HOME_SUMMARIES[part] ?? 'Your care and support plan';

/** The sections someone may see: every one with the whole plan, else only those shared with them on their own. */
export function sectionsShown(may: (part: AccessPart) => boolean): (key: PlanSectionKey) => boolean {
  if (may('plan')) return () => true;
  return (key) => {
    const part = SECTION_PART[key];
    return part !== null && may(part);
  };
}
