import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { checkForm, fieldError, type FormErrors } from '../../web/forms.ts';
import { pathId } from '../../web/params.ts';
import { unlessRefused } from '../../web/refusals.ts';
import { onlyFor, requireSignedIn, requireStaff } from '../identity/index.ts';
import { CASE_SECTIONS } from './case-content.ts';
import type { PanelService } from './panel-service.ts';
import { describeCase } from './routes/describe.ts';
import { OUTCOMES, askAgainForm, decisionForm, submitForm } from './routes/forms.ts';

// The panel's pages: the cases sent about a person, sending one, a case with its decisions, and the panel's queue.

const casesPath = (personId: string) => `/people/${personId}/panel`;
type Form = { values: Record<string, unknown>; errors?: FormErrors };

const submissionId = (request: FastifyRequest): string => {
  const value = (request.params as { submissionId?: unknown }).submissionId;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

const DONE: Record<string, string> = {
  sent: 'The case has been sent to the panel.',
  asked: 'The panel has been asked to look at its decision again.',
};

export function registerPanelRoutes(app: FastifyInstance, panel: PanelService): void {
  app.get('/people/:personId/panel', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await panel.cases(request.personData, personId);
    const { done } = request.query as { done?: string };
    return reply.render('panel/views/cases.njk', {
      pageTitle: page.isThePerson ? 'Your plan and budget at the panel' : `Panel – ${page.name}`,
      backLink: page.isPanel ? '/panel' : `/people/${personId}/budget`,
      flash: done ? DONE[done] : undefined,
      personId,
      ...page,
      cases: page.histories.map(describeCase),
    });
  });

  async function renderSubmit(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const page = await panel.submitForm(request.personData, personId);
    const chosen = new Set(([] as unknown[]).concat(form.values.sections ?? Object.keys(CASE_SECTIONS)));
    return reply.render('panel/views/send.njk', {
      pageTitle: 'Send the plan and budget to a panel',
      backLink: casesPath(personId),
      personId,
      name: page.name,
      values: form.values,
      panels: page.panels.map((organisation) => ({ value: organisation.id, text: organisation.name })),
      sections: Object.entries(CASE_SECTIONS).map(([value, text]) => ({ value, text, checked: chosen.has(value) })),
      agreedBy: [
        { value: 'person', text: page.name },
        ...page.representatives.map((member) => ({
          value: member.id,
          text: `${member.name} (${member.relationship}), who may act for ${page.name}`,
        })),
      ],
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/panel/send', { preHandler: requireSignedIn }, async (request, reply) =>
    renderSubmit(request, reply, { values: {} }),
  );

  app.post('/people/:personId/panel/send', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(submitForm(), request.body);
    if (!form.ok) return renderSubmit(request, reply.code(400), form);
    const answer = form.data;
    return unlessRefused(
      async () => {
        await panel.submit(
          request.personData,
          personId,
          {
            organisationId: answer.panel,
            sections: answer.sections,
            askingFor: answer.asking_for,
            personView: answer.person_view,
            agreedBy: answer.agreed_by,
          },
          new Date(),
        );
        return reply.redirect(`${casesPath(personId)}?done=sent`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderSubmit(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: fieldError(error.message.includes('agreed') ? 'agreed_by' : 'panel', error.message),
        }),
    );
  });

  async function renderCase(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const id = submissionId(request);
    const page = await panel.cases(request.personData, personId);
    const history = page.histories.find((candidate) => candidate.submission.id === id);
    if (!history) throw notFound();
    return reply.render('panel/views/case.njk', {
      pageTitle: page.isThePerson ? 'What was sent to the panel' : `Panel case – ${page.name}`,
      backLink: page.isPanel ? '/panel' : casesPath(personId),
      personId,
      name: page.name,
      isThePerson: page.isThePerson,
      mayDecide: page.isPanel && history.waiting,
      mayAskAgain: page.mayAskAgain && !history.waiting,
      case: describeCase(history),
      outcomes: Object.entries(OUTCOMES).map(([value, text]) => ({ value, text })),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/panel/:submissionId', { preHandler: requireSignedIn }, async (request, reply) =>
    renderCase(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/panel/:submissionId/decision',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const id = submissionId(request);
      const form = checkForm(decisionForm(), request.body);
      if (!form.ok) return renderCase(request, reply.code(400), form);
      return unlessRefused(
        async () => {
          await panel.decide(
            request.personData,
            personId,
            id,
            { ...form.data, conditions: form.data.conditions ?? '', risks: form.data.risks ?? '' },
            new Date(),
          );
          return reply.redirect('/panel?decided=1', 303);
        },
        'CW_REFUSED',
        (error) =>
          renderCase(request, reply.code(400), {
            values: request.body as Record<string, unknown>,
            errors: fieldError('outcome', error.message),
          }),
      );
    },
  );

  app.post(
    '/people/:personId/panel/:submissionId/ask-again',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const id = submissionId(request);
      const form = checkForm(askAgainForm(), request.body);
      if (!form.ok) return renderCase(request, reply.code(400), form);
      return unlessRefused(
        async () => {
          await panel.askAgain(request.personData, personId, id, form.data.reason, new Date());
          return reply.redirect(`${casesPath(personId)}?done=asked`, 303);
        },
        'CW_REFUSED',
        (error) =>
          renderCase(request, reply.code(400), {
            values: request.body as Record<string, unknown>,
            errors: fieldError('reason', error.message),
          }),
      );
    },
  );

  app.get('/panel', { preHandler: [requireStaff, onlyFor('decidePanelCases')] }, async (request, reply) => {
    const actor = request.actor!;
    if (actor.kind !== 'staff') throw notFound();
    const listed = await panel.queue(request.personData, actor.organisationId);
    const { decided } = request.query as { decided?: string };
    return reply.render('panel/views/queue.njk', {
      pageTitle: 'Panel cases',
      flash: decided === '1' ? 'Your decision has been recorded. The case has left your list.' : undefined,
      organisation: actor.organisationName,
      cases: listed.flatMap(({ personId, shown }) =>
        shown.waiting.map((history) => ({
          personId,
          name: shown.name,
          ...describeCase(history),
          lookAgain: history.decisions.length > 0,
        })),
      ),
    });
  });
}
