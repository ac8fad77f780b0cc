import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { addStream, budgetPath, ledgerSums, moneyFields, startBudget } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

// Money cannot be spent twice: not by payments racing for the same balance, not by the same form sent again, and not
// by anything that writes to the database behind the application's back.

describe(`No double spending (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let stream: string;
  const today = ukDate(new Date());
  const path = (rest = '') => budgetPath(aisha, rest);

  const spendForm = (idempotencyKey: string, amount = '150') =>
    moneyFields({
      stream,
      amount,
      occurred_on: today,
      description: 'Support in November',
      payee: 'Northbrook Home Care',
      category: 'personal_assistant',
      idempotency_key: idempotencyKey,
    });
  const spends = async () =>
    app.db
      .selectFrom('ledger_transaction')
      .select(['id', 'idempotency_key'])
      .where('person_id', '=', aisha)
      .where('kind', '=', 'spend')
      .execute();
  const rowCounts = async () => {
    const count = async (table: 'ledger_transaction' | 'ledger_posting') =>
      Number(
        (
          await app.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .where('person_id', '=', aisha)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { transactions: await count('ledger_transaction'), postings: await count('ledger_posting') };
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    const startsOn = addDays(today, -30);
    await startBudget(priya, aisha, startsOn, addDays(startsOn, 364));
    stream = await addStream(app, priya, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbrook Council',
      amount: '1,000',
      managed_as: 'notional',
      review_on: addDays(today, 150),
    });
  });
  after(() => app.close());

  test('ten payments of £150 racing for £1,000: exactly six are recorded, four are refused, £100 is left', async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => priya.post(path('/money/spend'), spendForm(newId()))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    assert.deepEqual(statuses, [303, 303, 303, 303, 303, 303, 400, 400, 400, 400]);
    for (const answer of answers.filter((candidate) => candidate.status === 303))
      assert.equal(answer.location, `${path()}?done=spend`);
    for (const answer of answers.filter((candidate) => candidate.status === 400))
      assert.match(visibleText(answer.text), /There is not enough money left in this funding to cover it\./);

    assert.equal((await spends()).length, 6);
    const page = visibleText((await priya.get(path())).text);
    assert.match(page, /Money for this period £1,000\.00 Spent £900\.00 Left to spend £100\.00/);
    const sums = await ledgerSums(app, aisha);
    assert.equal(sums.total, 0);
    assert.equal(sums.postings, 2 * 7, 'the allocation and six spends, two postings each');
    for (const [transaction, total] of sums.byTransaction) assert.equal(total, 0, transaction);
  });

  test('the same form sent five times at once is recorded once, and every answer is a success', async () => {
    const before = await spends();
    const key = newId();
    const form = spendForm(key, '20');
    const answers = await Promise.all(Array.from({ length: 5 }, () => priya.post(path('/money/spend'), form)));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [303, 303, 303, 303, 303],
    );
    const locations = answers.map((answer) => answer.location).sort();
    assert.deepEqual(locations, [
      `${path()}?done=again`,
      `${path()}?done=again`,
      `${path()}?done=again`,
      `${path()}?done=again`,
      `${path()}?done=spend`,
    ]);
    const after = await spends();
    assert.equal(after.length, before.length + 1);
    assert.equal(after.filter((row) => row.idempotency_key === key).length, 1);
    assert.match(visibleText((await priya.get(path())).text), /Spent £920\.00 Left to spend £80\.00/);
    assert.equal((await ledgerSums(app, aisha)).total, 0);
  });

  test('the same form sent at once against two funding streams is recorded once, against one of them', async () => {
    // Each request holds only its own stream, so neither waits for the other: the key, kept once by the database,
    // refuses the second, which is then answered as the form sent again.
    const other = await addStream(app, priya, aisha, {
      kind: 'grant',
      funder_name: 'Northbrook Carers Trust',
      amount: '500',
      managed_as: 'notional',
      review_on: addDays(today, 150),
    });
    const key = newId();
    const forms = [spendForm(key, '30'), { ...spendForm(key, '30'), stream: other }];
    const spentBefore = (await ledgerSums(app, aisha)).spent;
    const answers = await Promise.all(forms.map((form) => priya.post(path('/money/spend'), form)));
    assert.deepEqual(answers.map((answer) => answer.location).sort(), [`${path()}?done=again`, `${path()}?done=spend`]);
    assert.equal((await spends()).filter((row) => row.idempotency_key === key).length, 1);
    assert.match(visibleText((await priya.get(path())).text), /Money for this period £1,500\.00/);
    const sums = await ledgerSums(app, aisha);
    assert.equal(sums.spent - spentBefore, 3000, 'spent once');
    assert.equal(sums.total, 0);
  });

  test('the database refuses a transaction whose postings do not balance, or have only one side, and keeps nothing', async () => {
    const budget = await app.db
      .selectFrom('budget')
      .select('id')
      .where('person_id', '=', aisha)
      .executeTakeFirstOrThrow();
    const before = await rowCounts();
    const attempt = (postings: { account: 'funding' | 'held' | 'spent'; amount_pence: number }[]) =>
      app.db.transaction().execute(async (trx) => {
        const id = newId();
        await trx
          .insertInto('ledger_transaction')
          .values({
            person_id: aisha,
            id,
            budget_id: budget.id,
            kind: 'spend',
            occurred_on: today,
            description: 'Written behind the application’s back',
            payee: null,
            category: null,
            line_id: null,
            receipt_reference: null,
            reverses_id: null,
            idempotency_key: newId(),
            recorded_by_kind: 'staff',
            recorded_by_id: app.ids.staff.priya!,
            recorded_by_name: 'Priya',
            recorded_at: new Date(),
          })
          .execute();
        if (postings.length)
          await trx
            .insertInto('ledger_posting')
            .values(
              postings.map((posting) => ({ person_id: aisha, transaction_id: id, stream_id: stream, ...posting })),
            )
            .execute();
      });
    const doesNotBalance = (error: { code?: string; message: string }) =>
      error.code === '23514' && /does not balance/.test(error.message);

    await assert.rejects(
      attempt([
        { account: 'held', amount_pence: -5_000 },
        { account: 'spent', amount_pence: 4_999 },
      ]),
      doesNotBalance,
    );
    await assert.rejects(attempt([{ account: 'spent', amount_pence: 5_000 }]), doesNotBalance);
    await assert.rejects(attempt([]), doesNotBalance);
    assert.deepEqual(await rowCounts(), before);
    assert.equal((await ledgerSums(app, aisha)).total, 0);
  });

  test('the database refuses any change to or removal of a ledger row, and keeps nothing of the attempt', async () => {
    const before = await app.db
      .selectFrom('ledger_posting')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('transaction_id')
      .orderBy('account')
      .execute();
    const beforeTransactions = await app.db
      .selectFrom('ledger_transaction')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('id')
      .execute();
    const appendOnly = (table: string) => (error: { code?: string; message: string }) =>
      error.code === 'P0001' && error.message.includes(`The table ${table} is append-only`);
    const inTransaction = (work: (trx: typeof app.db) => Promise<unknown>) =>
      app.db.transaction().execute(async (trx) => {
        await work(trx);
      });

    await assert.rejects(
      inTransaction((trx) =>
        trx.updateTable('ledger_posting').set({ amount_pence: 1 }).where('person_id', '=', aisha).execute(),
      ),
      appendOnly('ledger_posting'),
    );
    await assert.rejects(
      inTransaction((trx) => trx.deleteFrom('ledger_posting').where('person_id', '=', aisha).execute()),
      appendOnly('ledger_posting'),
    );
    await assert.rejects(
      inTransaction((trx) =>
        trx.updateTable('ledger_transaction').set({ description: 'Changed' }).where('person_id', '=', aisha).execute(),
      ),
      appendOnly('ledger_transaction'),
    );
    await assert.rejects(
      inTransaction((trx) => trx.deleteFrom('ledger_transaction').where('person_id', '=', aisha).execute()),
      appendOnly('ledger_transaction'),
    );
    // A spend and its postings removed together, as someone tidying the books by hand might try.
    const [spend] = await spends();
    await assert.rejects(
      inTransaction(async (trx) => {
        await trx.deleteFrom('ledger_posting').where('transaction_id', '=', spend!.id).execute();
        await trx.deleteFrom('ledger_transaction').where('id', '=', spend!.id).execute();
      }),
      appendOnly('ledger_posting'),
    );
    assert.deepEqual(
      await app.db
        .selectFrom('ledger_posting')
        .selectAll()
        .where('person_id', '=', aisha)
        .orderBy('transaction_id')
        .orderBy('account')
        .execute(),
      before,
    );
    assert.deepEqual(
      await app.db.selectFrom('ledger_transaction').selectAll().where('person_id', '=', aisha).orderBy('id').execute(),
      beforeTransactions,
    );
  });
});
