import type { FastifyInstance } from 'fastify';
import { newId } from '../../../ids.ts';
import type { RiskDecision } from '../content.ts';
import type { PlanEditing } from '../editing-service.ts';
import { withTrimmedLabels, words } from './fields.ts';
import { questionPages, replaced, section, short, withoutId, type QuestionPage } from './question-page.ts';
import { removePage } from './remove-page.ts';

// The "Positive-risk decisions" section: the list with a form to add one, and the pages that change and remove each.

const RISKS = section('risks');
const toRisks = (base: string) => `${base}/risks`;

const RISK_LABELS = {
  risk: 'The risk',
  gains: 'What the person gains',
  couldGoWrong: 'What could go wrong',
  safeguards: 'What will keep it safer',
  personView: 'The person’s view, in their words',
  agreedBy: 'Who agreed',
} as const;
type DecisionAnswer = Omit<RiskDecision, 'id'>;

/** The same questions and checks for a new decision and a changed one. */
const decisionForm = {
  section: RISKS,
  template: 'section-risks.njk',
  labels: RISK_LABELS,
  after: toRisks,
  schema: () => withTrimmedLabels(RISK_LABELS, 1000, ['risk']).extend({ agreedBy: words(RISK_LABELS.agreedBy, 500) }),
};

const PAGES: Record<string, QuestionPage> = {
  risks: {
    ...decisionForm,
    title: 'Add a positive-risk decision',
    values: () => ({}),
    apply: (plan, answer: DecisionAnswer) => ({
      ...plan,
      riskDecisions: [...plan.riskDecisions, { id: newId(), ...answer }],
    }),
    summary: (answer: DecisionAnswer) => `Added a positive-risk decision: ${short(answer.risk)}`,
  },
  'risks/:decisionId/change': {
    ...decisionForm,
    title: 'Change a positive-risk decision',
    view: () => ({ changing: true, buttonText: 'Save the change' }),
    values: ({ decision }) => ({ ...decision }),
    apply: (plan, answer: DecisionAnswer, { decision }) => ({
      ...plan,
      riskDecisions: replaced(plan.riskDecisions, decision!.id, (found) => ({ ...found, ...answer })),
    }),
    summary: (answer: DecisionAnswer) => `Changed a positive-risk decision: ${short(answer.risk)}`,
  },
  'risks/:decisionId/remove': removePage({
    section: RISKS,
    kind: 'positive-risk decision',
    after: toRisks,
    describe: ({ decision }) => decision && { removing: decision.risk, goesWith: '' },
    remove: (plan, { decision }) => ({ ...plan, riskDecisions: withoutId(plan.riskDecisions, decision!.id) }),
  }),
};

export function registerRiskRoutes(app: FastifyInstance, editing: PlanEditing): void {
  const registerPage = questionPages(app, editing);
  for (const [path, page] of Object.entries(PAGES)) registerPage(path, page);
}
