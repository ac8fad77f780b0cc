import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import {
  addStream,
  budgetPath,
  ledgerSums,
  moneyFields,
  startBudget,
  streamFields,
} from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';
import { planWithGoal } from '../support/plan-builder.ts';

describe(`A personal budget from two funding streams (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let council: string;
  let nhs: string;
  let goalId: string;
  const today = ukDate(new Date());
  const startsOn = addDays(today, -30);
  const endsOn = addDays(startsOn, 364);
  const path = (rest = '') => budgetPath(aisha, rest);
  const text = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };
  const count = async (table: 'budget' | 'funding_stream' | 'ledger_transaction' | 'support_plan_line') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', aisha)
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    ({ goalId } = await planWithGoal(app, priya, aisha, 'To get to the allotment every week'));
  });
  after(() => app.close());

  test('a period that ends before it starts is refused with a message by the field, and nothing is kept', async () => {
    const page = await priya.post(path('/start'), {
      'starts_on-day': '1',
      'starts_on-month': '4',
      'starts_on-year': '2026',
      'ends_on-day': '31',
      'ends_on-month': '3',
      'ends_on-year': '2026',
    });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /The last day of the budget must be after the first day/);
    assert.equal(await count('budget'), 0);
    const early = await priya.post(
      path('/funding/add'),
      streamFields({
        kind: 'grant',
        funder_name: 'A charity',
        amount: '100',
        managed_as: 'notional',
        review_on: addDays(today, 30),
      }),
    );
    assert.equal(early.status, 303, 'funding with no budget to add it to');
    assert.equal(early.location, path('/start'));
    assert.equal(await count('funding_stream'), 0);
  });

  test('Priya starts the budget and adds two streams: one total, and the split on request', async () => {
    assert.match(await text(priya, path()), /There is no personal budget yet\. Start a budget/);
    await startBudget(priya, aisha, startsOn, endsOn);
    council = await addStream(app, priya, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbrook Council',
      amount: '9,360',
      managed_as: 'direct_payment',
      allowed_categories: ['personal_assistant', 'activities'],
      review_on: addDays(today, 150),
    });
    nhs = await addStream(app, priya, aisha, {
      kind: 'nhs_personal_health_budget',
      funder_name: 'Northbrook NHS',
      amount: '2500.50',
      managed_as: 'notional',
      review_on: addDays(today, 300),
    });
    const page = await text(priya, `${path()}?done=stream`);
    assert.match(page, /The funding has been added to the budget\./);
    assert.match(page, /Money for this period £11,860\.50 Spent £0\.00 Left to spend £11,860\.50/);
    assert.match(page, /It comes from 2 places\./);
    assert.match(page, /Northbrook Council Kind of funding Council personal budget Amount £9,360\.00/);
    assert.match(page, /It can pay for A personal assistant, Activities, clubs and days out/);
    assert.match(page, /Northbrook NHS .* It can pay for Any support in the plan/);
    const sums = await ledgerSums(app, aisha);
    assert.equal(sums.total, 0);
    assert.equal(sums.postings, 4);
  });

  test('bad funding is refused field by field and changes nothing', async () => {
    const before = await count('funding_stream');
    const page = await priya.post(path('/funding/add'), {
      ...streamFields({
        kind: 'lottery',
        funder_name: '  ',
        amount: '12.345',
        managed_as: 'direct_payment',
        review_on: today,
      }),
      allowed_categories: ['holidays'],
    });
    assert.equal(page.status, 400);
    const words = visibleText(page.text);
    assert.match(words, /Select the kind of funding/);
    assert.match(words, /Enter who gives the money/);
    assert.match(
      words,
      /The amount for the budget period must be an amount of money up to £9,999,999\.99, like 125\.50/,
    );
    assert.match(words, /Select what the money may pay for from the list/);
    assert.equal(await count('funding_stream'), before);
  });

  test('a costed support plan: lines linked to a goal and a stream, totals against the budget, warnings', async () => {
    const add = (form: Record<string, string>) => priya.post(path('/lines/add'), { version: '0', ...form });
    const pa = await add({
      what: 'Personal assistant for shopping and the allotment',
      provider: 'You, employing Jo',
      unit_cost: '15',
      quantity: '6',
      frequency: 'weekly',
      category: 'personal_assistant',
      goal: goalId,
      stream: council,
    });
    assert.equal(pa.status, 303);
    const physio = await add({
      what: 'Physiotherapy at home',
      provider: 'Northbrook Therapies',
      unit_cost: '45',
      quantity: '1',
      frequency: 'monthly',
      category: 'therapy',
      goal: 'none',
      stream: council,
    });
    assert.equal(physio.status, 303);
    const page = await text(priya, path());
    // £15 × 6 hours × 52 weeks = £4,680; £45 × 12 months = £540.
    assert.match(page, /The support plan costs £5,220\.00 for this period\./);
    assert.match(
      page,
      /Personal assistant for shopping and the allotment .* Cost £90\.00 every week \(6 × £15\.00\) For this period £4,680\.00 .* Goal it helps with To get to the allotment every week/,
    );
    assert.match(
      page,
      /Physiotherapy at home Remove Physiotherapy at home ! Warning Northbrook Council does not pay for this kind of support\./,
    );

    const refused = await add({
      what: 'Gym',
      provider: 'Leisure centre',
      unit_cost: '5',
      quantity: '1',
      frequency: 'weekly',
      category: 'activities',
      goal: newId(),
      stream: council,
    });
    assert.equal(refused.status, 400);
    assert.match(visibleText(refused.text), /Choose a goal from the plan\./);
    assert.equal(await count('support_plan_line'), 2);
  });

  test('spending: recorded once per form, refused over what is left or outside the funder’s rules', async () => {
    const key = newId();
    const pay = moneyFields({
      stream: council,
      amount: '9000',
      occurred_on: today,
      description: 'Direct payment for the year',
      idempotency_key: key,
    });
    assert.equal((await priya.post(path('/money/payment'), pay)).status, 303);
    const again = await priya.post(path('/money/payment'), pay);
    assert.equal(again.status, 303);
    assert.match(again.location ?? '', /done=again/);
    assert.equal(await count('ledger_transaction'), 3);

    const spend = (amount: string, category: string, extra: Partial<Record<string, string>> = {}) =>
      priya.post(
        path('/money/spend'),
        moneyFields({
          stream: council,
          amount,
          occurred_on: today,
          description: 'Support in November',
          payee: 'Jo Bloggs',
          category,
          idempotency_key: newId(),
          ...extra,
        }),
      );
    const tooMuch = await spend('9000.01', 'personal_assistant');
    assert.equal(tooMuch.status, 400);
    assert.match(
      visibleText(tooMuch.text),
      /There is not enough money left in the direct-payment account to cover it\./,
    );
    const notAllowed = await spend('20', 'equipment');
    assert.equal(notAllowed.status, 400);
    assert.match(visibleText(notAllowed.text), /Northbrook Council does not pay for equipment and adaptations\./);
    assert.equal(await count('ledger_transaction'), 3);

    const changed = await priya.post(path('/money/payment'), { ...pay, amount: '10' });
    assert.equal(changed.status, 409);
    assert.match(visibleText(changed.text), /This form was sent before with different details\./);

    assert.equal((await spend('360', 'personal_assistant')).status, 303);
    const page = await text(priya, path());
    assert.match(page, /Spent £360\.00 Left to spend £11,500\.50/);
    assert.match(page, /Spent: Support in November \(Jo Bloggs\) −£360\.00/);
    assert.equal((await ledgerSums(app, aisha)).total, 0);
  });

  test('a wrong entry is corrected by its opposite; the original stays, and cannot be corrected twice', async () => {
    const spent = await app.db
      .selectFrom('ledger_transaction')
      .select('id')
      .where('person_id', '=', aisha)
      .where('kind', '=', 'spend')
      .executeTakeFirstOrThrow();
    const correct = path(`/transactions/${spent.id}/correct`);
    assert.equal((await priya.post(correct, { reason: '' })).status, 400);
    assert.equal((await priya.post(correct, { reason: 'Recorded against the wrong month' })).status, 303);
    const twice = await priya.post(correct, { reason: 'Again' });
    assert.equal(twice.status, 400);
    assert.match(visibleText(twice.text), /This transaction has already been corrected\./);
    const list = await text(priya, path('/transactions'));
    assert.match(list, /Correction: Recorded against the wrong month .* \+£360\.00/);
    assert.match(list, /Spent: Support in November \(Jo Bloggs\) A personal assistant Corrected/);
    assert.match(await text(priya, path()), /Spent £0\.00 Left to spend £11,860\.50/);
    assert.equal((await ledgerSums(app, aisha)).total, 0);
  });

  test('Aisha reads “Your personal budget” and changes nothing; Fatima, acting for her, reads it too', async () => {
    const aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    const own = await text(aishaClient, path());
    assert.match(own, /Your personal budget/);
    assert.match(own, /Your budget is one sum of money/);
    assert.doesNotMatch(own, /Add funding|Record spending|Change/);
    assert.equal((await aishaClient.get(path('/funding/add'))).status, 403);
    const before = await count('ledger_transaction');
    const forced = await aishaClient.post(
      path('/money/spend'),
      moneyFields({
        stream: nhs,
        amount: '5',
        occurred_on: today,
        description: 'Tea',
        payee: 'Cafe',
        category: 'other',
        idempotency_key: newId(),
      }),
    );
    assert.equal(forced.status, 403);
    assert.equal(await count('ledger_transaction'), before);

    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.match(await text(fatima, path()), /Personal budget Aisha Khan|Aisha Khan Personal budget/);
  });

  test('staff outside what Aisha shares get 404 for every budget page and form, and their look is logged', async () => {
    for (const email of [STAFF_EMAILS.tom, STAFF_EMAILS.grace, STAFF_EMAILS.helen, STAFF_EMAILS.sam]) {
      const client = await signedIn(app, email);
      for (const at of [path(), path('/transactions'), path('/funding/add'), path('/money/spend'), path('/lines/add')])
        assert.equal((await client.get(at)).status, 404, `${email} ${at}`);
      const before = await count('ledger_transaction');
      const forced = await client.post(
        path('/money/allocation'),
        moneyFields({
          stream: council,
          amount: '1000',
          occurred_on: today,
          description: 'More',
          idempotency_key: newId(),
        }),
      );
      assert.equal(forced.status, 404, email);
      assert.equal(await count('ledger_transaction'), before);
    }
    const refusals = await app.db
      .selectFrom('access_log')
      .select('actor_name')
      .where('person_id', '=', aisha)
      .where('part', '=', 'budget')
      .where('action', '=', 'refused')
      .execute();
    for (const name of ['Tom', 'Grace', 'Helen', 'Sam'])
      assert.ok(
        refusals.some((row) => row.actor_name.includes(name)),
        `${name}'s refused look is logged`,
      );
  });
});
