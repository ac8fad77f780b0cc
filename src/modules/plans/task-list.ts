import { PLAN_SECTIONS, type PlanContent, type PlanSectionKey } from './content.ts';

export type SectionStatus = 'done' | 'in_progress' | 'not_started';

/** Done when every part is filled in, in progress when some are, not started when none are. */
const byParts = (parts: boolean[]): SectionStatus =>
  parts.every(Boolean) ? 'done' : parts.some(Boolean) ? 'in_progress' : 'not_started';

const written = (text: string): boolean => text.trim() !== '';

/**
 * How far one section of a plan has got, for the plan's task list. Needs count as done only when every
 * need has a goal and every goal an agreed action: a need with no plan to meet it is unfinished work.
 */
export function sectionStatus(key: PlanSectionKey, plan: PlanContent): SectionStatus {
  switch (key) {
    case 'what-matters':
      return written(plan.whatMatters) ? 'done' : 'not_started';
    case 'strengths':
      return written(plan.strengths) ? 'done' : 'not_started';
    case 'needs':
      if (!plan.needs.length) return 'not_started';
      return plan.needs.every((need) => need.goals.length && need.goals.every((goal) => goal.actions.length))
        ? 'done'
        : 'in_progress';
    case 'contingency':
      return byParts(Object.values(plan.contingency).map(written));
    case 'risks':
      return plan.riskDecisions.length ? 'done' : 'not_started';
    case 'people':
      return byParts([
        plan.involved.careTeamMemberIds.length + plan.involved.circleMemberIds.length > 0,
        plan.leadProfessional !== null,
      ]);
    case 'review':
      return byParts([plan.review.date !== null, plan.review.responsibleCareTeamMemberId !== null]);
    case 'funding':
      return written(plan.funding) ? 'done' : 'not_started';
  }
}

/** Every section in task-list order with its status. */
export const planTaskList = (plan: PlanContent) =>
  PLAN_SECTIONS.map((section) => ({ ...section, status: sectionStatus(section.key, plan) }));
