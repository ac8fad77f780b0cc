import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ukDate } from '../../../dates.ts';

import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { requireSignedIn, requireStaff } from '../../identity/index.ts';
import { dateField, dateInputView, withDateFields } from '../../../web/date-field.ts';
import { inFuture, type DateInput } from '../../../web/date-input.ts';
import { pageAsked, paginationView } from '../../../web/paging.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { normaliseLineEndings } from '../../../web/text-fields.ts';
import * as agreement from '../agreement-service.ts';
import * as history from '../version-history.ts';
import type { PlanRouteDeps } from '../service.ts';
import { PLAN_SECTIONS } from '../content.ts';
import { CAPACITY_MARKER, CAPACITY_WORDS_MAX, assessedOnInput, capacityForm } from './capacity-form.ts';

const count = (max: number) => max.toLocaleString('en-GB');

/** A text area's words: line breaks counted once, trimmed, required and at most `max` characters. */
const requiredWords = (max: number, enter: string, tooLong: string) =>
  z
    .string()
    .default('')
    .transform((typed) => normaliseLineEndings(typed).trim())
    .pipe(z.string().min(1, enter).max(max, tooLong));

const commentForm = z.object({
  section: z.enum(PLAN_SECTIONS.map((section) => section.key) as [string, ...string[]], {
    message: 'Select the part of the plan your comment is about',
  }),
  body: requiredWords(
    agreement.COMMENT_MAX_LENGTH,
    'Enter your comment',
    `Your comment must be ${count(agreement.COMMENT_MAX_LENGTH)} characters or fewer`,
  ),
});

const reviewDateRule = (today: string) =>
  ({ label: 'The next review date', check: inFuture(today) }) satisfies DateInput;
const reviewForm = (today: string) =>
  withDateFields(
    ['nextReview'],
    z.object({
      achieved: requiredWords(
        agreement.ACHIEVED_MAX_LENGTH,
        'Enter what has been achieved',
        `What has been achieved must be ${count(agreement.ACHIEVED_MAX_LENGTH)} characters or fewer`,
      ),
      nextReview: dateField(reviewDateRule(today)),
    }),
  );

/** A version number from a form or query string; anything else is no version. */
const versionNumber = (value: unknown): number | undefined =>
  typeof value === 'string' && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : undefined;

export function registerAgreementRoutes(app: FastifyInstance, deps: PlanRouteDeps): void {
  async function renderCheck(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    refusal?: string,
    form: { values: Record<string, unknown>; errors?: FormErrors } = { values: {} },
  ) {
    const now = new Date();
    const page = await agreement.showCheckAnswers(request.personData, personId, now);
    return reply.code(refusal || form.errors ? 400 : 200).render('plans/views/check.njk', {
      pageTitle: page.agreed ? 'Check the agreed plan' : 'Check the plan before it is agreed',
      backLink: `/people/${personId}/plan`,
      personId,
      ...page,
      values: form.values,
      assessedOn: dateInputView('assessed_on', form.values, form.errors, assessedOnInput(ukDate(now))),
      fieldErrors: form.errors?.byField ?? {},
      capacityMaxLength: CAPACITY_WORDS_MAX,
      errors: refusal ? [{ text: refusal, href: '#agree' }] : form.errors?.list,
      refusal,
    });
  }

  app.get('/people/:personId/plan/check', { preHandler: requireSignedIn }, async (request, reply) =>
    renderCheck(request, reply, pathId(request, 'personId')),
  );

  app.post('/people/:personId/plan/agree', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const values = (request.body ?? {}) as Record<string, unknown>;
    const number = versionNumber(values.version) ?? 0;
    const now = new Date();
    // A representative's form carries the capacity questions; without them, the service refuses a representative.
    const form = values[CAPACITY_MARKER] === undefined ? undefined : checkForm(capacityForm(ukDate(now)), values);
    if (form && !form.ok) {
      await request.personData.check(personId, 'plan', 'write', agreement.AGREEING);
      return renderCheck(request, reply, personId, undefined, form);
    }
    const agreeing = async () => {
      await agreement.agreeToVersion(request.personData, personId, number, now, form?.data ?? null);
      return reply.redirect(`/people/${personId}/plan/agreed`, 303);
    };
    return unlessRefused(agreeing, 'CW_REFUSED', (error) =>
      renderCheck(request, reply, personId, error.message, { values }),
    );
  });

  app.get('/people/:personId/plan/agreed', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await agreement.showAgreement(request.personData, personId);
    return reply.render('plans/views/agreed.njk', {
      pageTitle: page.agreed ? 'The plan is agreed' : 'Your agreement is recorded',
      backLink: `/people/${personId}/plan`,
      personId,
      ...page,
    });
  });

  app.get('/people/:personId/plan/versions', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await history.showVersions(request.personData, personId);
    return reply.render('plans/views/versions.njk', {
      pageTitle: page.isThePerson ? 'Versions of your plan' : 'Versions of the plan',
      backLink: `/people/${personId}/plan`,
      personId,
      ...page,
    });
  });

  app.get('/people/:personId/plan/versions/compare', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const query = request.query as Record<string, unknown>;
    const [from, to] = [versionNumber(query.from), versionNumber(query.to)];
    // An unknown number is answered like an unknown page, after the access check, so nothing is learnt either way.
    const page = await history.compareVersions(request.personData, personId, from ?? 0, to ?? 0);
    return reply.render('plans/views/compare.njk', {
      pageTitle: `What changed between ${page.before.label} and ${page.after.label}`,
      backLink: `/people/${personId}/plan/versions`,
      personId,
      ...page,
    });
  });

  app.get('/people/:personId/plan/changes', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const query = request.query as Record<string, unknown>;
    // ?version=K is agreed version K (1, 2 …), not a save number; anything else given is not found.
    const ordinal = query.version === undefined ? undefined : (versionNumber(query.version) ?? 0);
    const page = await history.showChanges(request.personData, personId, ordinal, pageAsked(request));
    const path = `/people/${personId}/plan/changes${ordinal ? `?version=${ordinal}` : ''}`;
    return reply.render('plans/views/changes.njk', {
      pageTitle: page.version ? `How ${page.version.title.toLowerCase()} was made` : 'Changes in the draft',
      backLink: `/people/${personId}/plan/versions`,
      personId,
      ...page,
      pagination: paginationView(path, page.page, 'Pages of changes'),
      flash:
        query.reviewed === '1' ? 'Your review has been saved. It is a change to the draft, to be agreed.' : undefined,
    });
  });

  async function renderComments(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    form?: { values: Record<string, unknown>; errors: FormErrors },
  ) {
    const page = await agreement.showComments(request.personData, personId);
    return reply.code(form ? 400 : 200).render('plans/views/comments.njk', {
      pageTitle: 'Comments on the plan',
      backLink: `/people/${personId}/plan`,
      personId,
      ...page,
      sections: PLAN_SECTIONS,
      values: form?.values ?? {},
      errors: form?.errors.list,
      fieldErrors: form?.errors.byField ?? {},
      maxLength: agreement.COMMENT_MAX_LENGTH,
    });
  }

  app.get('/people/:personId/plan/comments', { preHandler: requireSignedIn }, async (request, reply) =>
    renderComments(request, reply, pathId(request, 'personId')),
  );

  app.post('/people/:personId/plan/comments', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(commentForm, request.body);
    if (!form.ok) {
      await request.personData.check(personId, 'plan', 'write', 'A comment on your plan');
      return renderComments(request, reply, personId, form);
    }
    await agreement.addComment(
      request.personData,
      personId,
      form.data.section as (typeof PLAN_SECTIONS)[number]['key'],
      form.data.body,
      new Date(),
    );
    return reply.redirect(`/people/${personId}/plan/comments`, 303);
  });

  app.get('/staff/reviews', { preHandler: requireStaff }, async (request, reply) => {
    const reviews = await agreement.reviewsDue(request.personData, deps.reviewsDue, new Date(), pageAsked(request));
    return reply.render('plans/views/reviews.njk', {
      pageTitle: 'Plan reviews due',
      backLink: '/staff',
      reviews: reviews.items,
      reviewCount: reviews.total,
      reviewPage: reviews.page,
      pagination: paginationView('/staff/reviews', reviews.page, 'Pages of reviews due'),
    });
  });

  async function renderReview(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const page = await agreement.showReviewForm(request.personData, personId);
    return reply.code(errors ? 400 : 200).render('plans/views/review.njk', {
      pageTitle: 'Record a review of the plan',
      backLink: `/people/${personId}/plan`,
      personId,
      ...page,
      values,
      nextReview: dateInputView('nextReview', values, errors, reviewDateRule(ukDate(new Date()))),
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
      maxLength: agreement.ACHIEVED_MAX_LENGTH,
    });
  }

  app.get('/people/:personId/plan/review', { preHandler: requireSignedIn }, async (request, reply) =>
    renderReview(request, reply, pathId(request, 'personId'), {}),
  );

  app.post('/people/:personId/plan/review', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const now = new Date();
    const form = checkForm(reviewForm(ukDate(now)), request.body);
    if (!form.ok) return renderReview(request, reply, personId, form.values, form.errors);
    await agreement.recordReview(request.personData, personId, form.data.achieved, form.data.nextReview, now);
    return reply.redirect(`/people/${personId}/plan/changes?reviewed=1`, 303);
  });
}
