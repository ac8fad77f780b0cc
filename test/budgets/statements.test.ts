import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import {
  addCouncilAndNhs,
  addLines,
  budgetPath,
  moneyFields,
  startBudget,
  type MoneyForm,
} from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';
import { makeLeadProfessional, planWithGoal } from '../support/plan-builder.ts';

// Monthly statements, the pace of spending and what the money has achieved, over HTTP, for a budget that began on
// the first day of last month, with money recorded in last month and in this one.

/** 'YYYY-MM' of the month before the one `date` is in. */
const monthBefore = (date: string) => addDays(`${date.slice(0, 7)}-01`, -1).slice(0, 7);
const monthWords = (month: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T12:00:00Z`),
  );

describe(`Monthly statements and what the money achieved (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let aishaClient: TestClient;
  let council: string;
  let nhs: string;
  let spentOnActivities: string;
  let pa: string | undefined;
  let physio: string | undefined;
  const today = ukDate(new Date());
  const thisMonth = today.slice(0, 7);
  const lastMonth = monthBefore(today);
  const startsOn = `${lastMonth}-01`;
  const endsOn = addDays(startsOn, 364);
  const firstOfThisMonth = `${thisMonth}-01`;
  const inLastMonth = (day: number) => `${lastMonth}-${String(day).padStart(2, '0')}`;
  const path = (rest = '') => budgetPath(aisha, rest);
  const text = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };
  const record = async (kind: string, money: Omit<MoneyForm, 'idempotency_key'>) => {
    const page = await priya.post(path(`/money/${kind}`), moneyFields({ ...money, idempotency_key: newId() }));
    assert.equal(page.status, 303, `${kind} ${money.description}: ${visibleText(page.text).slice(0, 300)}`);
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    const { goalId } = await planWithGoal(app, priya, aisha, 'To get to the allotment every week');
    await makeLeadProfessional(app, priya, aisha, app.ids.staff.priya!);
    await startBudget(priya, aisha, startsOn, endsOn);
    ({ council, nhs } = await addCouncilAndNhs(app, priya, aisha, today));
    [pa, physio] = await addLines(app, priya, aisha, [
      {
        what: 'Personal assistant for the allotment',
        provider: 'You, employing Jo',
        unit_cost: '15',
        quantity: '6',
        frequency: 'weekly',
        category: 'personal_assistant',
        goal: goalId,
        stream: council,
      },
      {
        what: 'Physiotherapy at home',
        provider: 'Northbrook Therapies',
        unit_cost: '45',
        quantity: '1',
        frequency: 'monthly',
        category: 'therapy',
        goal: 'none',
        stream: nhs,
      },
    ]);
  });
  after(() => app.close());

  test('before anything is spent, the budget page tells Aisha she is behind her plan, and who to tell', async () => {
    // At least 31 days of a £5,220 plan have gone, so at least £443 was expected, and nothing has been spent.
    const own = await text(aishaClient, path());
    assert.match(
      own,
      /You have spent £[\d,]+\.\d\d less than your plan expected by now\. If support is not happening, tell Priya Shah\./,
    );
    assert.match(
      await text(priya, path()),
      /Aisha Khan has spent £[\d,]+\.\d\d less than the support plan expected by now\. Check that the support is happening\./,
    );
  });

  test('money recorded across two months, with past dates, and one entry corrected', async () => {
    await record('payment', {
      stream: council,
      amount: '600',
      occurred_on: inLastMonth(3),
      description: 'Direct payment',
    });
    await record('spend', {
      stream: council,
      amount: '270',
      occurred_on: inLastMonth(10),
      description: 'Three weeks with Jo',
      payee: 'Jo Bloggs',
      category: 'personal_assistant',
      line: pa,
    });
    await record('spend', {
      stream: nhs,
      amount: '45',
      occurred_on: inLastMonth(12),
      description: 'Physiotherapy',
      payee: 'Northbrook Therapies',
      category: 'therapy',
      line: physio,
    });
    await record('spend', {
      stream: council,
      amount: '20',
      occurred_on: inLastMonth(15),
      description: 'Allotment society fee',
      payee: 'Allotment society',
      category: 'activities',
      line: 'none',
    });
    spentOnActivities = (
      await app.db
        .selectFrom('ledger_transaction')
        .select('id')
        .where('person_id', '=', aisha)
        .where('description', '=', 'Allotment society fee')
        .executeTakeFirstOrThrow()
    ).id;
    const corrected = await priya.post(path(`/transactions/${spentOnActivities}/correct`), {
      reason: 'Paid by the allotment society itself',
    });
    assert.equal(corrected.status, 303);
    await record('spend', {
      stream: council,
      amount: '90',
      occurred_on: firstOfThisMonth,
      description: 'A week with Jo',
      payee: 'Jo Bloggs',
      category: 'personal_assistant',
      line: pa,
    });
    await record('refund', {
      stream: council,
      amount: '20',
      occurred_on: firstOfThisMonth,
      description: 'Session Jo could not do',
    });
    await record('clawback', {
      stream: nhs,
      amount: '100',
      occurred_on: firstOfThisMonth,
      description: 'Returned to the NHS',
    });
  });

  test('the list of statements: this month first, with what was spent and left', async () => {
    const page = await text(aishaClient, path('/statements'));
    assert.match(page, /Your monthly statements/);
    assert.match(
      page,
      new RegExp(
        `Month Spent Left ${monthWords(thisMonth)} £90\\.00 £11,375\\.50 ${monthWords(lastMonth)} £335\\.00 £11,545\\.50`,
      ),
    );
    const list = await aishaClient.get(path('/statements'));
    assert.match(list.text, new RegExp(`href="${path(`/statements/${thisMonth}`)}"`));
    assert.match(await text(aishaClient, path()), /Monthly statements What the money has achieved, goal by goal/);
  });

  test('last month’s statement: the figures, spending by kind and by support, the correction shown as such', async () => {
    const page = await text(aishaClient, path(`/statements/${lastMonth}`));
    assert.match(page, new RegExp(`Your personal budget Statement for ${monthWords(lastMonth)}`));
    assert.match(
      page,
      new RegExp(
        `Left at the start £0\\.00 Money added £11,860\\.50 Spent £335\\.00 Corrections \\+£20\\.00 Left at the end £11,545\\.50`,
      ),
    );
    assert.match(
      page,
      /£600\.00 was paid into your direct-payment account\. It is still yours to spend, so it is not counted as spent\./,
    );
    assert.match(
      page,
      /Kind of support Spent A personal assistant £270\.00 Therapies and health support £45\.00 Activities, clubs and days out £20\.00 Total £335\.00/,
    );
    assert.match(
      page,
      /£270\.00 on Personal assistant for the allotment £45\.00 on Physiotherapy at home £20\.00 on things that are not part of your support plan/,
    );
    assert.match(
      page,
      /Corrections .* \d+ \w+: “Allotment society fee” \(spent\) was recorded by mistake and has been put right\. £20\.00 went back into your budget\. The reason given: Paid by the allotment society itself/,
    );
    assert.match(page, /If something here looks wrong, tell Priya Shah\./);
    const html = (await aishaClient.get(path(`/statements/${lastMonth}`))).text;
    assert.match(
      html,
      /<li data-careweave-print hidden><a class="govuk-link" href="#">Print this statement<\/a><\/li>/,
    );
    assert.doesNotMatch(page, /Refunds|Money taken back/, 'nothing of either this month, so no row');
  });

  test('this month’s statement starts where last month ended, with the refund and the money taken back', async () => {
    const page = await text(aishaClient, path(`/statements/${thisMonth}`));
    assert.match(
      page,
      /Left at the start £11,545\.50 Money added £0\.00 Refunds £20\.00 Spent £90\.00 Money taken back £100\.00 Left (so far|at the end) £11,375\.50/,
    );
    assert.match(
      page,
      /Kind of support Spent A personal assistant £90\.00 Which support it paid for £90\.00 on Personal assistant/,
    );
    assert.doesNotMatch(page, /Corrections|direct-payment account/);
  });

  test('a month that is not a month, before the budget, not yet begun or after it is not found', async () => {
    const nextMonth = addDays(`${thisMonth}-28`, 7).slice(0, 7);
    for (const month of [
      '2026-13',
      '2026-1',
      'november',
      `${lastMonth}-01`,
      monthBefore(startsOn),
      nextMonth,
      '2099-01',
    ])
      assert.equal((await aishaClient.get(path(`/statements/${month}`))).status, 404, month);
  });

  test('what the money has achieved: the goal, its progress, the support serving it and what it cost', async () => {
    const page = await text(aishaClient, path('/achievements'));
    assert.match(page, /What your money has achieved/);
    assert.match(
      page,
      /To get to the allotment every week Under way Support for this goal Support Planned Spent so far Personal assistant for the allotment £4,680\.00 £360\.00/,
    );
    assert.match(
      page,
      /Not linked to a goal Support not linked to a goal Support Planned Spent so far Physiotherapy at home £540\.00 £45\.00/,
    );
    assert.match(page, /£20\.00 came back as refunds\. Spent so far in all, less refunds: £385\.00 ?\./);
    assert.doesNotMatch(page, /not part of your support plan/, 'the one such spend was corrected');
  });

  test('spending far ahead of the plan turns the alert round', async () => {
    await record('payment', { stream: council, amount: '3000', occurred_on: today, description: 'Tools money' });
    await record('spend', {
      stream: council,
      amount: '3000',
      occurred_on: today,
      description: 'A year of allotment tools',
      payee: 'Garden shop',
      category: 'activities',
    });
    assert.match(
      await text(aishaClient, path()),
      new RegExp(
        `You have spent £[\\d,]+\\.\\d\\d more than your plan expected by now\\. The money may run out before \\d+ \\w+ \\d{4}\\. If your needs have changed, tell Priya Shah\\.`,
      ),
    );
    assert.match(
      await text(aishaClient, path('/achievements')),
      /£3,000\.00 spent on things that are not part of your support plan\./,
    );
  });

  test('Fatima, acting for Aisha, reads them; Tom (budget not shared) and Grace get 404, and Aisha’s reads are logged', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.match(await text(fatima, path(`/statements/${lastMonth}`)), /Aisha Khan Statement for/);
    assert.match(await text(fatima, path('/statements')), /Monthly statements/);
    assert.match(await text(fatima, path('/achievements')), /What the money has achieved/);
    assert.match(
      await text(priya, path(`/statements/${lastMonth}`)),
      /£600\.00 was paid into the direct-payment account\. It is still Aisha Khan’s to spend/,
    );
    for (const email of [STAFF_EMAILS.tom, STAFF_EMAILS.grace]) {
      const client = await signedIn(app, email);
      for (const at of [path('/statements'), path(`/statements/${lastMonth}`), path('/achievements')])
        assert.equal((await client.get(at)).status, 404, `${email} ${at}`);
    }
    const logged = await app.db
      .selectFrom('access_log')
      .select(['summary', 'action'])
      .where('person_id', '=', aisha)
      .where('part', '=', 'budget')
      .execute();
    assert.ok(
      logged.some((row) => row.action === 'read' && row.summary === `Your statement for ${monthWords(lastMonth)}`),
    );
    assert.ok(logged.some((row) => row.summary === 'What your budget has paid for, goal by goal'));
    assert.ok(logged.filter((row) => row.action === 'refused').length >= 6);
  });
});
