import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, addMonths, formatUkDate, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { dateBoxes } from '../../src/web/date-field.ts';
import { DEMO_ALLOCATION_SCHEME } from '../../src/seed/demo-allocation.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS, logRowsDuring } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { addStream, budgetPath, moneyFields, startBudget } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

describe(`A personal health budget, step by step (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let council: string;
  let priyaPlace: string;
  let fatimaInCircle: string;
  const today = ukDate(new Date());
  // The budget started some months ago, so a direct payment made then is due its first review already.
  const startsOn = addDays(today, -250);
  const endsOn = addDays(startsOn, 364);
  const path = (rest = '') => budgetPath(aisha, `/journey${rest}`);
  const noDate = { 'expected_on-day': '', 'expected_on-month': '', 'expected_on-year': '' };
  const text = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };
  const versions = (step: string) =>
    app.db
      .selectFrom('budget_journey_step')
      .selectAll()
      .where('person_id', '=', aisha)
      .where('step', '=', step as 'eligibility')
      .orderBy('version')
      .execute();
  const allRows = async () =>
    Number(
      (
        await app.db
          .selectFrom('budget_journey_step')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    await startBudget(priya, aisha, startsOn, endsOn);
    council = await addStream(app, priya, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbrook Council',
      amount: '9,360',
      managed_as: 'direct_payment',
      review_on: addDays(today, 30),
    });
    await addStream(app, priya, aisha, {
      kind: 'nhs_personal_health_budget',
      funder_name: 'Northbrook NHS',
      amount: '2,500',
      managed_as: 'notional',
      review_on: addDays(today, 30),
    });
    priyaPlace = (
      await app.db
        .selectFrom('care_team_member')
        .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
        .select('care_team_member.id')
        .where('care_team_member.person_id', '=', aisha)
        .where('staff_account.email', '=', STAFF_EMAILS.priya)
        .executeTakeFirstOrThrow()
    ).id;
    fatimaInCircle = (
      await app.db
        .selectFrom('circle_member')
        .select('id')
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => app.close());

  test('the budget page links to the steps; every step starts where the record puts it', async () => {
    const budget = await priya.get(budgetPath(aisha));
    assert.match(budget.text, new RegExp(`href="${budgetPath(aisha, '/journey')}"`));
    assert.match(visibleText(budget.text), /The budget step by step: where it is up to and what happens next/);
    const page = await text(priya, path());
    assert.match(page, /Aisha Khan Personal health budget, step by step 1 of 8 steps done\. Now at step 1/);
    assert.match(page, /Step 1 Check you can have a personal health budget Not started/);
    assert.match(page, /Step 4 Plan how the money is spent Not started/);
    // Both funders have given money, so the money is set up: nobody had to say so.
    assert.match(page, /Step 6 Set up the money Done/);
    assert.match(
      page,
      /Nothing has been paid into the direct-payment account from Northbrook Council yet\. The first review is due within 6 months of the first payment\./,
    );
    assert.doesNotMatch(page, /from Northbrook NHS/, 'only direct payments have these reviews');
    assert.equal(await allRows(), 0);
  });

  test('Priya says who is doing what next; the person reads it with how to reach them', async () => {
    const expected = addDays(today, 14);
    const saved = await priya.post(path('/eligibility'), {
      version: '0',
      state: 'in_progress',
      next_action: 'Priya will phone you to talk through the health checks.',
      who: `team:${priyaPlace}`,
      ...dateBoxes('expected_on', expected),
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `${path()}?done=eligibility`);
    const rows = await versions('eligibility');
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.version, 1);
    assert.equal(rows[0]!.state, 'in_progress');
    assert.equal(rows[0]!.next_action, 'Priya will phone you to talk through the health checks.');
    assert.equal(rows[0]!.responsible_kind, 'care_team_member');
    assert.equal(rows[0]!.responsible_id, priyaPlace);
    assert.equal(rows[0]!.responsible_name, 'Priya Shah');
    assert.equal(rows[0]!.expected_on, expected);
    assert.equal(rows[0]!.changed_by_kind, 'staff');
    assert.equal(rows[0]!.changed_by_name.includes('Priya Shah'), true);

    const page = await text(priya, `${path()}?done=eligibility`);
    assert.match(page, /“Check you can have a personal health budget” has been updated\./);
    assert.match(
      page,
      new RegExp(
        'Step 1 Check you can have a personal health budget In progress .*What happens next: Priya will phone you to talk through the health checks\\. ' +
          'Who: Priya Shah \\(Social worker, Northbridge City Council\\) How to contact them: priya\\.shah@council\\.example\\.org ' +
          `Expected by: ${formatUkDate(expected)}`,
      ),
    );
  });

  test('a step can name the person, someone in their circle, or someone else with a contact', async () => {
    const save = (step: string, form: Record<string, string>) =>
      priya.post(path(`/${step}`), { version: '0', ...noDate, ...form });
    assert.equal(
      (
        await save('needs', {
          state: 'in_progress',
          next_action: 'Write down what a good week looks like.',
          who: 'person',
        })
      ).status,
      303,
    );
    assert.equal(
      (
        await save('approval', {
          state: 'not_started',
          next_action: 'Fatima will bring the plan to the panel meeting.',
          who: `circle:${fatimaInCircle}`,
        })
      ).status,
      303,
    );
    assert.equal(
      (
        await save('support', {
          state: 'in_progress',
          next_action: 'Find a personal assistant for Tuesdays.',
          who: 'other',
          who_name: 'Jo Bloggs, support broker',
          who_contact: '01632 960 123',
        })
      ).status,
      303,
    );
    const [needs] = await versions('needs');
    assert.deepEqual(
      [needs!.responsible_kind, needs!.responsible_id, needs!.responsible_name],
      ['person', null, 'Aisha Khan'],
    );
    const [approval] = await versions('approval');
    assert.deepEqual([approval!.responsible_kind, approval!.responsible_id], ['circle_member', fatimaInCircle]);
    assert.equal(approval!.state, 'not_started');
    const [support] = await versions('support');
    assert.deepEqual(
      [support!.responsible_kind, support!.responsible_name, support!.responsible_contact],
      ['someone_else', 'Jo Bloggs, support broker', '01632 960 123'],
    );
    const page = await text(priya, path());
    assert.match(page, /What happens next: Write down what a good week looks like\. Who: Aisha Khan/);
    assert.match(page, /Who: Fatima Khan \(Daughter\)/);
    assert.match(page, /Who: Jo Bloggs, support broker How to contact them: 01632 960 123/);
  });

  test('bad input gets a message by each field, and nothing is saved', async () => {
    const before = await allRows();
    const missing = await priya.post(path('/approval'), {
      version: '1',
      state: 'in_progress',
      next_action: '   ',
      who: '',
      ...dateBoxes('expected_on', '2027-02-30'),
    });
    assert.equal(missing.status, 400);
    const words = visibleText(missing.text);
    // The summary lists the problems in the order of the fields on the page.
    assert.match(
      words,
      /There is a problem Enter what happens next, as the step is in progress Select who is doing it, as the step is in progress The date it is expected must be a real date/,
    );
    assert.match(missing.text, /href="#next_action"/);

    const noName = await priya.post(path('/approval'), {
      version: '1',
      state: 'in_progress',
      next_action: 'Book the panel',
      who: 'other',
      who_name: '',
      ...noDate,
    });
    assert.equal(noName.status, 400);
    assert.match(visibleText(noName.text), /Enter the name of who is doing it/);

    const noState = await priya.post(path('/approval'), { version: '1', state: 'finished', ...noDate });
    assert.equal(noState.status, 400);
    assert.match(visibleText(noState.text), /Select where this step is up to/);

    const stranger = await priya.post(path('/approval'), {
      version: '1',
      state: 'in_progress',
      next_action: 'Book the panel',
      who: `team:${newId()}`,
      ...noDate,
    });
    assert.equal(stranger.status, 400);
    assert.match(visibleText(stranger.text), /Choose who is doing it from the list\./);

    // The support plan has no lines yet: the plan cannot be marked done by hand.
    const notYet = await priya.post(path('/plan'), { version: '0', state: 'done', ...noDate });
    assert.equal(notYet.status, 400);
    assert.match(
      visibleText(notYet.text),
      /You cannot mark this step as done\. This step is done once the support plan has something in it\./,
    );
    assert.equal(await allRows(), before);
    assert.equal((await versions('approval')).length, 1);
  });

  test('two people change a step from the same version: the second is told, and keeps nothing', async () => {
    const marker = newId(); // words nobody else types
    const form = (nextAction: string) => ({
      version: '1',
      state: 'in_progress',
      next_action: nextAction,
      who: `team:${priyaPlace}`,
      ...noDate,
    });
    assert.equal((await priya.post(path('/eligibility'), form('Checks booked for Monday.'))).status, 303);
    const late = await priya.post(path('/eligibility'), form(`Checks booked for Friday ${marker}.`));
    assert.equal(late.status, 409);
    const words = visibleText(late.text);
    assert.match(words, /Someone else updated this step first/);
    assert.match(words, /The step as it is saved now .* What happens next Checks booked for Monday\./);
    assert.match(words, new RegExp(`What you typed .* Checks booked for Friday ${marker}\\.`));
    const rows = await versions('eligibility');
    assert.deepEqual(
      rows.map((row) => [row.version, row.next_action]),
      [
        [1, 'Priya will phone you to talk through the health checks.'],
        [2, 'Checks booked for Monday.'],
      ],
    );
  });

  test('the indicative amount and the plan are done once the record shows them', async () => {
    assert.match(await text(priya, path()), /Step 3 Find out roughly how much money there is Not started/);
    const answers = Object.fromEntries(DEMO_ALLOCATION_SCHEME.questions.map((question) => [question.key, '0']));
    const worked = await priya.post(budgetPath(aisha, '/allocation/questions'), { _scheme_version: '1', ...answers });
    assert.equal(worked.status, 303);
    const line = await priya.post(budgetPath(aisha, '/lines/add'), {
      version: '0',
      what: 'Personal assistant on Tuesdays',
      provider: 'Jo',
      unit_cost: '15',
      quantity: '4',
      frequency: 'weekly',
      category: 'personal_assistant',
      goal: 'none',
      stream: council,
    });
    assert.equal(line.status, 303);
    const page = await text(priya, path());
    assert.match(page, /Step 3 Find out roughly how much money there is Done/);
    assert.match(page, /Step 4 Plan how the money is spent Done/);
    assert.equal((await versions('indicative_amount')).length + (await versions('plan')).length, 0, 'nobody typed it');
  });

  test('direct payments: first review within 6 months of the first payment, overdue shown; then yearly', async () => {
    const firstPaidOn = addDays(startsOn, 10);
    const pay = (on: string) =>
      priya.post(
        budgetPath(aisha, '/money/payment'),
        moneyFields({
          stream: council,
          amount: '500',
          occurred_on: on,
          description: 'Monthly direct payment',
          idempotency_key: newId(),
        }),
      );
    assert.equal((await pay(addDays(today, -5))).status, 303);
    const later = await text(priya, path());
    assert.match(
      later,
      new RegExp(
        `The first payment of the direct payment from Northbrook Council was on ${formatUkDate(addDays(today, -5))}, ` +
          `so its first review is due by ${formatUkDate(addMonths(addDays(today, -5), 6))}\\.`,
      ),
    );
    assert.equal((await pay(firstPaidOn)).status, 303);
    const due = addMonths(firstPaidOn, 6);
    assert.ok(due < today, 'the test budget is old enough for the first review to be overdue');
    const overdue = await text(priya, path());
    assert.match(overdue, /Warning A direct payment review is overdue\. See step 8 ?\./);
    assert.match(overdue, /Step 8 Check how it is going Review overdue/);
    assert.match(
      overdue,
      new RegExp(
        `Warning The first review of the direct payment from Northbrook Council is overdue\\. ` +
          `It was due by ${formatUkDate(due)}, 6 months after the first payment\\.`,
      ),
    );
    assert.doesNotMatch(overdue, /Ask the care team/, 'Priya is the care team');

    // A payment put right by a correction was never made: the first payment is the one left.
    const early = await app.db
      .selectFrom('ledger_transaction')
      .select('id')
      .where('person_id', '=', aisha)
      .where('kind', '=', 'payment')
      .where('occurred_on', '=', firstPaidOn)
      .executeTakeFirstOrThrow();
    const corrected = await priya.post(budgetPath(aisha, `/transactions/${early.id}/correct`), {
      reason: 'Paid twice by mistake',
    });
    assert.equal(corrected.status, 303);
    const afterCorrection = await text(priya, path());
    assert.match(
      afterCorrection,
      new RegExp(`so its first review is due by ${formatUkDate(addMonths(addDays(today, -5), 6))}\\.`),
    );
    assert.doesNotMatch(afterCorrection, /overdue/);
    assert.equal((await pay(firstPaidOn)).status, 303);
    assert.match(await text(priya, path()), /Review overdue/);

    const reviewed = await priya.post(path('/review'), {
      version: '0',
      state: 'done',
      next_action: '',
      who: `team:${priyaPlace}`,
      ...noDate,
    });
    assert.equal(reviewed.status, 303);
    const [row] = await versions('review');
    assert.deepEqual([row!.version, row!.state, row!.next_action], [1, 'done', null]);
    const page = await text(priya, path());
    assert.match(page, new RegExp(`The last review was on ${formatUkDate(today)}\\.`));
    assert.match(
      page,
      new RegExp(
        `The next review of the direct payment from Northbrook Council is due by ${formatUkDate(addMonths(today, 12))}\\.`,
      ),
    );
    assert.doesNotMatch(page, /overdue/);
  });

  test('Aisha reads her steps as “you”, and cannot change them', async () => {
    const client = await signedIn(app, CITIZEN_EMAILS.aisha);
    let page = '';
    const logged = await logRowsDuring(app, aisha, async () => (page = await text(client, path())));
    assert.deepEqual(
      logged.map((row) => [row.action, row.part, row.summary]),
      [['read', 'budget', 'Your personal health budget, step by step']],
      'her look is in her access log',
    );
    assert.match(page, /Your personal health budget, step by step/);
    assert.match(page, /What happens next: Write down what a good week looks like\. Who: You/);
    assert.match(page, /Who: Priya Shah/);
    assert.match(page, /Who: Fatima Khan, your daughter/);
    assert.match(page, /The next review of your direct payment from Northbrook Council is due by/);
    assert.doesNotMatch(page, /Update this step/);
    assert.equal((await client.get(path('/eligibility'))).status, 403);
    const before = await allRows();
    const forced = await client.post(path('/eligibility'), {
      version: '2',
      state: 'done',
      next_action: '',
      who: 'person',
      ...noDate,
    });
    assert.equal(forced.status, 403);
    assert.equal(await allRows(), before);
  });

  test('Fatima, acting for her mother, reads the steps and cannot change them', async () => {
    const client = await signedIn(app, CITIZEN_EMAILS.fatima);
    const page = await text(client, path());
    assert.match(page, /Aisha Khan Personal health budget, step by step/);
    assert.match(page, /Who: Aisha Khan/);
    assert.doesNotMatch(page, /Update this step/);
    assert.equal((await client.get(path('/support'))).status, 403);
    const before = await allRows();
    const forced = await client.post(path('/support'), { version: '1', state: 'done', ...noDate });
    assert.equal(forced.status, 403);
    assert.equal(await allRows(), before);
  });

  test('Tom (budget not shared with the GP) and Grace (not in the team) get 404, and change nothing', async () => {
    for (const email of [STAFF_EMAILS.tom, STAFF_EMAILS.grace]) {
      const client = await signedIn(app, email);
      const logged = await logRowsDuring(app, aisha, async () => {
        for (const at of [path(), path('/eligibility'), path('/review')])
          assert.equal((await client.get(at)).status, 404, `${email} ${at}`);
      });
      assert.deepEqual(
        logged.map((row) => [row.action, row.part]),
        [
          ['refused', 'budget'],
          ['refused', 'budget'],
          ['refused', 'budget'],
        ],
        `${email}: each refused look is logged`,
      );
      const before = await allRows();
      const forced = await client.post(path('/eligibility'), {
        version: '2',
        state: 'done',
        who: 'person',
        ...noDate,
      });
      assert.equal(forced.status, 404, email);
      assert.equal(await allRows(), before);
    }
  });

  test('a step that does not exist is 404, to read or to change', async () => {
    assert.equal((await priya.get(path('/holiday'))).status, 404);
    assert.equal((await priya.get(path('/constructor'))).status, 404);
    const before = await allRows();
    assert.equal((await priya.post(path('/holiday'), { version: '0', state: 'done', ...noDate })).status, 404);
    assert.equal(await allRows(), before);
  });

  test('the history of a step cannot be changed in the database', async () => {
    await assert.rejects(
      app.db.updateTable('budget_journey_step').set({ state: 'done' }).where('person_id', '=', aisha).execute(),
    );
  });
});
