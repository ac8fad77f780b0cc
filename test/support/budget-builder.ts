import assert from 'node:assert/strict';
import type { TestApp, TestClient } from './app.ts';

// Building a personal budget over HTTP, as a practitioner would with the forms.

export const budgetPath = (personId: string, path = '') => `/people/${personId}/budget${path}`;

const dateBoxes = (prefix: string, date: string) => ({
  [`${prefix}-day`]: String(Number(date.slice(8, 10))),
  [`${prefix}-month`]: String(Number(date.slice(5, 7))),
  [`${prefix}-year`]: date.slice(0, 4),
});

export async function startBudget(client: TestClient, personId: string, startsOn: string, endsOn: string) {
  const page = await client.post(budgetPath(personId, '/start'), {
    ...dateBoxes('starts_on', startsOn),
    ...dateBoxes('ends_on', endsOn),
  });
  assert.equal(page.status, 303, 'budget started');
}

export type StreamForm = {
  kind: string;
  funder_name: string;
  amount: string;
  managed_as: string;
  allowed_categories?: string[];
  review_on: string;
};

export const streamFields = (stream: StreamForm) => {
  const { review_on: reviewOn, allowed_categories: allowed = [], ...rest } = stream;
  return { ...rest, allowed_categories: allowed, ...dateBoxes('review_on', reviewOn) };
};

/** Adds a funding stream and answers its id. */
export async function addStream(app: TestApp, client: TestClient, personId: string, stream: StreamForm) {
  const page = await client.post(budgetPath(personId, '/funding/add'), streamFields(stream));
  assert.equal(page.status, 303, `stream added: ${page.status}`);
  const row = await app.db
    .selectFrom('funding_stream')
    .select('id')
    .where('person_id', '=', personId)
    .where('funder_name', '=', stream.funder_name)
    .executeTakeFirstOrThrow();
  return row.id;
}

export type MoneyForm = {
  stream: string;
  amount: string;
  occurred_on: string;
  description: string;
  payee?: string;
  category?: string;
  line?: string;
  receipt?: string;
  idempotency_key: string;
};

export const moneyFields = (money: MoneyForm) => {
  const { occurred_on: on, ...rest } = money;
  return { payee: '', ...rest, ...dateBoxes('occurred_on', on) } as Record<string, string>;
};

/** The sum of every posting of a person's ledger, and of each transaction: zero, always. */
export async function ledgerSums(app: TestApp, personId: string) {
  const rows = await app.db
    .selectFrom('ledger_posting')
    .select(['transaction_id', 'amount_pence'])
    .where('person_id', '=', personId)
    .execute();
  const byTransaction = new Map<string, number>();
  for (const row of rows)
    byTransaction.set(row.transaction_id, (byTransaction.get(row.transaction_id) ?? 0) + row.amount_pence);
  return { total: rows.reduce((all, row) => all + row.amount_pence, 0), byTransaction, postings: rows.length };
}
