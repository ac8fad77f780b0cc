import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { dateBoxes, dateInputView } from '../../../web/date-field.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { onlyFor, requireSignedIn, requireStaff } from '../../identity/index.ts';
import { EpisodeRefused } from '../episode-refused.ts';
import { BLOCKER_REASONS, EPISODE_STEPS, STEP_KEYS, STEP_STATUSES, type EpisodeStep } from '../episode-steps.ts';
import type { EpisodeService } from '../episodes-service.ts';
import {
  admittedInput,
  blockerForm,
  closeForm,
  expectedDischargeInput,
  happenedInput,
  newDateInput,
  startForm,
  stepDateInput,
  stepForm,
  whatYouKnowForm,
} from './episode-forms.ts';
import { describeEpisode, managerRows } from './episode-pages.ts';

// The pages of transfers of care: the person's stays, starting one, a stay with its steps, changing a step,
// recording what held it up, closing it, the family adding what they know, and a manager's counts.

type Form = { values: Record<string, unknown>; errors?: FormErrors };
const listPath = (personId: string) => `/people/${personId}/episodes`;
const episodePath = (personId: string, episodeId: string) => `${listPath(personId)}/${episodeId}`;

const DONE: Record<string, string> = {
  started: 'The stay has started. The ward staff are in the care team until it closes.',
  step: 'The step has been saved. Everyone concerned has been told.',
  blocker: 'What held it up has been saved, with the new date. Everyone concerned has been told.',
  closed: 'The stay has been closed. The ward staff’s places in the care team have ended.',
  known: 'Thank you. What you know has been added to About me, where the ward staff read it.',
};

const episodeId = (request: FastifyRequest): string => {
  const value = (request.params as { episodeId?: unknown }).episodeId;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};
const stepOf = (request: FastifyRequest): EpisodeStep => {
  const value = (request.params as { step?: unknown }).step;
  if (typeof value !== 'string' || !(STEP_KEYS as string[]).includes(value)) throw notFound();
  return value as EpisodeStep;
};
const flashOf = (request: FastifyRequest) => DONE[(request.query as { done?: string }).done ?? ''];
/** The form again with a rule's refusal by its field. */
const refusedBy = (request: FastifyRequest, error: Error): Form => ({
  values: request.body as Record<string, unknown>,
  errors: fieldError(error instanceof EpisodeRefused ? error.field : 'form', error.message),
});
const errorsOf = (form: Form) => ({ errors: form.errors?.list, fieldErrors: form.errors?.byField ?? {} });

export function registerEpisodeRoutes(app: FastifyInstance, episodes: EpisodeService): void {
  app.get('/people/:personId/episodes', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await episodes.list(request.personData, personId, new Date());
    return reply.render('teamwork/views/episodes.njk', {
      pageTitle: page.isCitizen ? 'Your hospital stays and moves' : `Hospital stays and moves – ${page.name}`,
      backLink: `/people/${personId}`,
      flash: flashOf(request),
      personId,
      ...page,
    });
  });

  async function renderStart(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const page = await episodes.startForm(request.personData, personId);
    const today = ukDate(new Date());
    const chosen = new Set([form.values.ward_staff ?? []].flat());
    return reply.render('teamwork/views/episode-start.njk', {
      pageTitle: `Start a hospital stay or move – ${page.name}`,
      backLink: listPath(personId),
      personId,
      name: page.name,
      values: { follow_up_hours: '48', ...form.values },
      places: page.places.map((place) => ({ value: place.id, text: place.name })),
      staff: page.staff.map((member) => ({
        value: member.id,
        text: `${member.display_name}, ${member.job_title}`,
        hint: { text: member.organisation_name },
        checked: chosen.has(member.id),
      })),
      admitted: dateInputView('admitted', form.values, form.errors, admittedInput(today)),
      expectedDischarge: dateInputView('expected_discharge', form.values, form.errors, expectedDischargeInput(today)),
      ...errorsOf(form),
    });
  }

  app.get('/people/:personId/episodes/new', { preHandler: requireStaff }, (request, reply) =>
    renderStart(request, reply, { values: {} }),
  );

  app.post('/people/:personId/episodes', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(startForm(ukDate(new Date())), request.body);
    if (!form.ok) return renderStart(request, reply.code(400), form);
    const answer = form.data;
    return unlessRefused(
      async () => {
        const id = await episodes.start(
          request.personData,
          personId,
          {
            organisationId: answer.organisation,
            placeName: answer.place_name,
            admittedOn: answer.admitted,
            expectedDischargeOn: answer.expected_discharge,
            followUpHours: answer.follow_up_hours,
            wardStaffIds: answer.ward_staff,
          },
          new Date(),
        );
        return reply.redirect(`${episodePath(personId, id)}?done=started`, 303);
      },
      'CW_REFUSED',
      (error) => renderStart(request, reply.code(400), refusedBy(request, error)),
    );
  });

  app.get('/people/:personId/episodes/:episodeId', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await episodes.episode(request.personData, personId, episodeId(request), new Date());
    if (page.isCitizen)
      return reply.render('teamwork/views/episode-family.njk', {
        pageTitle: 'Your stay: where things are',
        backLink: listPath(personId),
        flash: flashOf(request),
        personId,
        name: page.name,
        family: page.family,
      });
    return reply.render('teamwork/views/episode.njk', {
      pageTitle: `Stay at ${page.episode.place_name} – ${page.name}`,
      backLink: listPath(personId),
      flash: flashOf(request),
      personId,
      ...describeEpisode(page, new Date()),
    });
  });

  async function renderStep(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const id = episodeId(request);
    const step = stepOf(request);
    const page = await episodes.stepForm(request.personData, personId, id, step, new Date());
    const latest = page.state.latest;
    const values = Object.keys(form.values).length
      ? form.values
      : {
          status: page.state.status,
          responsible: latest?.responsible_id ?? '',
          ...dateBoxes('expected', latest?.expected_on ?? null),
        };
    return reply.render('teamwork/views/episode-step.njk', {
      pageTitle: `${EPISODE_STEPS[step].staff} – ${page.name}`,
      backLink: episodePath(personId, id),
      action: `${episodePath(personId, id)}/steps/${step}`,
      name: page.name,
      title: EPISODE_STEPS[step].staff,
      values,
      statuses: Object.entries(STEP_STATUSES).map(([value, text]) => ({ value, text })),
      staff: [
        { value: '', text: 'Nobody yet' },
        ...page.staff.map((member) => ({
          value: member.staff_account_id,
          text: `${member.staff_name}, ${member.job_title} (${member.organisation_name})`,
        })),
      ],
      expected: dateInputView('expected', values, form.errors, stepDateInput(ukDate(new Date()))),
      ...errorsOf(form),
    });
  }

  app.get('/people/:personId/episodes/:episodeId/steps/:step', { preHandler: requireStaff }, (request, reply) =>
    renderStep(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/episodes/:episodeId/steps/:step',
    { preHandler: requireStaff },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const id = episodeId(request);
      const step = stepOf(request);
      const form = checkForm(stepForm(ukDate(new Date())), request.body);
      if (!form.ok) return renderStep(request, reply.code(400), form);
      return unlessRefused(
        async () => {
          await episodes.changeStep(
            request.personData,
            personId,
            id,
            step,
            {
              status: form.data.status,
              responsibleId: form.data.responsible,
              expectedOn: form.data.expected,
              note: form.data.note ?? '',
            },
            new Date(),
          );
          return reply.redirect(`${episodePath(personId, id)}?done=step`, 303);
        },
        'CW_REFUSED',
        (error) => renderStep(request, reply.code(400), refusedBy(request, error)),
      );
    },
  );

  async function renderBlocker(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const id = episodeId(request);
    const page = await episodes.blockerForm(request.personData, personId, id);
    const today = ukDate(new Date());
    return reply.render('teamwork/views/episode-blocker.njk', {
      pageTitle: `Record what held the stay up – ${page.name}`,
      backLink: episodePath(personId, id),
      action: `${episodePath(personId, id)}/blocker`,
      name: page.name,
      values: form.values,
      steps: STEP_KEYS.map((value) => ({ value, text: EPISODE_STEPS[value].staff })),
      reasons: Object.entries(BLOCKER_REASONS).map(([value, text]) => ({ value, text })),
      happened: dateInputView('happened', form.values, form.errors, happenedInput(today)),
      newDate: dateInputView('new_date', form.values, form.errors, newDateInput(today)),
      ...errorsOf(form),
    });
  }

  app.get('/people/:personId/episodes/:episodeId/blocker', { preHandler: requireStaff }, (request, reply) =>
    renderBlocker(request, reply, { values: {} }),
  );

  app.post('/people/:personId/episodes/:episodeId/blocker', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const id = episodeId(request);
    const form = checkForm(blockerForm(ukDate(new Date())), request.body);
    if (!form.ok) return renderBlocker(request, reply.code(400), form);
    const answer = form.data;
    return unlessRefused(
      async () => {
        await episodes.recordBlocker(
          request.personData,
          personId,
          id,
          {
            step: answer.step,
            reason: answer.reason,
            whatHappened: answer.what_happened,
            whatNext: answer.what_next,
            whoDecides: answer.who_decides,
            happenedOn: answer.happened,
            newDate: answer.new_date,
          },
          new Date(),
        );
        return reply.redirect(`${episodePath(personId, id)}?done=blocker`, 303);
      },
      'CW_REFUSED',
      (error) => renderBlocker(request, reply.code(400), refusedBy(request, error)),
    );
  });

  async function renderClose(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const id = episodeId(request);
    const page = await episodes.closeForm(request.personData, personId, id);
    return reply.render('teamwork/views/episode-close.njk', {
      pageTitle: `Close the stay – ${page.name}`,
      backLink: episodePath(personId, id),
      action: `${episodePath(personId, id)}/close`,
      name: page.name,
      episode: page.episode,
      values: form.values,
      ...errorsOf(form),
    });
  }

  app.get('/people/:personId/episodes/:episodeId/close', { preHandler: requireStaff }, (request, reply) =>
    renderClose(request, reply, { values: {} }),
  );

  app.post('/people/:personId/episodes/:episodeId/close', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const id = episodeId(request);
    const form = checkForm(closeForm(), request.body);
    if (!form.ok) return renderClose(request, reply.code(400), form);
    return unlessRefused(
      async () => {
        await episodes.close(request.personData, personId, id, form.data.how_it_ended, new Date());
        return reply.redirect(`${episodePath(personId, id)}?done=closed`, 303);
      },
      'CW_REFUSED',
      (error) => renderClose(request, reply.code(400), refusedBy(request, error)),
    );
  });

  async function renderWhatYouKnow(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const id = episodeId(request);
    const page = await episodes.whatYouKnowForm(request.personData, personId, id);
    return reply.render('teamwork/views/episode-what-you-know.njk', {
      pageTitle: 'Tell the ward what you know',
      backLink: episodePath(personId, id),
      action: `${episodePath(personId, id)}/what-you-know`,
      name: page.name,
      isCitizen: request.actor?.kind === 'citizen',
      episode: page.episode,
      values: form.values,
      ...errorsOf(form),
    });
  }

  app.get('/people/:personId/episodes/:episodeId/what-you-know', { preHandler: requireSignedIn }, (request, reply) =>
    renderWhatYouKnow(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/episodes/:episodeId/what-you-know',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const id = episodeId(request);
      const form = checkForm(whatYouKnowForm(), request.body);
      if (!form.ok) return renderWhatYouKnow(request, reply.code(400), form);
      return unlessRefused(
        async () => {
          await episodes.addWhatYouKnow(request.personData, personId, id, form.data.what_you_know, new Date());
          return reply.redirect(`${episodePath(personId, id)}?done=known`, 303);
        },
        'CW_REFUSED',
        (error) =>
          renderWhatYouKnow(request, reply.code(400), {
            values: request.body as Record<string, unknown>,
            errors: fieldError('what_you_know', error.message),
          }),
      );
    },
  );

  app.get('/staff/episodes', { preHandler: [requireStaff, onlyFor('seeTransfersOfCare')] }, async (request, reply) => {
    const counts = await episodes.forManager(request.personData, new Date());
    return reply.render('teamwork/views/episodes-manager.njk', {
      pageTitle: 'Hospital stays and moves',
      organisation: request.actor?.kind === 'staff' ? request.actor.organisationName : '',
      open: counts.open,
      followUpsMissed: counts.followUpsMissed,
      delays: managerRows(counts.delays),
    });
  });
}
