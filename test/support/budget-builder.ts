import assert from 'node:assert/strict';
import { addDays } from '../../src/dates.ts';
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

/** The sum of every posting of a person's ledger, and of each transaction: zero, always. And what was spent. */
export async function ledgerSums(app: TestApp, personId: string) {
  const rows = await app.db
    .selectFrom('ledger_posting')
    .select(['transaction_id', 'account', 'amount_pence'])
    .where('person_id', '=', personId)
    .execute();
  const byTransaction = new Map<string, number>();
  for (const row of rows)
    byTransaction.set(row.transaction_id, (byTransaction.get(row.transaction_id) ?? 0) + row.amount_pence);
  const sum = (of: typeof rows) => of.reduce((all, row) => all + row.amount_pence, 0);
  return {
    total: sum(rows),
    spent: sum(rows.filter((row) => row.account === 'spent')),
    byTransaction,
    postings: rows.length,
  };
}

/**
 * The two streams most budget tests use: Northbrook Council's £9,360 as a direct payment for a personal assistant and
 * activities, and Northbrook NHS's £2,500.50 arranged for the person, for anything. Answers their ids.
 */
export async function addCouncilAndNhs(app: TestApp, client: TestClient, personId: string, today: string) {
  const council = await addStream(app, client, personId, {
    kind: 'council_personal_budget',
    funder_name: 'Northbrook Council',
    amount: '9,360',
    managed_as: 'direct_payment',
    allowed_categories: ['personal_assistant', 'activities'],
    review_on: addDays(today, 150),
  });
  const nhs = await addStream(app, client, personId, {
    kind: 'nhs_personal_health_budget',
    funder_name: 'Northbrook NHS',
    amount: '2500.50',
    managed_as: 'notional',
    review_on: addDays(today, 300),
  });
  return { council, nhs };
}

/** Adds lines to the support plan through the form, each with a 303; answers their ids in the same order. */
export async function addLines(app: TestApp, client: TestClient, personId: string, lines: Record<string, string>[]) {
  const ids: string[] = [];
  for (const line of lines) {
    const page = await client.post(budgetPath(personId, '/lines/add'), { version: '0', ...line });
    assert.equal(page.status, 303, `line added: ${line.what}`);
    const row = await app.db
      .selectFrom('support_plan_line')
      .select('line_id')
      .where('person_id', '=', personId)
      .where('what', '=', line.what!)
      .executeTakeFirstOrThrow();
    ids.push(row.line_id);
  }
  return ids;
}

/** How many rows of a person-scoped table belong to this person. */
export async function countRows(
  app: TestApp,
  table:
    | 'money_agreement'
    | 'money_agreement_explanation'
    | 'money_agreement_decision'
    | 'budget'
    | 'funding_stream'
    | 'ledger_transaction'
    | 'support_plan_line'
    | 'allocation_assessment'
    | 'allocation_review_request',
  personId: string,
) {
  const row = await app.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The names of everyone refused a part of a person's record, from the person's access log. */
export async function refusedNames(app: TestApp, personId: string, part: string): Promise<string[]> {
  const rows = await app.db
    .selectFrom('access_log')
    .select('actor_name')
    .where('person_id', '=', personId)
    .where('part', '=', part)
    .where('action', '=', 'refused')
    .execute();
  return rows.map((row) => row.actor_name);
}

/**
 * A year's budget with the council's funding and a care home top-up agreement drafted by `client` (a practitioner
 * in the care team), not yet answered: the form a person and their family are asked to sign.
 */
export async function budgetWithTopUp(app: TestApp, client: TestClient, personId: string, today: string) {
  await startBudget(client, personId, addDays(today, -30), addDays(today, 334));
  await addStream(app, client, personId, {
    kind: 'council_personal_budget',
    funder_name: 'Northbridge City Council',
    amount: '9,360',
    managed_as: 'direct_payment',
    review_on: addDays(today, 150),
  });
  await draftTopUp(client, personId, addDays(today, 14));
}

/** Drafts Oakfield Care Home's top-up agreement for Fatima to pay, from `startsOn`; answers the address it went to. */
export async function draftTopUp(client: TestClient, personId: string, startsOn: string): Promise<string> {
  const drafted = await client.post(budgetPath(personId, '/agreements/new'), {
    kind: 'top_up',
    payee: 'Oakfield Care Home',
    payer: 'Fatima Khan (your daughter)',
    council_name: 'Northbridge City Council',
    home_fee: '716',
    council_pays: '700',
    amount: '16',
    ...dateBoxes('starts_on', startsOn),
    if_it_stops: 'The council will look at your needs again. You will not have to leave the home while it does.',
    notice_weeks: '4',
    how_to_end: 'Write to Priya Shah at Northbridge City Council.',
  });
  assert.equal(drafted.status, 303);
  return drafted.location!;
}
