import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatUkDate } from '../../../dates.ts';
import { forbidden } from '../../../errors.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn, requireStaff } from '../../identity/index.ts';
import type { SchemeInForce } from '../allocation-service.ts';
import { formatPence } from '../money.ts';
import type { BudgetsService } from '../service.ts';
import { SCHEME_VERSION_FIELD, answersForm, lookAgainForm } from './allocation-forms.ts';
import { describeScheme } from './describe-scheme.ts';
import { budgetHome } from './paths.ts';

// The indicative allocation: the figure and how it was reached, the questionnaire the team answers, asking for the
// figure to be looked at again, and the scheme an organisation has published.

const allocationHome = (personId: string) => `${budgetHome(personId)}/allocation`;

const DONE: Record<string, string> = {
  assessed: 'The indicative amount has been worked out.',
  asked: 'Your request has been sent. The team will look at the figure again and tell you what they decide.',
};

type Form = { values: Record<string, unknown>; errors?: FormErrors };

export function registerAllocationRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  const { allocation } = budgets;

  app.get('/people/:personId/budget/allocation', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await allocation.page(request.personData, personId);
    const { done } = request.query as { done?: string };
    const assessment = page.assessment;
    const asked = page.reviewRequest;
    return reply.render('budgets/views/allocation.njk', {
      pageTitle: page.isThePerson ? 'Your indicative amount' : `Indicative amount – ${page.name}`,
      backLink: budgetHome(personId),
      flash: done ? DONE[done] : undefined,
      personId,
      name: page.name,
      isThePerson: page.isThePerson,
      mayAssess: page.mayAssess,
      mayAskAgain: page.mayAskAgain && assessment && !asked,
      home: allocationHome(personId),
      assessment: assessment && {
        amount: formatPence(assessment.amount_pence),
        on: formatUkDate(assessment.assessed_at),
        by: assessment.assessed_by_name,
        scheme: `${assessment.organisation_name}’s scheme, “${assessment.scheme.name}”, published on ${formatUkDate(assessment.scheme.publishedOn)}`,
        answers: assessment.explanation.answers,
        figure: assessment.explanation.figure,
      },
      asked: asked && {
        who: asked.asked_by_id === request.actor?.id ? 'You' : asked.asked_by_name,
        on: formatUkDate(asked.asked_at),
        reason: asked.reason,
      },
    });
  });

  async function renderQuestions(
    reply: FastifyReply,
    personId: string,
    page: { name: string; scheme: SchemeInForce | undefined },
    form: Form,
  ) {
    return reply.render('budgets/views/allocation-questions.njk', {
      pageTitle: 'Work out the indicative amount',
      backLink: allocationHome(personId),
      personId,
      name: page.name,
      action: `${allocationHome(personId)}/questions`,
      versionField: SCHEME_VERSION_FIELD,
      scheme: page.scheme && {
        organisation: page.scheme.organisation_name,
        name: page.scheme.name,
        version: page.scheme.version,
        questions: page.scheme.scheme.questions.map((question) => ({
          key: question.key,
          question: question.question,
          hint: question.hint,
          items: question.options.map((option, index) => ({
            value: String(index),
            text: option.label,
            checked: form.values[question.key] === String(index),
          })),
        })),
      },
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/allocation/questions', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await allocation.questionnaire(request.personData, personId);
    return renderQuestions(reply, personId, page, { values: {} });
  });

  app.post('/people/:personId/budget/allocation/questions', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await allocation.questionnaire(request.personData, personId);
    const values = (request.body ?? {}) as Record<string, unknown>;
    if (!page.scheme) return renderQuestions(reply.code(400), personId, page, { values });
    const form = checkForm(answersForm(page.scheme.scheme), request.body);
    if (!form.ok) return renderQuestions(reply.code(400), personId, page, form);
    if (form.data.schemeVersion !== page.scheme.version)
      return renderQuestions(reply.code(409), personId, page, {
        values: {},
        errors: fieldError(
          page.scheme.scheme.questions[0]!.key,
          'The questions changed while you were answering them. Answer them again.',
        ),
      });
    await allocation.assess(request.personData, personId, page.scheme, form.data.answers, new Date());
    return reply.redirect(`${allocationHome(personId)}?done=assessed`, 303);
  });

  async function renderLookAgain(request: FastifyRequest, reply: FastifyReply, personId: string, form: Form) {
    const page = await allocation.page(request.personData, personId);
    if (!page.mayAskAgain) throw forbidden();
    // Nothing to ask about yet, or already asked: the figure's page says so.
    if (!page.assessment || (page.reviewRequest && !form.errors)) return reply.redirect(allocationHome(personId), 303);
    return reply.render('budgets/views/allocation-look-again.njk', {
      pageTitle: 'Ask for the figure to be looked at again',
      backLink: allocationHome(personId),
      name: page.name,
      isThePerson: page.isThePerson,
      action: `${allocationHome(personId)}/look-again`,
      amount: formatPence(page.assessment.amount_pence),
      assessmentId: page.assessment.id,
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/allocation/look-again', { preHandler: requireSignedIn }, async (request, reply) =>
    renderLookAgain(request, reply, pathId(request, 'personId'), { values: {} }),
  );

  app.post(
    '/people/:personId/budget/allocation/look-again',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const form = checkForm(lookAgainForm(), request.body);
      if (!form.ok) return renderLookAgain(request, reply.code(400), personId, form);
      return unlessRefused(
        async () => {
          await allocation.askAgain(request.personData, personId, form.data.assessment, form.data.reason, new Date());
          return reply.redirect(`${allocationHome(personId)}?done=asked`, 303);
        },
        'CW_REFUSED',
        async (error) =>
          renderLookAgain(request, reply.code(400), personId, {
            values: request.body as Record<string, unknown>,
            errors: fieldError('reason', error.message),
          }),
      );
    },
  );

  app.get('/organisation/allocation-scheme', { preHandler: requireStaff }, async (request, reply) => {
    const actor = request.actor!;
    if (actor.kind !== 'staff') throw forbidden();
    const scheme = await allocation.schemeInForce(actor.organisationId);
    return reply.render('budgets/views/allocation-scheme.njk', {
      pageTitle: 'Resource allocation scheme',
      organisation: actor.organisationName,
      scheme: scheme && describeScheme(scheme),
    });
  });
}
