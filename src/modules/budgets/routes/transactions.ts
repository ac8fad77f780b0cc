import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, notFound } from '../../../errors.ts';
import { formatUkDate, ukDate } from '../../../dates.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { BudgetsService } from '../service.ts';
import { describeTransaction } from './describe.ts';
import { reverseForm } from './forms.ts';
import { budgetHome, itemId } from './paths.ts';

// Every transaction of the budget, and correcting one by recording its opposite.

export function registerTransactionRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  app.get('/people/:personId/budget/transactions', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = await budgets.budget.transactions(request.personData, personId, ukDate(new Date()));
    const corrected = new Set(page.rows.map((row) => row.reverses_id).filter((id) => id !== null));
    return reply.render('budgets/views/transactions.njk', {
      pageTitle: page.isThePerson ? 'Your money in and out' : `Money in and out – ${page.name}`,
      backLink: budgetHome(personId),
      name: page.name,
      isThePerson: page.isThePerson,
      home: budgetHome(personId),
      period: page.budget && `${formatUkDate(page.budget.starts_on)} to ${formatUkDate(page.budget.ends_on)}`,
      rows: page.rows.map((row) => ({
        ...describeTransaction(row, page.streams),
        mayCorrect: page.mayManage && row.reverses_id === null && !corrected.has(row.id),
        corrected: corrected.has(row.id),
      })),
    });
  });

  async function renderReverse(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: Record<string, unknown>; errors?: FormErrors },
  ) {
    const personId = pathId(request, 'personId');
    const transactionId = itemId(request, 'transactionId');
    const page = await budgets.budget.transactions(request.personData, personId, ukDate(new Date()));
    const row = page.rows.find((candidate) => candidate.id === transactionId);
    if (!page.mayManage) throw forbidden();
    if (!row) throw notFound();
    return reply.render('budgets/views/reverse.njk', {
      pageTitle: 'Correct a transaction',
      backLink: `${budgetHome(personId)}/transactions`,
      name: page.name,
      action: `${budgetHome(personId)}/transactions/${transactionId}/correct`,
      transaction: describeTransaction(row, page.streams),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get(
    '/people/:personId/budget/transactions/:transactionId/correct',
    { preHandler: requireSignedIn },
    async (request, reply) => renderReverse(request, reply, { values: {} }),
  );

  app.post(
    '/people/:personId/budget/transactions/:transactionId/correct',
    { preHandler: requireSignedIn },
    async (request, reply) => {
      const personId = pathId(request, 'personId');
      const transactionId = itemId(request, 'transactionId');
      const form = checkForm(reverseForm(), request.body);
      if (!form.ok) return renderReverse(request, reply.code(400), form);
      return unlessRefused(
        async () => {
          await budgets.ledger.reverse(request.personData, personId, transactionId, form.data.reason, new Date());
          return reply.redirect(`${budgetHome(personId)}?done=reversal`, 303);
        },
        'CW_REFUSED',
        (error) =>
          renderReverse(request, reply.code(400), {
            values: request.body as Record<string, unknown>,
            errors: fieldError('reason', error.message),
          }),
      );
    },
  );
}
