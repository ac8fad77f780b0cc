import type { FastifyInstance, FastifyReply } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { BudgetsService } from '../service.ts';
import { MANAGED_AS, SPENDING_CATEGORIES, STREAM_KINDS } from '../terms.ts';
import { PERIOD_INPUTS, REVIEW_INPUT, periodForm, streamForm } from './forms.ts';
import { budgetHome } from './paths.ts';

// Starting a budget for a period, and adding the funding that feeds it.

type Form = { values: Record<string, unknown>; errors?: FormErrors };

export function registerSetupRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  const { budget } = budgets;

  async function renderStart(reply: FastifyReply, personId: string, name: string, form: Form) {
    return reply.render('budgets/views/start.njk', {
      pageTitle: 'Start a personal budget',
      backLink: budgetHome(personId),
      personId,
      name,
      startsOn: dateInputView('starts_on', form.values, form.errors, PERIOD_INPUTS.starts_on),
      endsOn: dateInputView('ends_on', form.values, form.errors, PERIOD_INPUTS.ends_on),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/start', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const { name } = await budget.forForm(request.personData, personId, ukDate(new Date()));
    return renderStart(reply, personId, name, { values: {} });
  });

  app.post('/people/:personId/budget/start', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(periodForm(), request.body);
    if (!form.ok) {
      const { name } = await budget.forForm(request.personData, personId, ukDate(new Date()));
      return renderStart(reply.code(400), personId, name, form);
    }
    const period = { startsOn: form.data.starts_on, endsOn: form.data.ends_on };
    return unlessRefused(
      async () => {
        await budget.start(request.personData, personId, period, new Date());
        return reply.redirect(`${budgetHome(personId)}?done=started`, 303);
      },
      'CW_REFUSED',
      async (error) => {
        const { name } = await budget.forForm(request.personData, personId, ukDate(new Date()));
        return renderStart(reply.code(400), personId, name, {
          values: request.body as Record<string, unknown>,
          errors: fieldError('starts_on', error.message),
        });
      },
    );
  });

  async function renderStream(reply: FastifyReply, personId: string, form: Form) {
    const context = await budget.forForm(reply.request.personData, personId, ukDate(new Date()));
    if (!context.budget) return reply.redirect(`${budgetHome(personId)}/start`, 303);
    const chosen = new Set(
      ([] as unknown[]).concat(form.values.allowed_categories ?? []).filter((value) => typeof value === 'string'),
    );
    return reply.render('budgets/views/stream-add.njk', {
      pageTitle: 'Add funding',
      backLink: budgetHome(personId),
      personId,
      name: context.name,
      values: form.values,
      kinds: Object.entries(STREAM_KINDS).map(([value, text]) => ({ value, text })),
      managedAs: Object.entries(MANAGED_AS).map(([value, words]) => ({
        value,
        text: words.name,
        hint: { text: words.hint },
      })),
      categories: Object.entries(SPENDING_CATEGORIES).map(([value, text]) => ({
        value,
        text,
        checked: chosen.has(value),
      })),
      reviewOn: dateInputView('review_on', form.values, form.errors, REVIEW_INPUT),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/funding/add', { preHandler: requireSignedIn }, async (request, reply) =>
    renderStream(reply, pathId(request, 'personId'), { values: {} }),
  );

  app.post('/people/:personId/budget/funding/add', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(streamForm(), request.body);
    if (!form.ok) return renderStream(reply.code(400), personId, form);
    const answer = form.data;
    // Someone may have the form open with no budget to add to: they are taken to start one.
    return unlessRefused(
      async () => {
        await budget.addStream(
          request.personData,
          personId,
          ukDate(new Date()),
          {
            kind: answer.kind,
            funderName: answer.funder_name,
            amountPence: answer.amount,
            managedAs: answer.managed_as,
            allowedCategories: answer.allowed_categories,
            reviewOn: answer.review_on,
          },
          new Date(),
        );
        return reply.redirect(`${budgetHome(personId)}?done=stream`, 303);
      },
      'CW_REFUSED',
      () => reply.redirect(`${budgetHome(personId)}/start`, 303),
    );
  });
}
