import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatUkDate, formatUkDateTime, ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { renderConflict, unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { JOURNEY_STATES, JOURNEY_STEPS, isJourneyStep, type JourneyState, type JourneyStepKey } from '../journey.ts';
import type { Responsibility } from '../journey-service.ts';
import type { BudgetsService } from '../service.ts';
import { EXPECTED_INPUT, answerOf, inPageOrder, stepForm, valuesOf } from './journey-form.ts';
import { budgetHome } from './paths.ts';

// The steps of a personal health budget: the journey the person follows, and the form a practitioner changes a
// step with.

type Form = { values: Record<string, unknown>; errors?: FormErrors };
type JourneyPage = Awaited<ReturnType<BudgetsService['journey']['journey']>>;

const journeyHome = (personId: string) => `${budgetHome(personId)}/journey`;

function stepOf(request: FastifyRequest): JourneyStepKey {
  const step = (request.params as Record<string, unknown>).step;
  if (!isJourneyStep(step)) throw notFound();
  return step;
}

/** Each state as a tag: a step done is green, one in progress blue, one not started grey. */
const TAGS: Record<JourneyState, { text: string; classes: string }> = {
  done: { text: JOURNEY_STATES.done, classes: 'govuk-tag--green' },
  in_progress: { text: JOURNEY_STATES.in_progress, classes: 'govuk-tag--light-blue' },
  not_started: { text: JOURNEY_STATES.not_started, classes: 'govuk-tag--grey' },
};

const lowerFirst = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);

/**
 * Who is doing the next thing, in words: "You" to the person about themselves, where a professional works, how a
 * family member is related; and how to reach them, when known.
 */
function whoWords(who: Responsibility, isThePerson: boolean) {
  const name = who.kind === 'person' && isThePerson ? 'You' : who.name;
  const described =
    who.kind === 'circle_member' && who.role && isThePerson
      ? `${name}, your ${lowerFirst(who.role)}`
      : who.role
        ? `${name} (${who.role})`
        : name;
  return { described, phone: who.phone ?? who.contact, email: who.email };
}

/** What the review of each direct payment says: when it is due, or that it is overdue and since when. */
function reviewWords(review: JourneyPage['reviews'][number], isThePerson: boolean, mayManage: boolean) {
  const your = isThePerson ? 'your' : 'the';
  const payment = `${your} direct payment from ${review.funder}`;
  if (!review.dueOn)
    return {
      overdue: false,
      words: `Nothing has been paid into ${your} direct-payment account from ${review.funder} yet. The first review is due within 6 months of the first payment.`,
    };
  const due = formatUkDate(review.dueOn);
  if (!review.overdue)
    return {
      overdue: false,
      words: review.first
        ? `The first payment of ${payment} was on ${formatUkDate(review.firstPaymentOn)}, so its first review is due by ${due}.`
        : `The next review of ${payment} is due by ${due}.`,
    };
  const since = review.first ? '6 months after the first payment' : 'a year after the last review';
  const ask = mayManage ? '' : ` Ask ${isThePerson ? 'your' : 'the'} care team when it will be.`;
  return {
    overdue: true,
    words: `The ${review.first ? 'first ' : ''}review of ${payment} is overdue. It was due by ${due}, ${since}.${ask}`,
  };
}

export function registerJourneyRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  app.get('/people/:personId/budget/journey', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await budgets.journey.journey(request.personData, personId, ukDate(new Date()));
    const { done } = request.query as { done?: string };
    const steps = page.steps.map((step, index) => ({
      number: index + 1,
      key: step.key,
      title: step.title,
      description: step.description,
      state: step.state,
      tag: TAGS[step.state],
      doneWhen: step.doneWhen,
      nextAction: step.nextAction,
      // Once a step is done, who did it matters less than what, if anything, happens next.
      who:
        step.responsible && (step.state !== 'done' || step.nextAction)
          ? whoWords(step.responsible, page.isThePerson)
          : null,
      expected: step.state !== 'done' || step.nextAction ? formatUkDate(step.expectedOn) : '',
      updated: step.changedBy && `last updated by ${step.changedBy} on ${formatUkDateTime(step.changedAt)}`,
    }));
    const reviews = page.reviews.map((review) => reviewWords(review, page.isThePerson, page.mayManage));
    const reviewOverdue = reviews.some((review) => review.overdue);
    // An overdue review shows on the review step, whatever was last saved about it.
    const review = steps.find((step) => step.key === 'review');
    if (review && reviewOverdue) review.tag = { text: 'Review overdue', classes: 'govuk-tag--red' };
    const now = steps.find((step) => step.state !== 'done');
    return reply.render('budgets/views/journey.njk', {
      pageTitle: page.isThePerson
        ? 'Your personal health budget, step by step'
        : `Personal health budget, step by step – ${page.name}`,
      backLink: budgetHome(personId),
      flash: done && isJourneyStep(done) ? `“${JOURNEY_STEPS[done].title}” has been updated.` : undefined,
      name: page.name,
      isThePerson: page.isThePerson,
      mayManage: page.mayManage,
      home: journeyHome(personId),
      hasBudget: page.budget !== undefined,
      doneCount: steps.filter((step) => step.state === 'done').length,
      now: now && { number: now.number, title: now.title },
      steps,
      reviews,
      reviewOverdue,
      lastReview: page.lastReviewOn && formatUkDate(page.lastReviewOn),
    });
  });

  async function renderForm(reply: FastifyReply, personId: string, step: JourneyStepKey, form: Form) {
    const context = await budgets.journey.stepForm(reply.request.personData, personId, step, ukDate(new Date()));
    const values = { version: String(context.version), ...form.values };
    return reply.render('budgets/views/journey-step.njk', {
      pageTitle: `Update a step: ${JOURNEY_STEPS[step].title}`,
      backLink: journeyHome(personId),
      action: `${journeyHome(personId)}/${step}`,
      name: context.name,
      step: JOURNEY_STEPS[step],
      doneByRecord: context.doneByRecord,
      doneWhen: context.doneWhen,
      values,
      states: Object.entries(JOURNEY_STATES).map(([value, text]) => ({ value, text })),
      team: context.team.map((member) => ({
        value: `team:${member.id}`,
        text: member.staff_name,
        hint: { text: `Care team: ${member.job_title}, ${member.organisation_name}` },
      })),
      circle: context.circle.map((member) => ({
        value: `circle:${member.id}`,
        text: member.name,
        hint: { text: `Circle of support: ${member.relationship}` },
      })),
      expectedOn: dateInputView('expected_on', values, form.errors, EXPECTED_INPUT),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/journey/:step', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const step = stepOf(request);
    const context = await budgets.journey.stepForm(request.personData, personId, step, ukDate(new Date()));
    return renderForm(reply, personId, step, { values: valuesOf(context.row, context.version) });
  });

  app.post('/people/:personId/budget/journey/:step', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const step = stepOf(request);
    const form = checkForm(stepForm(), request.body);
    if (!form.ok)
      return renderForm(reply.code(400), personId, step, { values: form.values, errors: inPageOrder(form.errors) });
    const body = request.body as Record<string, unknown>;
    return unlessRefused(
      () =>
        unlessRefused(
          async () => {
            await budgets.journey.saveStep(
              request.personData,
              personId,
              step,
              form.data.version,
              answerOf(form.data),
              ukDate(new Date()),
              new Date(),
            );
            return reply.redirect(`${journeyHome(personId)}?done=${step}`, 303);
          },
          'CW_REFUSED',
          (error) =>
            renderForm(reply.code(400), personId, step, {
              values: body,
              errors: fieldError(error.message.startsWith('Choose who') ? 'who' : 'state', error.message),
            }),
        ),
      'CW_CONFLICT',
      async () => {
        const context = await budgets.journey.stepForm(request.personData, personId, step, ukDate(new Date()));
        const saved = context.row;
        return renderConflict(reply, 'budgets/views/journey-conflict.njk', {
          pageTitle: 'Someone else updated this step first',
          backLink: journeyHome(personId),
          name: context.name,
          title: JOURNEY_STEPS[step].title,
          again: `${journeyHome(personId)}/${step}`,
          saved: saved && {
            state: JOURNEY_STATES[saved.state],
            nextAction: saved.next_action,
            who: saved.responsible_name,
            expected: formatUkDate(saved.expected_on),
            by: `${saved.changed_by_name} on ${formatUkDateTime(saved.changed_at)}`,
          },
          typed: {
            state: JOURNEY_STATES[form.data.state],
            nextAction: form.data.next_action,
            expected: formatUkDate(form.data.expected_on),
          },
        });
      },
    );
  });
}
