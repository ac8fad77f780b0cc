import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { newId } from '../../../ids.ts';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { ACTION_STATUSES, GOAL_STATUSES, type Action, type Goal, type Need, type PlanContent } from '../content.ts';
import type { PlanEditing } from '../editing-service.ts';
import {
  dateAnswer,
  dateBoxes,
  dateRule,
  oneOf,
  ownerChoices,
  ownerFields,
  score,
  scoreValue,
  words,
} from './fields.ts';
import {
  planHome,
  questionPages,
  replaced,
  section,
  short,
  withoutId,
  type PageContext,
  type QuestionPage,
} from './question-page.ts';
import { removePage } from './remove-page.ts';

// The "Needs, goals and actions" section: its list, and the pages that add, change and remove each kind.

const NEEDS = section('needs');
const toNeeds = (base: string) => `${base}/needs`;

// ---------- changing the plan's content ----------

/** The need must still be there: the version was checked as the page opened, and a save over any other is a conflict. */
const changeNeed = (plan: PlanContent, need: Need, change: (found: Need) => Need): PlanContent => ({
  ...plan,
  needs: replaced(plan.needs, need.id, change),
});
const changeGoal = (plan: PlanContent, need: Need, goal: Goal, change: (found: Goal) => Goal) =>
  changeNeed(plan, need, (found) => ({ ...found, goals: replaced(found.goals, goal.id, change) }));

const counted = (count: number, one: string, many: string) =>
  count === 0 ? `no ${many}` : `${count} ${count === 1 ? one : many}`;

// ---------- needs ----------

const NEED_LABELS = { description: 'The need' };
type NeedAnswer = { description: string };

const needForm = {
  section: NEEDS,
  template: 'section-need.njk',
  labels: NEED_LABELS,
  after: toNeeds,
  schema: () => z.object({ description: words('The need', 1000, 'Enter the need') }),
};

// ---------- goals ----------

const GOAL_LABELS = {
  inOwnWords: 'The goal, in the person’s own words',
  importance: 'How much it matters, 0 to 10',
  status: 'How it is going',
};
const goalFields = () => ({
  inOwnWords: words('The goal', 1000, 'Enter the goal, in the person’s own words'),
  importance: score('Choose how much it matters, from 0 to 10'),
  status: z.enum(GOAL_STATUSES, { message: 'Choose how the goal is going' }),
});
type GoalAnswer = Pick<Goal, 'inOwnWords' | 'importance' | 'status'> & { outcomes?: string };

const goalForm = { section: NEEDS, template: 'section-goal.njk', after: toNeeds };

// ---------- actions ----------

const ACTION_LABELS = {
  what: 'What will happen',
  owner: 'Who will do it',
  owner_name: 'Their name',
  by_when: 'By when',
  status: 'How it is going',
  confidence: 'How sure the person is, 0 to 10',
  review_date: 'Review date',
};
const actionDates = (today: string) => ({
  by_when: dateRule('The date it will be done by', today, {}),
  review_date: dateRule('The review date', today, { notPast: true }),
});
type ActionAnswer = {
  what: string;
  owner: string;
  owner_name: string;
  by_when: string | null;
  status: Action['status'];
  confidence: number | null;
  review_date: string | null;
};

/** The same questions and checks for a new action and a changed one. */
const actionForm = {
  section: NEEDS,
  template: 'section-action.njk',
  labels: ACTION_LABELS,
  dates: actionDates,
  after: toNeeds,
  schema: ({ people, today, action }: PageContext) =>
    z
      .object({
        what: words('What will happen', 1000, 'Enter what will happen'),
        owner: oneOf(
          ownerChoices(people, action?.owner).map((choice) => choice.value),
          'Choose who will do it',
        ),
        owner_name: words('Their name', 200),
        by_when: dateAnswer(actionDates(today).by_when),
        status: z.enum(ACTION_STATUSES, { message: 'Choose how the action is going' }),
        confidence: score('Choose how sure the person is, from 0 to 10'),
        review_date: dateAnswer(actionDates(today).review_date),
      })
      .superRefine((answer, context) => {
        if (answer.owner === 'other' && !answer.owner_name)
          context.addIssue({ code: 'custom', path: ['owner_name'], message: 'Enter the name of who will do it' });
      }),
};

/** An action as the plan holds it, from the form's answer. */
function actionFrom(answer: ActionAnswer, { people, action }: PageContext, id: string): Action {
  const owner = ownerChoices(people, action?.owner).find((choice) => choice.value === answer.owner)!;
  return {
    id,
    what: answer.what,
    owner: { kind: owner.kind, id: owner.id, name: owner.kind === 'other' ? answer.owner_name : owner.name },
    byWhen: answer.by_when,
    status: answer.status,
    confidence: answer.confidence,
    reviewDate: answer.review_date,
  };
}

// ---------- the pages ----------

const PAGES: Record<string, QuestionPage> = {
  'needs/add': {
    ...needForm,
    title: 'Add a need',
    view: () => ({ buttonText: 'Add this need' }),
    values: () => ({}),
    apply: (plan, answer: NeedAnswer) => ({
      ...plan,
      needs: [...plan.needs, { id: newId(), description: answer.description, goals: [] }],
    }),
    summary: (answer: NeedAnswer) => `Added a need: ${short(answer.description)}`,
  },
  'needs/:needId/change': {
    ...needForm,
    title: 'Change a need',
    view: () => ({ buttonText: 'Save the change' }),
    values: ({ need }) => ({ description: need!.description }),
    apply: (plan, answer: NeedAnswer, { need }) =>
      changeNeed(plan, need!, (found) => ({ ...found, description: answer.description })),
    summary: (answer: NeedAnswer) => `Changed a need: ${short(answer.description)}`,
  },
  'needs/:needId/remove': removePage({
    section: NEEDS,
    kind: 'need',
    after: toNeeds,
    describe: ({ need }) => {
      if (!need) return undefined;
      const actions = need.goals.reduce((total, goal) => total + goal.actions.length, 0);
      const goesWith = need.goals.length
        ? `This also removes its ${counted(need.goals.length, 'goal', 'goals')} and ${counted(actions, 'action', 'actions')}.`
        : 'It has no goals or actions.';
      return { removing: need.description, goesWith };
    },
    remove: (plan, { need }) => ({ ...plan, needs: withoutId(plan.needs, need!.id) }),
  }),

  'needs/:needId/goals/add': {
    ...goalForm,
    title: 'Add a goal',
    labels: GOAL_LABELS,
    view: () => ({ buttonText: 'Add this goal' }),
    schema: () => z.object(goalFields()),
    values: () => ({ status: 'not_started' }),
    apply: (plan, answer: GoalAnswer, { need }) =>
      changeNeed(plan, need!, (found) => ({
        ...found,
        goals: [...found.goals, { id: newId(), ...answer, actions: [], outcomes: '' }],
      })),
    summary: (answer: GoalAnswer) => `Added a goal: ${short(answer.inOwnWords)}`,
  },
  'needs/:needId/goals/:goalId/change': {
    ...goalForm,
    title: 'Change a goal',
    labels: { ...GOAL_LABELS, outcomes: 'Outcomes seen so far' },
    view: () => ({ buttonText: 'Save the change', showOutcomes: true }),
    schema: () => z.object({ ...goalFields(), outcomes: words('Outcomes seen so far', 2000) }),
    values: ({ goal }) => ({
      inOwnWords: goal!.inOwnWords,
      importance: scoreValue(goal!.importance),
      status: goal!.status,
      outcomes: goal!.outcomes,
    }),
    apply: (plan, answer: Required<GoalAnswer>, { need, goal }) =>
      changeGoal(plan, need!, goal!, (found) => ({ ...found, ...answer })),
    summary: (answer: GoalAnswer) => `Changed a goal: ${short(answer.inOwnWords)}`,
  },
  'needs/:needId/goals/:goalId/remove': removePage({
    section: NEEDS,
    kind: 'goal',
    after: toNeeds,
    describe: ({ goal }) =>
      goal && {
        removing: goal.inOwnWords,
        goesWith: goal.actions.length
          ? `This also removes its ${counted(goal.actions.length, 'action', 'actions')}.`
          : 'It has no actions.',
      },
    remove: (plan, { need, goal }) =>
      changeNeed(plan, need!, (found) => ({ ...found, goals: withoutId(found.goals, goal!.id) })),
  }),

  'needs/:needId/goals/:goalId/actions/add': {
    ...actionForm,
    title: 'Add an action',
    view: () => ({ buttonText: 'Add this action' }),
    values: () => ({ status: 'not_started' }),
    apply: (plan, answer: ActionAnswer, context) =>
      changeGoal(plan, context.need!, context.goal!, (found) => ({
        ...found,
        actions: [...found.actions, actionFrom(answer, context, newId())],
      })),
    summary: (answer: ActionAnswer) => `Added an action: ${short(answer.what)}`,
  },
  'needs/:needId/goals/:goalId/actions/:actionId/change': {
    ...actionForm,
    title: 'Change an action',
    view: () => ({ buttonText: 'Save the change' }),
    values: ({ people, action }) => ({
      what: action!.what,
      ...ownerFields(people, action!.owner),
      ...dateBoxes('by_when', action!.byWhen),
      status: action!.status,
      confidence: scoreValue(action!.confidence),
      ...dateBoxes('review_date', action!.reviewDate),
    }),
    apply: (plan, answer: ActionAnswer, context) =>
      changeGoal(plan, context.need!, context.goal!, (found) => ({
        ...found,
        actions: replaced(found.actions, context.action!.id, (action) => actionFrom(answer, context, action.id)),
      })),
    summary: (answer: ActionAnswer) => `Changed an action: ${short(answer.what)}`,
  },
  'needs/:needId/goals/:goalId/actions/:actionId/remove': removePage({
    section: NEEDS,
    kind: 'action',
    after: toNeeds,
    describe: ({ action }) => action && { removing: action.what, goesWith: '' },
    remove: (plan, { need, goal, action }) =>
      changeGoal(plan, need!, goal!, (found) => ({ ...found, actions: withoutId(found.actions, action!.id) })),
  }),
};

export function registerNeedsRoutes(app: FastifyInstance, editing: PlanEditing): void {
  app.get('/people/:personId/plan/needs', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const edit = await editing.forEditing(request.personData, personId, NEEDS, new Date());
    if (!edit) return reply.redirect(planHome(personId), 303);
    return reply.render('plans/views/section-needs.njk', {
      pageTitle: NEEDS.title,
      backLink: planHome(personId),
      personId,
      name: edit.people.personName,
      needs: edit.content.needs,
      basedOn: edit.number,
    });
  });

  const registerPage = questionPages(app, editing);
  for (const [path, page] of Object.entries(PAGES)) registerPage(path, page);
}
