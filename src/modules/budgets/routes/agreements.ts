import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { agreementPdf } from '../agreement-pdf.ts';
import { AGREEMENT_FREQUENCIES, AGREEMENT_KINDS, isAgreementKind, type AgreementKind } from '../agreement-terms.ts';
import type { BudgetsService } from '../service.ts';
import { FREQUENCIES } from '../terms.ts';
import {
  ASSESSED_INPUT,
  EXPLAINED_INPUT,
  STARTS_INPUT,
  answerForm,
  draftForm,
  explainForm,
} from './agreement-forms.ts';
import { budgetHome, itemId } from './paths.ts';

// Money agreements: a practitioner writes one and records explaining it; everyone who reads the budget reads it in
// plain words and can download it; the person, or a representative with authority over their money and the
// capacity facts, answers it once.

type Form = { values: Record<string, unknown>; errors?: FormErrors };

const DONE: Record<string, string> = {
  drafted: 'The agreement has been written. Go through it with the person, then record that you explained it.',
  explained: 'It has been recorded that you explained the agreement.',
  agreed: 'Your agreement has been recorded.',
  declined: 'It has been recorded that you do not agree.',
};

const agreementsHome = (personId: string) => `${budgetHome(personId)}/agreements`;

export function registerAgreementRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  const { agreements } = budgets;

  async function renderDraft(reply: FastifyReply, personId: string, kind: AgreementKind | null, form: Form) {
    const { name, budget } = await agreements.forDraft(reply.request.personData, personId, ukDate(new Date()));
    if (!budget) return reply.redirect(`${budgetHome(personId)}/start`, 303);
    return reply.render('budgets/views/agreement-new.njk', {
      pageTitle: kind ? `Write a ${AGREEMENT_KINDS[kind].toLowerCase()}` : 'Write a money agreement',
      backLink: budgetHome(personId),
      personId,
      name,
      kind,
      action: `${agreementsHome(personId)}/new`,
      kinds: Object.entries(AGREEMENT_KINDS).map(([value, text]) => ({ value, text })),
      frequencies: AGREEMENT_FREQUENCIES.map((value) => ({ value, text: FREQUENCIES[value] })),
      values: form.values,
      startsOn: dateInputView('starts_on', form.values, form.errors, STARTS_INPUT),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/agreements/new', { preHandler: requireSignedIn }, async (request, reply) => {
    const { kind } = request.query as { kind?: unknown };
    return renderDraft(reply, pathId(request, 'personId'), isAgreementKind(kind) ? kind : null, { values: {} });
  });

  app.post('/people/:personId/budget/agreements/new', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!isAgreementKind(body.kind))
      return renderDraft(reply.code(400), personId, null, {
        values: body,
        errors: {
          list: [{ text: 'Select the kind of agreement', href: '#kind' }],
          byField: { kind: { text: 'Select the kind of agreement' } },
        },
      });
    const form = checkForm(draftForm(body.kind), body);
    if (!form.ok) return renderDraft(reply.code(400), personId, body.kind, form);
    const id = await agreements.draft(request.personData, personId, form.data, new Date());
    return reply.redirect(`${agreementsHome(personId)}/${id}?done=drafted`, 303);
  });

  async function renderAgreement(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form & { refusal?: string },
  ): Promise<FastifyReply> {
    const personId = pathId(request, 'personId');
    const agreementId = itemId(request, 'agreementId');
    const page = await agreements.show(request.personData, personId, agreementId, new Date());
    const { done } = request.query as { done?: string };
    const here = `${agreementsHome(personId)}/${agreementId}`;
    const errors = form.refusal ? [{ text: form.refusal, href: '#answer' }] : form.errors?.list;
    return reply.render('budgets/views/agreement.njk', {
      pageTitle: page.isThePerson ? `Your ${page.title.toLowerCase()}` : `${page.title} – ${page.name}`,
      backLink: budgetHome(personId),
      flash: done ? DONE[done] : undefined,
      name: page.name,
      isThePerson: page.isThePerson,
      title: page.title,
      here,
      sections: page.sections,
      record: page.record,
      mayManage: page.mayManage,
      mayAnswer: page.mayAnswer,
      cannotAnswer: page.cannotAnswer,
      asRepresentative: page.asRepresentative,
      values: form.values,
      assessedOn: dateInputView('capacity_assessed_on', form.values, form.errors, ASSESSED_INPUT),
      errors,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/agreements/:agreementId', { preHandler: requireSignedIn }, (request, reply) =>
    renderAgreement(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/budget/agreements/:agreementId/answer',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const agreementId = itemId(request, 'agreementId');
      const now = new Date();
      const page = await agreements.show(request.personData, personId, agreementId, now);
      const values = (request.body ?? {}) as Record<string, unknown>;
      if (!page.mayAnswer)
        return renderAgreement(request, reply.code(400), {
          values,
          refusal: page.cannotAnswer ?? 'Only the person, or someone with authority over their money, can agree this.',
        });
      const form = checkForm(answerForm(page.asRepresentative, ukDate(now)), values);
      if (!form.ok) return renderAgreement(request, reply.code(400), form);
      return unlessRefused(
        async () => {
          await agreements.answer(request.personData, personId, agreementId, form.data, now);
          return reply.redirect(`${agreementsHome(personId)}/${agreementId}?done=${form.data.outcome}`, 303);
        },
        'CW_REFUSED',
        (error) => renderAgreement(request, reply.code(400), { values, refusal: error.message }),
      );
    },
  );

  async function renderExplain(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const agreementId = itemId(request, 'agreementId');
    const page = await agreements.forExplaining(request.personData, personId, agreementId);
    const here = `${agreementsHome(personId)}/${agreementId}`;
    return reply.render('budgets/views/agreement-explain.njk', {
      pageTitle: 'Record that you explained the agreement',
      backLink: here,
      name: page.name,
      title: page.title,
      action: `${here}/explained`,
      values: form.values,
      explainedOn: dateInputView('explained_on', form.values, form.errors, EXPLAINED_INPUT),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get(
    '/people/:personId/budget/agreements/:agreementId/explained',
    { preHandler: requireSignedIn },
    (request, reply) => renderExplain(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/budget/agreements/:agreementId/explained',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const agreementId = itemId(request, 'agreementId');
      const now = new Date();
      const form = checkForm(explainForm(ukDate(now)), request.body);
      if (!form.ok) return renderExplain(request, reply.code(400), form);
      const explanation = {
        explainedOn: form.data.explained_on,
        explainedTo: form.data.explained_to,
        how: form.data.how,
      };
      return unlessRefused(
        async () => {
          await agreements.explain(request.personData, personId, agreementId, explanation, now);
          return reply.redirect(`${agreementsHome(personId)}/${agreementId}?done=explained`, 303);
        },
        'CW_REFUSED',
        (error) =>
          renderExplain(request, reply.code(400), {
            values: request.body as Record<string, unknown>,
            errors: {
              list: [{ text: error.message, href: '#explained_on-day' }],
              byField: { explained_on: { text: error.message } },
            },
          }),
      );
    },
  );

  app.get(
    '/people/:personId/budget/agreements/:agreementId/pdf',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const agreementId = itemId(request, 'agreementId');
      const page = await agreements.show(request.personData, personId, agreementId, new Date());
      const pdf = await agreementPdf({
        title: page.title,
        personName: page.name,
        sections: page.sections,
        record: page.record,
        printedAt: new Date(),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${page.agreement.kind.replace('_', '-')}-agreement.pdf"`)
        .send(pdf);
    },
  );
}
