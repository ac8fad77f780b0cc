import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, ukDate } from '../src/dates.ts';
import { newId } from '../src/ids.ts';
import { signedIn } from '../test/support/app.ts';
import { addStream, moneyFields, startBudget } from '../test/support/budget-builder.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * Priya imports the bank statement of Aisha's direct-payment account in a browser: chooses the funding and the
 * file, sees each line with its problems, and records the valid lines by choosing to leave the others out. Every
 * page is scanned with axe, with JavaScript off: careweave.js changes nothing on these pages (see useJourney in
 * support/browser.ts).
 */
describe(`importing a bank statement in Chromium, JavaScript off`, () => {
  const journey = useJourney(false);

  test('Priya previews a statement with a problem and records the valid lines', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    const today = ukDate(new Date());
    const uk = (days: number) => addDays(today, -days).split('-').reverse().join('/');
    const client = await signedIn(app, 'priya.shah@council.example.org');
    await startBudget(client, aisha, addDays(today, -60), addDays(today, 300));
    const council = await addStream(app, client, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbrook Council',
      amount: '5000',
      managed_as: 'direct_payment',
      review_on: addDays(today, 150),
    });
    const paid = await client.post(
      `/people/${aisha}/budget/money/payment`,
      moneyFields({
        stream: council,
        amount: '200',
        occurred_on: addDays(today, -40),
        description: 'Direct payment',
        idempotency_key: newId(),
      }),
    );
    assert.equal(paid.status, 303);

    const priya = await journey.visitor();
    await signIn(priya, app, 'priya.shah@council.example.org');
    await visit(priya, app, `/people/${aisha}/budget`);
    await follow(priya, 'link', 'Import a direct-payment bank statement');
    await priya.getByLabel('Northbrook Council').check();
    await priya.getByLabel('What kind of support the spending paid for').selectOption({ label: 'Transport' });
    const csv = [
      'Date,Description,Paid out,Paid in',
      `${uk(9)},Taxi,12.00,`,
      `${uk(8)},Bus,1.2x,`,
      `${uk(7)},Taxi refund,,4.00`,
    ];
    await priya.getByLabel('The bank statement (CSV file)').setInputFiles({
      name: 'statement.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv.join('\n')),
    });
    await follow(priya, 'button', 'Check the statement');
    assert.equal(await priya.getByRole('heading', { level: 1 }).innerText(), 'Check the bank statement');
    assert.ok(await priya.getByText('2 lines can be recorded, 1 has problems.').isVisible());
    assert.ok(await priya.getByText('Line 3, Money out: 1.2x is not an amount of money').first().isVisible());
    assert.equal(await priya.getByRole('button', { name: /^Record all/ }).count(), 0);
    await follow(priya, 'button', 'Record the 2 valid lines and leave out 1');
    assert.ok(await priya.getByText('2 lines were recorded.').isVisible());
    const rows = await app.db
      .selectFrom('ledger_transaction')
      .select(['kind', 'description', 'category'])
      .where('person_id', '=', aisha)
      .where('idempotency_key', 'like', 'statement:%')
      .orderBy('occurred_on')
      .execute();
    assert.deepEqual(rows, [
      { kind: 'spend', description: 'Taxi', category: 'transport' },
      { kind: 'refund', description: 'Taxi refund', category: null },
    ]);
    await expectAccessible(priya);
  });
});
