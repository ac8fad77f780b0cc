import { z } from 'zod';

/**
 * What a personalised care and support plan holds, following the structure of the PRSB personalised
 * care and support plan standard: what matters, strengths, needs with goals, actions and outcomes,
 * contingency and crisis plans, positive-risk decisions, who is involved, and the review.
 * Stored whole, as JSON, in each version.
 */
const text = (max: number) => z.string().max(max);
const id = z.string().uuid();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const GOAL_STATUSES = ['not_started', 'in_progress', 'achieved', 'no_longer_wanted'] as const;
export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'stopped'] as const;
/** Who an action belongs to: the person, someone in their circle, a professional in the team, an organisation, or someone else. */
export const ACTION_OWNER_KINDS = ['person', 'circle_member', 'care_team_member', 'organisation', 'other'] as const;

export const actionSchema = z.object({
  id,
  what: text(1000).min(1),
  owner: z.object({ kind: z.enum(ACTION_OWNER_KINDS), id: id.nullable(), name: text(200).min(1) }),
  byWhen: isoDate.nullable(),
  status: z.enum(ACTION_STATUSES),
  /** How sure the person is that this will happen, 0 to 10, in their own view. */
  confidence: z.number().int().min(0).max(10).nullable(),
  reviewDate: isoDate.nullable(),
});

export const goalSchema = z.object({
  id,
  /** The goal or hope, in the person's own words. */
  inOwnWords: text(1000).min(1),
  /** How much it matters to the person, 0 to 10. */
  importance: z.number().int().min(0).max(10).nullable(),
  status: z.enum(GOAL_STATUSES),
  actions: z.array(actionSchema).max(50),
  outcomes: text(2000),
});

export const needSchema = z.object({ id, description: text(1000).min(1), goals: z.array(goalSchema).max(20) });

export const riskDecisionSchema = z.object({
  id,
  risk: text(1000).min(1),
  gains: text(1000),
  couldGoWrong: text(1000),
  safeguards: text(1000),
  personView: text(1000),
  agreedBy: text(500),
});

export const planContentSchema = z.object({
  whatMatters: text(4000),
  strengths: text(4000),
  needs: z.array(needSchema).max(30),
  contingency: z.object({
    triggers: text(2000),
    earlyWarningSigns: text(2000),
    whatShouldHappen: text(2000),
    whoToContact: text(2000),
    copingStrategies: text(2000),
    advanceStatements: text(2000),
  }),
  riskDecisions: z.array(riskDecisionSchema).max(30),
  /** Care-team member ids and circle-member ids of those involved in the plan. */
  involved: z.object({ careTeamMemberIds: z.array(id).max(100), circleMemberIds: z.array(id).max(100) }),
  leadProfessional: z.object({ careTeamMemberId: id, name: text(200) }).nullable(),
  review: z.object({
    date: isoDate.nullable(),
    responsibleCareTeamMemberId: id.nullable(),
    responsibleName: text(200),
  }),
  /** Where the money for this plan comes from, in words, until the budgets module links a budget. */
  funding: text(2000),
});

export type PlanContent = z.infer<typeof planContentSchema>;
export type Need = z.infer<typeof needSchema>;
export type Goal = z.infer<typeof goalSchema>;
export type Action = z.infer<typeof actionSchema>;
export type RiskDecision = z.infer<typeof riskDecisionSchema>;

/** A plan with nothing written yet. */
export const emptyPlan = (): PlanContent => ({
  whatMatters: '',
  strengths: '',
  needs: [],
  contingency: {
    triggers: '',
    earlyWarningSigns: '',
    whatShouldHappen: '',
    whoToContact: '',
    copingStrategies: '',
    advanceStatements: '',
  },
  riskDecisions: [],
  involved: { careTeamMemberIds: [], circleMemberIds: [] },
  leadProfessional: null,
  review: { date: null, responsibleCareTeamMemberId: null, responsibleName: '' },
  funding: '',
});

/** The plan's sections, in task-list order. Sections marked `personOwned` are the person's own words. */
export const PLAN_SECTIONS = [
  { key: 'what-matters', title: 'What matters to me', personOwned: true },
  { key: 'strengths', title: 'My strengths and the support I already have', personOwned: true },
  { key: 'needs', title: 'Needs, goals and actions', personOwned: false },
  { key: 'contingency', title: 'Contingency and crisis plan', personOwned: false },
  { key: 'risks', title: 'Positive-risk decisions', personOwned: false },
  { key: 'people', title: 'Who is involved', personOwned: false },
  { key: 'review', title: 'Review', personOwned: false },
  { key: 'funding', title: 'Money for this plan', personOwned: false },
] as const;
export type PlanSectionKey = (typeof PLAN_SECTIONS)[number]['key'];

/** The address of a section's question page. The review's is `review-date`: `review` records a review. */
export const sectionPath = (key: PlanSectionKey): string => (key === 'review' ? 'review-date' : key);
