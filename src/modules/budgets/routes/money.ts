import type { FastifyInstance, FastifyReply } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { newId } from '../../../ids.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { renderConflict, unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { MoneyEntry } from '../ledger-service.ts';
import type { BudgetsService } from '../service.ts';
import { SPENDING_CATEGORIES, type SpendingCategory } from '../terms.ts';
import { OCCURRED_INPUT, moneyForm } from './forms.ts';
import { budgetHome } from './paths.ts';

// Recording money: spending, a payment into the direct-payment account, a refund, more money, money taken back.

type Kind = MoneyEntry['kind'];
type Form = { values: Record<string, unknown>; errors?: FormErrors };

const PAGES: Record<Kind, { title: string; button: string; describe: string; hint: string }> = {
  spend: {
    title: 'Record spending',
    button: 'Record the spending',
    describe: 'What it paid for',
    hint: 'For example, 4 hours of support in the week of 2 November.',
  },
  payment: {
    title: 'Record a payment into the direct-payment account',
    button: 'Record the payment',
    describe: 'What the payment is',
    hint: 'For example, the direct payment for November.',
  },
  refund: {
    title: 'Record a refund',
    button: 'Record the refund',
    describe: 'What was refunded',
    hint: 'For example, a session cancelled by the provider.',
  },
  allocation: {
    title: 'Add more money from a funder',
    button: 'Add the money',
    describe: 'Why more money was given',
    hint: 'For example, more hours agreed at the review.',
  },
  clawback: {
    title: 'Record money taken back',
    button: 'Record it',
    describe: 'Why the money was taken back',
    hint: 'For example, money not spent at the end of the year, returned to the council.',
  },
};

/** The field a refusal from the ledger is about, for the message beside it. */
const refusedField = (message: string) =>
  message.includes('does not pay')
    ? 'category'
    : message.startsWith('Choose which funding') || message.includes('direct payment.')
      ? 'stream'
      : message.includes('support plan')
        ? 'line'
        : 'amount';

const kindOf = (value: unknown): Kind => {
  if (typeof value === 'string' && value in PAGES) return value as Kind;
  throw notFound();
};

export function registerMoneyRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  async function renderForm(reply: FastifyReply, personId: string, kind: Kind, form: Form) {
    const today = ukDate(new Date());
    const context = await budgets.budget.forForm(reply.request.personData, personId, today);
    if (!context.budget) return reply.redirect(`${budgetHome(personId)}/start`, 303);
    const page = PAGES[kind];
    const streams = context.streams.filter((stream) => kind !== 'payment' || stream.managed_as === 'direct_payment');
    const lines = kind === 'spend' ? await budgets.budget.linesFor(reply.request.personData, personId, today) : [];
    return reply.render('budgets/views/money-form.njk', {
      pageTitle: page.title,
      backLink: budgetHome(personId),
      action: `${budgetHome(personId)}/money/${kind}`,
      page,
      kind,
      name: context.name,
      values: { idempotency_key: newId(), ...form.values },
      streams: streams.map((stream) => ({ value: stream.id, text: stream.funder_name })),
      categories: [
        { value: '', text: 'Choose what it paid for' },
        ...Object.entries(SPENDING_CATEGORIES).map(([value, text]) => ({ value, text })),
      ],
      lines: [
        { value: 'none', text: 'None of them' },
        ...lines.map((line) => ({ value: line.line_id, text: `${line.what} (${line.provider})` })),
      ],
      occurredOn: dateInputView('occurred_on', form.values, form.errors, OCCURRED_INPUT),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/budget/money/:kind', { preHandler: requireSignedIn }, async (request, reply) =>
    renderForm(reply, pathId(request, 'personId'), kindOf((request.params as { kind?: string }).kind), {
      values: {},
    }),
  );

  app.post('/people/:personId/budget/money/:kind', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const kind = kindOf((request.params as { kind?: string }).kind);
    const today = ukDate(new Date());
    const form = checkForm(moneyForm(kind, today), request.body);
    if (!form.ok) return renderForm(reply.code(400), personId, kind, form);
    const answer = form.data;
    const body = request.body as Record<string, unknown>;
    const entry: MoneyEntry = {
      kind,
      streamId: answer.stream,
      amountPence: answer.amount,
      occurredOn: answer.occurred_on,
      description: answer.description,
      payee: answer.payee,
      category: kind === 'spend' ? (answer.category as SpendingCategory) : null,
      lineId: kind === 'spend' && answer.line !== '' && answer.line !== 'none' ? answer.line : null,
      receiptReference: answer.receipt,
      idempotencyKey: answer.idempotency_key,
    };
    return unlessRefused(
      () =>
        unlessRefused(
          async () => {
            const recorded = await budgets.ledger.record(request.personData, personId, entry, new Date());
            return reply.redirect(`${budgetHome(personId)}?done=${recorded.replayed ? 'again' : kind}`, 303);
          },
          'CW_REFUSED',
          (error) =>
            renderForm(reply.code(400), personId, kind, {
              values: body,
              errors: fieldError(refusedField(error.message), error.message),
            }),
        ),
      'CW_CONFLICT',
      (error) =>
        renderConflict(reply, 'budgets/views/money-conflict.njk', {
          pageTitle: 'This form was already sent',
          backLink: budgetHome(personId),
          message: error.message,
        }),
    );
  });
}
