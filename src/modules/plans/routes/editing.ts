import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ukDate } from '../../../dates.ts';
import { isUuid, newId } from '../../../ids.ts';
import type { Services } from '../../../services.ts';
import { notFound } from '../../../web/errors.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { requireSignedIn } from '../../identity/session-hook.ts';
import { dateField, dateInputView, withDateFields } from '../../../web/date-field.ts';
import { isDateInputEmpty, parseDateInput, type DateInputResult, type DatePart } from '../../../web/date-input.ts';
import { ACTION_STATUSES, GOAL_STATUSES, sectionPath, type Goal, type Need, type PlanContent, type PlanSectionKey } from '../content.ts';
import { createPlanEditing, planSection, type PlanPeople, type PlanSection } from '../editing-service.ts';

// ---------- form fields ----------

const count = (max: number) => max.toLocaleString('en-GB');

/** Text from a text box or area: line breaks counted once, trimmed; `required` gives the message for an empty one. */
const words = (label: string, max: number, required?: string) =>
  z
    .string({ message: required ?? `${label} must be text` })
    .default('')
    .transform((typed) => typed.replace(/\r\n?/g, '\n').trim())
    .pipe(required ? z.string().min(1, required).max(max, `${label} must be ${count(max)} characters or fewer`) : z.string().max(max, `${label} must be ${count(max)} characters or fewer`));

/** A score from 0 to 10, or nothing. */
const score = (message: string) =>
  z
    .string()
    .default('')
    .refine((typed) => typed === '' || /^(10|[0-9])$/.test(typed), message)
    .transform((typed) => (typed === '' ? null : Number(typed)));

/** One value from a list, such as a select built from the care team. */
const oneOf = (allowed: string[], message: string) => z.string({ message }).refine((value) => allowed.includes(value), message);

/** Boxes ticked: none, one (a string) or several (an array), each from the list. */
const ticked = (allowed: string[], message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => [value].flat())
    .refine((values) => values.every((value) => allowed.includes(value)), message);

/** A date typed into three boxes. Optional ones may be left empty (null); `rule` adds a check on the real date. */
type DateRule = (day: string, month: string, year: string) => DateInputResult;
const ALL_BOXES: DatePart[] = ['day', 'month', 'year'];
/** A real date; `notPast` refuses one before today; `required` is the message for empty boxes, else empty means no date (''). */
const dateRule = (label: string, today: string, options: { notPast?: boolean; required?: string }): DateRule => (day, month, year) => {
  if (isDateInputEmpty(day, month, year)) return options.required ? { ok: false, message: options.required, parts: ALL_BOXES } : { ok: true, date: '' };
  const result = parseDateInput(day, month, year, label);
  if (result.ok && options.notPast && result.date < today) return { ok: false, message: `${label} must be today or in the future`, parts: ALL_BOXES };
  return result;
};
const dateAnswer = (rule: DateRule) => dateField(rule).transform((date) => date || null);

// ---------- who can be named ----------

/** Select options for "who": the person, their circle, their care team, or someone else. */
function ownerChoices(people: PlanPeople) {
  return [
    { value: 'person', text: `${people.personName} (the person)`, name: people.personName, kind: 'person' as const, id: null },
    ...people.circle.map((member) => ({ value: `circle:${member.id}`, text: `${member.name} (${member.description})`, name: member.name, kind: 'circle_member' as const, id: member.id })),
    ...people.careTeam.map((member) => ({ value: `team:${member.id}`, text: `${member.name} (${member.description})`, name: member.name, kind: 'care_team_member' as const, id: member.id })),
    { value: 'other', text: 'Someone else, or an organisation', name: '', kind: 'other' as const, id: null },
  ];
}

const nameOf = (people: PlanPeople, id: string | null) => [...people.careTeam, ...people.circle].find((member) => member.id === id)?.name;

// ---------- the question pages ----------

type PageContext = { people: PlanPeople; today: string; plan: PlanContent; need?: Need; goal?: Goal };
type SavedRow = { label: string; value: string };

/** One question page: its form, how it fills from the plan, and how an answer changes the plan. */
type QuestionPage = {
  section: PlanSection;
  template: string;
  title: string;
  /** Each date input on the page, with the rule that checks it (also used to mark the boxes in error). */
  dates?: (today: string) => Record<string, DateRule>;
  /** The fields shown again on the conflict page, with their labels. */
  labels: Record<string, string>;
  schema: (context: PageContext) => z.ZodType;
  values: (context: PageContext) => Record<string, unknown>;
  apply: (plan: PlanContent, answer: any, context: PageContext) => PlanContent;
  after: (base: string) => string;
};

const section = (key: string): PlanSection => planSection(key)!;

const textPage = (key: 'what-matters' | 'strengths' | 'funding', field: 'whatMatters' | 'strengths' | 'funding', max: number, hint: string): QuestionPage => ({
  section: section(key), template: 'section-text.njk', title: section(key).title, labels: { body: section(key).title },
  schema: () => z.object({ body: words(section(key).title, max) }),
  values: ({ plan }) => ({ body: plan[field], hint, maxLength: max }),
  apply: (plan, answer: { body: string }) => ({ ...plan, [field]: answer.body }),
  after: (base) => base,
});

const CONTINGENCY_LABELS = {
  triggers: 'What might cause a crisis',
  earlyWarningSigns: 'Early warning signs',
  whatShouldHappen: 'What should happen',
  whoToContact: 'Who to contact',
  copingStrategies: 'What helps me cope',
  advanceStatements: 'Advance statements and wishes',
} as const;

const RISK_LABELS = {
  risk: 'The risk', gains: 'What the person gains', couldGoWrong: 'What could go wrong', safeguards: 'What will keep it safer',
  personView: 'The person’s view, in their words', agreedBy: 'Who agreed',
} as const;

const withTrimmedLabels = <K extends string>(labels: Record<K, string>, max: number, required: K[] = []) =>
  z.object(Object.fromEntries(Object.entries<string>(labels).map(([field, label]) => [field, words(label, max, required.includes(field as K) ? `Enter ${label.toLowerCase()}` : undefined)])) as Record<K, ReturnType<typeof words>>);

const PAGES_DATES = {
  review: (today: string) => ({ review_date: dateRule('The review date', today, { notPast: true, required: 'Enter the review date' }) }),
  action: (today: string) => ({
    by_when: dateRule('The date it will be done by', today, {}),
    review_date: dateRule('The review date', today, { notPast: true }),
  }),
};

const PAGES: Record<string, QuestionPage> = {
  'what-matters': textPage('what-matters', 'whatMatters', 4000, 'What is important to you in your life, in your own words.'),
  strengths: textPage('strengths', 'strengths', 4000, 'What you are good at, what you enjoy, and the people and places that already help you.'),
  funding: textPage('funding', 'funding', 2000, 'For example, a personal budget from the council, NHS continuing healthcare, or paying for some things yourself.'),

  contingency: {
    section: section('contingency'), template: 'section-contingency.njk', title: section('contingency').title, labels: CONTINGENCY_LABELS,
    schema: () => withTrimmedLabels(CONTINGENCY_LABELS, 2000),
    values: ({ plan }) => ({ ...plan.contingency }),
    apply: (plan, answer: PlanContent['contingency']) => ({ ...plan, contingency: answer }),
    after: (base) => base,
  },

  risks: {
    section: section('risks'), template: 'section-risks.njk', title: 'Add a positive-risk decision', labels: RISK_LABELS,
    schema: () => withTrimmedLabels(RISK_LABELS, 1000, ['risk']).extend({ agreedBy: words(RISK_LABELS.agreedBy, 500) }),
    values: () => ({}),
    apply: (plan, answer: Omit<PlanContent['riskDecisions'][number], 'id'>) => ({ ...plan, riskDecisions: [...plan.riskDecisions, { id: newId(), ...answer }] }),
    after: (base) => `${base}/risks`,
  },

  people: {
    section: section('people'), template: 'section-people.njk', title: section('people').title,
    labels: { careTeam: 'Care team members involved', circle: 'People in the circle of support involved', lead: 'Lead professional' },
    schema: ({ people }) =>
      z.object({
        careTeam: ticked(people.careTeam.map((member) => member.id), 'Choose care team members from the list'),
        circle: ticked(people.circle.map((member) => member.id), 'Choose people from the list'),
        lead: z.string().default('').refine((id) => id === '' || people.careTeam.some((member) => member.id === id), 'Choose the lead professional from the care team'),
      }),
    values: ({ plan }) => ({ careTeam: plan.involved.careTeamMemberIds, circle: plan.involved.circleMemberIds, lead: plan.leadProfessional?.careTeamMemberId ?? '' }),
    apply: (plan, answer: { careTeam: string[]; circle: string[]; lead: string }, { people }) => ({
      ...plan,
      involved: { careTeamMemberIds: answer.careTeam, circleMemberIds: answer.circle },
      leadProfessional: answer.lead ? { careTeamMemberId: answer.lead, name: nameOf(people, answer.lead) ?? '' } : null,
    }),
    after: (base) => base,
  },

  review: {
    section: section('review'), template: 'section-review.njk', title: section('review').title,
    dates: PAGES_DATES.review,
    labels: { review_date: 'Review date', responsible: 'Who is responsible for the review' },
    schema: ({ people, today }) =>
      z.object({
        review_date: dateAnswer(PAGES_DATES.review(today).review_date!),
        responsible: z.string().default('').refine((id) => id === '' || people.careTeam.some((member) => member.id === id), 'Choose who is responsible from the care team'),
      }),
    values: ({ plan }) => ({ ...dateBoxes('review_date', plan.review.date), responsible: plan.review.responsibleCareTeamMemberId ?? '' }),
    apply: (plan, answer: { review_date: string; responsible: string }, { people }) => ({
      ...plan,
      review: { date: answer.review_date, responsibleCareTeamMemberId: answer.responsible || null, responsibleName: nameOf(people, answer.responsible) ?? '' },
    }),
    after: (base) => base,
  },

  'needs/add': {
    section: section('needs'), template: 'section-need-add.njk', title: 'Add a need', labels: { description: 'The need' },
    schema: () => z.object({ description: words('The need', 1000, 'Enter the need') }),
    values: () => ({}),
    apply: (plan, answer: { description: string }) => ({ ...plan, needs: [...plan.needs, { id: newId(), description: answer.description, goals: [] }] }),
    after: (base) => `${base}/needs`,
  },

  'goals/add': {
    section: section('needs'), template: 'section-goal-add.njk', title: 'Add a goal', labels: { inOwnWords: 'The goal, in the person’s own words', importance: 'How much it matters, 0 to 10', status: 'How it is going' },
    schema: () =>
      z.object({
        inOwnWords: words('The goal', 1000, 'Enter the goal, in the person’s own words'),
        importance: score('Choose how much it matters, from 0 to 10'),
        status: z.enum(GOAL_STATUSES, { message: 'Choose how the goal is going' }),
      }),
    values: () => ({ status: 'not_started' }),
    apply: (plan, answer: Pick<Goal, 'inOwnWords' | 'importance' | 'status'>, { need }) =>
      changeNeed(plan, need!.id, (found) => ({ ...found, goals: [...found.goals, { id: newId(), ...answer, actions: [], outcomes: '' }] })),
    after: (base) => `${base}/needs`,
  },

  'actions/add': {
    section: section('needs'), template: 'section-action-add.njk', title: 'Add an action', dates: PAGES_DATES.action,
    labels: { what: 'What will happen', owner: 'Who will do it', owner_name: 'Their name', by_when: 'By when', status: 'How it is going', confidence: 'How sure the person is, 0 to 10', review_date: 'Review date' },
    schema: ({ people, today }) =>
      z
        .object({
          what: words('What will happen', 1000, 'Enter what will happen'),
          owner: oneOf(ownerChoices(people).map((choice) => choice.value), 'Choose who will do it'),
          owner_name: words('Their name', 200),
          by_when: dateAnswer(PAGES_DATES.action(today).by_when!),
          status: z.enum(ACTION_STATUSES, { message: 'Choose how the action is going' }),
          confidence: score('Choose how sure the person is, from 0 to 10'),
          review_date: dateAnswer(PAGES_DATES.action(today).review_date!),
        })
        .superRefine((answer, context) => {
          if (answer.owner === 'other' && !answer.owner_name) context.addIssue({ code: 'custom', path: ['owner_name'], message: 'Enter the name of who will do it' });
        }),
    values: () => ({ status: 'not_started' }),
    apply: (plan, answer, { people, need, goal }) => {
      const owner = ownerChoices(people).find((choice) => choice.value === answer.owner)!;
      const action = {
        id: newId(), what: answer.what, owner: { kind: owner.kind, id: owner.id, name: owner.kind === 'other' ? answer.owner_name : owner.name },
        byWhen: answer.by_when, status: answer.status, confidence: answer.confidence, reviewDate: answer.review_date,
      };
      return changeNeed(plan, need!.id, (found) => ({
        ...found, goals: found.goals.map((item) => (item.id === goal!.id ? { ...item, actions: [...item.actions, action] } : item)),
      }));
    },
    after: (base) => `${base}/needs`,
  },
};

/** Changes one need; the need must still be there (a conflict is found first, as the plan is read). */
function changeNeed(plan: PlanContent, needId: string, change: (need: Need) => Need): PlanContent {
  return { ...plan, needs: plan.needs.map((need) => (need.id === needId ? change(need) : need)) };
}

const dateBoxes = (prefix: string, date: string | null) =>
  date ? { [`${prefix}-day`]: String(Number(date.slice(8, 10))), [`${prefix}-month`]: String(Number(date.slice(5, 7))), [`${prefix}-year`]: date.slice(0, 4) } : {};

/** What was typed, in words, for the conflict page: ids turned back into names. */
function typedRows(page: QuestionPage, values: Record<string, unknown>, people: PlanPeople): SavedRow[] {
  const choices = ownerChoices(people);
  const named = (value: string) => choices.find((choice) => choice.value === value)?.name || nameOf(people, value) || value;
  return Object.entries(page.labels).map(([field, label]) => {
    if (page.dates && field in page.dates('')) {
      const parts = ['day', 'month', 'year'].map((part) => String(values[`${field}-${part}`] ?? '').trim()).filter(Boolean);
      return { label, value: parts.join(' ') };
    }
    const typed = [values[field] ?? ''].flat().map(String).filter(Boolean);
    return { label, value: typed.map(named).join(', ') };
  });
}

// ---------- routes ----------

type Located = { needId?: string; goalId?: string };

/**
 * Where each section's question page lives, under the plan. The review section's page is 'review-date'
 * because '/plan/review' is the page that records a review of the plan (routes/agreement.ts).
 */

export function registerEditingRoutes(app: FastifyInstance, services: Services): void {
  const editing = createPlanEditing(services.access.sharing);
  const home = (personId: string) => `/people/${personId}/plan`;

  const personIdOf = (request: FastifyRequest): string => {
    const { personId } = request.params as { personId?: unknown };
    if (!isUuid(personId)) throw notFound();
    return personId.toLowerCase();
  };
  const located = (request: FastifyRequest): Located => {
    const { needId, goalId } = request.params as { needId?: unknown; goalId?: unknown };
    for (const id of [needId, goalId]) if (id !== undefined && !isUuid(id)) throw notFound();
    return { needId: needId as string | undefined, goalId: goalId as string | undefined };
  };

  app.get('/people/:personId/plan', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = personIdOf(request);
    const page = await editing.home(request.personData, personId);
    const { suggested } = request.query as { suggested?: string };
    return reply.render('plans/views/home.njk', {
      pageTitle: page.isThePerson ? 'Your care and support plan' : `Care and support plan – ${page.name}`,
      backLink: `/people/${personId}`, personId, ...page,
      tasks: page.current?.tasks.map((task) => ({ ...task, href: page.mayChange ? `${home(personId)}/${sectionPath(task.key)}` : undefined })),
      flash: suggested === '1' ? 'Your suggestion has been sent.' : undefined,
    });
  });

  app.post('/people/:personId/plan/start', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = personIdOf(request);
    await editing.start(request.personData, personId, new Date());
    return reply.redirect(home(personId), 303);
  });

  /** The plan and everything a page needs, or a redirect to the plan home when there is no plan yet. 404 for a need or goal not in it. */
  async function openPage(request: FastifyRequest, personId: string, page: QuestionPage, now: Date, summary?: string) {
    const edit = await editing.forEditing(request.personData, personId, page.section, now, summary);
    if (!edit) return undefined;
    const where = located(request);
    const need = where.needId ? edit.content.needs.find((item) => item.id === where.needId) : undefined;
    const goal = where.goalId ? need?.goals.find((item) => item.id === where.goalId) : undefined;
    if ((where.needId && !need) || (where.goalId && !goal)) throw notFound();
    const context: PageContext = { people: edit.people, today: edit.today, plan: edit.content, need, goal };
    return { edit, context };
  }

  type Opened = NonNullable<Awaited<ReturnType<typeof openPage>>>;

  function renderPage(reply: FastifyReply, personId: string, page: QuestionPage, opened: Opened, form: { values: Record<string, unknown>; basedOn: number; errors?: FormErrors }) {
    const { edit, context } = opened;
    const today = context.today;
    const dates = Object.fromEntries(Object.entries(page.dates?.(today) ?? {}).map(([prefix, rule]) => [prefix, dateInputView(prefix, form.values, form.errors, rule)]));
    return reply.render(`plans/views/${page.template}`, {
      pageTitle: page.title, backLink: page.section.key === 'needs' || page.section.key === 'risks' ? `${home(personId)}/${page.section.key}` : home(personId),
      personId, heading: page.title, section: page.section, name: edit.people.personName, isThePerson: edit.isThePerson,
      formAction: reply.request.url.split('?')[0], basedOn: form.basedOn, values: form.values, dates,
      errors: form.errors?.list, fieldErrors: form.errors?.byField ?? {},
      plan: edit.content, need: context.need, goal: context.goal, people: edit.people, owners: ownerChoices(edit.people),
      onlySuggests: edit.onlySuggests, suggestions: edit.suggestions,
      labels: page.labels, goalStatuses: GOAL_STATUSES, actionStatuses: ACTION_STATUSES,
      flash: (reply.request.query as { suggested?: string }).suggested === '1' ? 'Your suggestion has been sent. It will be shown to the person, who can copy it into their plan.' : undefined,
    });
  }

  function registerPage(path: string, page: QuestionPage) {
    app.get(`/people/:personId/plan/${path}`, { preHandler: requireSignedIn }, async (request, reply) => {
      const personId = personIdOf(request);
      const opened = await openPage(request, personId, page, new Date());
      if (!opened) return reply.redirect(home(personId), 303);
      return renderPage(reply, personId, page, opened, { values: page.values(opened.context), basedOn: opened.edit.number });
    });

    app.post(`/people/:personId/plan/${path}`, { preHandler: requireSignedIn }, async (request, reply) => {
      const personId = personIdOf(request);
      const now = new Date();
      const opened = await openPage(request, personId, page, now, `Your care and support plan: ${page.section.title}, checked before saving a change`);
      if (!opened) return reply.redirect(home(personId), 303);
      const typedBasedOn = Number((request.body as Record<string, unknown> | undefined)?.based_on);
      const basedOn = Number.isInteger(typedBasedOn) && typedBasedOn > 0 ? typedBasedOn : 0;
      const schema = page.schema(opened.context);
      const form = checkForm(withDateFields(Object.keys(page.dates?.(opened.context.today) ?? {}), schema), request.body);
      if (!form.ok) return renderPage(reply.code(400), personId, page, opened, { values: form.values, basedOn, errors: form.errors });
      if (opened.edit.onlySuggests) {
        const body = (form.data as { body: string }).body;
        if (body) await editing.suggest(request.personData, personId, page.section, body, now);
        return reply.redirect(`${request.url.split('?')[0]}?suggested=1`, 303);
      }
      const outcome = await editing.save(request.personData, personId, page.section, basedOn, (plan) => page.apply(plan, form.data, { ...opened.context, plan }), now);
      if (outcome.outcome === 'saved') return reply.redirect(page.after(home(personId)), 303);
      const fresh = await editing.forEditing(request.personData, personId, page.section, now, `Your care and support plan: ${page.section.title}, shown because a change could not be saved`);
      return reply.code(409).render('plans/views/conflict.njk', {
        pageTitle: 'Someone else changed this plan', personId, name: opened.edit.people.personName, section: page.section,
        savedNumber: fresh?.number, saved: fresh ? sectionRows(page.section, fresh.content) : [],
        typed: typedRows(page, (request.body ?? {}) as Record<string, unknown>, opened.context.people), retryHref: request.url.split('?')[0],
      });
    });
  }

  app.get('/people/:personId/plan/needs', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = personIdOf(request);
    const edit = await editing.forEditing(request.personData, personId, section('needs'), new Date());
    if (!edit) return reply.redirect(home(personId), 303);
    return reply.render('plans/views/section-needs.njk', {
      pageTitle: section('needs').title, backLink: home(personId), personId, name: edit.people.personName, needs: edit.content.needs, basedOn: edit.number,
    });
  });

  registerPage('needs/add', PAGES['needs/add']!);
  registerPage('needs/:needId/goals/add', PAGES['goals/add']!);
  registerPage('needs/:needId/goals/:goalId/actions/add', PAGES['actions/add']!);
  for (const key of ['what-matters', 'strengths', 'contingency', 'risks', 'people', 'review', 'funding'] as PlanSectionKey[]) registerPage(sectionPath(key), PAGES[key]!);
}

/** A section of a saved plan in words, for the conflict page. */
function sectionRows(planSection: PlanSection, plan: PlanContent): SavedRow[] {
  switch (planSection.key) {
    case 'what-matters':
      return [{ label: planSection.title, value: plan.whatMatters }];
    case 'strengths':
      return [{ label: planSection.title, value: plan.strengths }];
    case 'funding':
      return [{ label: planSection.title, value: plan.funding }];
    case 'contingency':
      return Object.entries(CONTINGENCY_LABELS).map(([field, label]) => ({ label, value: plan.contingency[field as keyof typeof CONTINGENCY_LABELS] }));
    case 'risks':
      return plan.riskDecisions.map((decision, index) => ({ label: `Decision ${index + 1}`, value: decision.risk }));
    case 'people':
      return [{ label: 'Lead professional', value: plan.leadProfessional?.name ?? '' }];
    case 'review':
      return [{ label: 'Review date', value: plan.review.date ?? '' }, { label: 'Who is responsible', value: plan.review.responsibleName }];
    case 'needs':
      return plan.needs.map((need) => ({
        label: need.description,
        value: need.goals.map((goal) => `${goal.inOwnWords}${goal.actions.length ? ` (${goal.actions.map((action) => action.what).join('; ')})` : ''}`).join('. '),
      }));
  }
}
