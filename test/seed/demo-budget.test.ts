import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { seedDemoBudget } from '../../src/seed/demo-budget.ts';
import { seedDemoPlan } from '../../src/seed/demo-plan.ts';
import { CITIZEN_EMAILS, signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, visibleText, type TestApp } from '../support/app.ts';
import { ledgerSums } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

describe(`the demo area's personal budget for Aisha (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    await seedDemoPlan(app.db, app.ids);
    await seedDemoBudget(app.db, app.ids);
  });
  after(() => app.close());

  test('the ledger balances: every transaction and the whole of it sum to zero', async () => {
    const sums = await ledgerSums(app, aisha);
    assert.equal(sums.total, 0);
    assert.ok([...sums.byTransaction.values()].every((sum) => sum === 0));
    assert.equal(sums.byTransaction.size, 8);
  });

  test('Aisha reads one budget from two funders, what it pays for and the goal it serves', async () => {
    const page = visibleText((await (await signedIn(app, CITIZEN_EMAILS.aisha)).get(`/people/${aisha}/budget`)).text);
    assert.match(page, /Money for this period £11,860\.00 Spent £405\.00 Left to spend £11,455\.00/);
    assert.match(page, /It comes from 2 places\./);
    assert.match(
      page,
      /A personal assistant to walk with Aisha .* Goal it helps with To walk to the corner shop on my own again by the summer/,
    );
  });

  test('Priya, her key worker, may change it; Tom, whom Aisha does not share it with, gets 404', async () => {
    const priya = visibleText((await (await signedIn(app, STAFF_EMAILS.priya)).get(`/people/${aisha}/budget`)).text);
    assert.match(priya, /Add to the support plan/);
    assert.equal((await (await signedIn(app, STAFF_EMAILS.tom)).get(`/people/${aisha}/budget`)).status, 404);
  });
});
