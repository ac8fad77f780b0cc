import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatUkDate, ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { dateInputView, dateRangeView } from '../../../web/date-field.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pageAsked, paginationView } from '../../../web/paging.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { onlyFor, requireSignedIn, requireStaff } from '../../identity/index.ts';
import { DECLINE_REASONS, OUTCOMES, SHARE_CHOICES } from '../referral-status.ts';
import type { DirectoryService } from '../service.ts';
import type { DeclineReason, ReferralOutcome } from '../tables-referrals.ts';
import { answerForm, gapsForm, referForm, stepForm, untilInput } from './referral-forms.ts';

// Social-prescribing referrals: referring someone to a listed service (their team, the person, or someone acting for
// them), the person's referrals and stopping one, the service's queue, answer and outcome, and the gap report.

type Form = { values: Record<string, unknown>; errors?: FormErrors };

/** How often the server reminds services of referrals they have not answered in time. */
export const REMIND_EVERY_MS = 3_600_000;

const uuidParam = (request: FastifyRequest, name: 'serviceId' | 'referralId'): string => {
  const value = (request.params as Record<string, unknown>)[name];
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

const serviceQuery = (request: FastifyRequest): string => {
  const value = (request.query as { service?: unknown }).service;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

const listPath = (personId: string) => `/people/${personId}/referrals`;
const referralPath = (personId: string, referralId: string) => `${listPath(personId)}/${referralId}`;

const DONE: Record<string, string> = {
  sent: 'Your referral has been sent. The service will answer within 5 working days.',
  stopped: 'The referral has stopped. The service can no longer see what was shared.',
};

const SERVICE_DONE: Record<string, string> = {
  accepted: 'You accepted the referral. Whoever made it has been told.',
  declined: 'You declined the referral. Whoever made it has been told.',
  recorded: 'What happened has been recorded.',
};

const options = <K extends string>(record: Record<K, string>) =>
  Object.entries<string>(record).map(([value, text]) => ({ value, text }));

export function registerReferralsRoutes(app: FastifyInstance, directory: DirectoryService): void {
  const { referrals } = directory;

  // Services are reminded of referrals they have not answered in time while the server runs.
  let timer: ReturnType<typeof setInterval> | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      referrals.remindOverdue(new Date()).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        app.log.error(
          `Reminding services of unanswered referrals failed (${typeof code === 'string' ? code : 'no error code'})`,
        );
      });
    }, REMIND_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));

  /** Who to refer: straight to the form when there is one person, else a choice. */
  app.get('/directory/services/:serviceId/refer', { preHandler: requireSignedIn }, async (request, reply) => {
    const serviceId = uuidParam(request, 'serviceId');
    const people = await referrals.whoMayBeReferred(request.personData, request.actor!, serviceId, new Date());
    const form = (personId: string) => `${listPath(personId)}/new?service=${serviceId}`;
    if (people.length === 1) return reply.redirect(form(people[0]!.personId), 303);
    return reply.render('directory/views/referrals/choose-person.njk', {
      pageTitle: 'Who are you referring?',
      backLink: '/directory',
      people: people.map(({ personId, shown }) => ({ href: form(personId), name: shown.name })),
    });
  });

  async function renderRefer(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const serviceId = serviceQuery(request);
    const now = new Date();
    const page = await referrals.referForm(request.personData, personId, serviceId, now);
    const chosen = new Set(([] as unknown[]).concat(form.values.share ?? (form.errors ? [] : ['contact', 'goal'])));
    return reply.render('directory/views/referrals/refer.njk', {
      pageTitle: page.isThePerson
        ? `Refer yourself to ${page.service.name}`
        : `Refer ${page.name} to ${page.service.name}`,
      backLink: listPath(personId),
      personId,
      serviceId,
      ...page,
      you: page.isThePerson,
      goals: [{ value: '', text: 'None' }, ...page.goals.map((goal) => ({ value: goal.id, text: goal.words }))],
      share: Object.entries(SHARE_CHOICES).map(([value, text]) => ({
        value,
        text: page.isThePerson ? text.you : text.them,
        checked: chosen.has(value),
      })),
      agreedBy: [
        { value: 'person', text: page.name },
        ...page.representatives.map((member) => ({
          value: member.id,
          text: `${member.name} (${member.relationship}), who may act for ${page.name} in care decisions`,
        })),
      ],
      until: dateInputView('until', form.values, form.errors, untilInput(ukDate(now))),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/referrals/new', { preHandler: requireSignedIn }, async (request, reply) =>
    renderRefer(request, reply, { values: {} }),
  );

  /** The form is checked, then shown back to check; sending it from the check page makes the referral. */
  app.post('/people/:personId/referrals/new', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const serviceId = serviceQuery(request);
    const now = new Date();
    const body = request.body as Record<string, unknown>;
    // Citizens agree for themselves (or, acting for someone, as themselves): the service records who.
    const values = request.actor?.kind === 'citizen' ? { ...body, agreed_by: 'person' } : body;
    const form = checkForm(referForm(ukDate(now)), values);
    if (!form.ok) {
      await request.personData.check(personId, 'community_referral', 'write', 'Tried to refer you to a service');
      return renderRefer(request, reply.code(400), form);
    }
    const answer = form.data;
    if (body.confirmed !== 'yes') {
      const page = await referrals.referForm(request.personData, personId, serviceId, now);
      const goal = page.goals.find((one) => one.id === answer.goal);
      return reply.render('directory/views/referrals/check.njk', {
        pageTitle: 'Check the referral before you send it',
        backLink: `${listPath(personId)}/new?service=${serviceId}`,
        personId,
        serviceId,
        ...page,
        you: page.isThePerson,
        hidden: Object.entries(body).flatMap(([name, value]) =>
          name === '_csrf' ? [] : ([] as unknown[]).concat(value).map((one) => ({ name, value: String(one) })),
        ),
        goal: goal?.words ?? 'None',
        reason: answer.reason,
        shared: answer.share.map((choice) => SHARE_CHOICES[choice][page.isThePerson ? 'you' : 'them']),
        note: answer.note,
        until: formatUkDate(answer.until),
        agreedBy:
          answer.agreed_by === 'person'
            ? page.name
            : (page.representatives.find((member) => member.id === answer.agreed_by)?.name ?? page.name),
      });
    }
    return unlessRefused(
      async () => {
        await referrals.refer(
          request.personData,
          personId,
          {
            serviceId,
            goalId: answer.goal || null,
            reason: answer.reason,
            share: answer.share,
            note: answer.note ?? '',
            untilDate: answer.until,
            agreedBy: answer.agreed_by,
          },
          now,
        );
        return reply.redirect(`${listPath(personId)}?done=sent`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderRefer(request, reply.code(400), {
          values: body,
          errors: fieldError(
            /agreed/.test(error.message) ? 'agreed_by' : /goal/.test(error.message) ? 'goal' : 'until',
            error.message,
          ),
        }),
    );
  });

  app.get('/people/:personId/referrals', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await referrals.referrals(request.personData, personId, new Date());
    const { done } = request.query as { done?: string };
    return reply.render('directory/views/referrals/list.njk', {
      pageTitle: page.isThePerson
        ? 'Your referrals to community support'
        : `Referrals to community support – ${page.name}`,
      backLink: page.isThePerson ? '/my' : `/people/${personId}`,
      flash: done ? DONE[done] : undefined,
      personId,
      you: page.isThePerson,
      ...page,
    });
  });

  async function renderReferral(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const referralId = uuidParam(request, 'referralId');
    const page = await referrals.referral(request.personData, personId, referralId, new Date());
    const { done } = request.query as { done?: string };
    return reply.render('directory/views/referrals/referral.njk', {
      pageTitle: page.isService ? `Referral – ${page.name}` : `Your referral to ${page.referral.service}`,
      backLink: page.isService ? '/directory/referrals' : listPath(personId),
      flash: done ? (SERVICE_DONE[done] ?? DONE[done]) : undefined,
      personId,
      you: page.isThePerson,
      ...page,
      declineReasons: options(DECLINE_REASONS),
      outcomes: options(OUTCOMES),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/referrals/:referralId', { preHandler: requireSignedIn }, async (request, reply) =>
    renderReferral(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/referrals/:referralId/answer',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const referralId = uuidParam(request, 'referralId');
      const form = checkForm(answerForm(), request.body);
      if (!form.ok) return renderReferral(request, reply.code(400), form);
      const { answer, reason, words } = form.data;
      return unlessRefused(
        async () => {
          await referrals.answer(
            request.personData,
            personId,
            referralId,
            answer === 'accept'
              ? { accept: true }
              : { accept: false, reason: reason as DeclineReason, words: words ?? '' },
            new Date(),
          );
          return reply.redirect(
            answer === 'accept'
              ? `${referralPath(personId, referralId)}?done=accepted`
              : '/directory/referrals?done=declined',
            303,
          );
        },
        'CW_REFUSED',
        (error) =>
          renderReferral(request, reply.code(400), {
            values: request.body as Record<string, unknown>,
            errors: fieldError('answer', error.message),
          }),
      );
    },
  );

  app.post('/people/:personId/referrals/:referralId/step', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const referralId = uuidParam(request, 'referralId');
    const form = checkForm(stepForm(), request.body);
    if (!form.ok) return renderReferral(request, reply.code(400), form);
    const { step, outcome, words } = form.data;
    return unlessRefused(
      async () => {
        await referrals.recordStep(
          request.personData,
          personId,
          referralId,
          step === 'outcome'
            ? { kind: 'outcome', outcome: outcome as ReferralOutcome, words: words ?? '' }
            : { kind: step, words: words ?? '' },
          new Date(),
        );
        return reply.redirect(
          step === 'ended'
            ? '/directory/referrals?done=recorded'
            : `${referralPath(personId, referralId)}?done=recorded`,
          303,
        );
      },
      'CW_REFUSED',
      (error) =>
        renderReferral(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: fieldError('step', error.message),
        }),
    );
  });

  app.post('/people/:personId/referrals/:referralId/stop', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const referralId = uuidParam(request, 'referralId');
    return unlessRefused(
      async () => {
        await referrals.stop(request.personData, personId, referralId, new Date());
        return reply.redirect(`${listPath(personId)}?done=stopped`, 303);
      },
      'CW_REFUSED',
      (error) => renderReferral(request, reply.code(400), { values: {}, errors: fieldError('stop', error.message) }),
    );
  });

  /** The service's queue: referrals open to the signed-in member of staff's organisation. */
  app.get('/directory/referrals', { preHandler: requireStaff }, async (request, reply) => {
    const actor = request.actor!;
    if (actor.kind !== 'staff' || actor.role !== 'practitioner') throw notFound();
    const queue = await referrals.queue(request.personData, actor.organisationId, new Date(), pageAsked(request));
    const { done } = request.query as { done?: string };
    return reply.render('directory/views/referrals/queue.njk', {
      pageTitle: 'Referrals to your services',
      flash: done ? SERVICE_DONE[done] : undefined,
      organisation: actor.organisationName,
      referrals: queue.items,
      pagination: paginationView('/directory/referrals', queue.page, 'Pages of referrals'),
    });
  });

  /** The commissioners' gap report: counts only, for whole months, small numbers suppressed. */
  app.get('/directory/gaps', { preHandler: [requireStaff, onlyFor('viewCommissioning')] }, async (request, reply) => {
    const today = ukDate(new Date());
    const asked = request.query as Record<string, unknown>;
    const form = checkForm(gapsForm, asked);
    const page = {
      pageTitle: 'Gaps in community support',
      dates: dateRangeView(asked, form.ok ? undefined : form.errors),
      errors: form.ok ? undefined : form.errors.list,
      fieldErrors: form.ok ? {} : form.errors.byField,
    };
    if (!form.ok) return reply.code(400).render('directory/views/referrals/gaps.njk', page);
    const from = form.data.from ?? `${today.slice(0, 4)}-01-01`;
    const to = form.data.to ?? today;
    return reply.render('directory/views/referrals/gaps.njk', {
      ...page,
      period: `${formatUkDate(`${from.slice(0, 7)}-01`)} to the end of ${monthWords(to)}`,
      ...(await referrals.gaps(from, to)),
    });
  });
}

const monthWords = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date.slice(0, 7)}-01T00:00:00Z`),
  );
