import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import {
  currentPlan,
  itemPagesNotFound,
  planVersions,
  refusedPlanPage,
  savePlanPage,
} from '../support/plan-builder.ts';

const MISSING = '0190a5b0-0000-7000-8000-00000000abcd';

describe(`Changing and removing positive-risk decisions (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  const plan = (path = '') => `/people/${aisha}/plan${path}`;
  const versions = () => planVersions(app, aisha);
  /** Every page here goes back to the list of decisions. */
  const saves = (path: string, form: Record<string, string>) =>
    savePlanPage(app, priya, aisha, path, form, plan('/risks'));
  const refused = (path: string, form: Record<string, string>, message: RegExp) =>
    refusedPlanPage(app, priya, aisha, path, form, message);
  const decision = async (risk: string) =>
    (await currentPlan(app, aisha)).content.riskDecisions.find((item) => item.risk === risk)!;
  const cooker = {
    risk: 'Using the cooker alone',
    gains: 'Cooking Sunday lunch',
    couldGoWrong: 'A burn or a pan left on',
    safeguards: 'A timer and a hob guard',
    personView: 'I want to cook for my family',
    agreedBy: 'Aisha and Priya',
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    assert.equal((await priya.post(plan('/start'), {})).status, 303);
    await saves('/risks', cooker);
    await saves('/risks', { risk: 'Going to the shops on her own', gains: 'Choosing her own food' });
  });
  after(() => app.close());

  test('the list has Change and Remove links in each decision’s card, each naming which decision', async () => {
    const first = await decision('Using the cooker alone');
    const second = await decision('Going to the shops on her own');
    const page = await priya.get(plan('/risks'));
    assert.equal(page.status, 200);
    for (const { id } of [first, second]) {
      for (const action of ['change', 'remove'])
        assert.ok(page.text.includes(`href="${plan(`/risks/${id}/${action}`)}"`), `${id} ${action}`);
    }
    assert.match(page.text, /<ul class="govuk-summary-card__actions">/);
    assert.match(page.text, /Change<span class="govuk-visually-hidden"> decision 1: Using the cooker alone<\/span>/);
    assert.match(
      page.text,
      /Remove<span class="govuk-visually-hidden"> decision 2: Going to the shops on her own<\/span>/,
    );
  });

  test('changing a decision: every field is filled from the plan, and saving makes a new version; the earlier one keeps the old words', async () => {
    const { id } = await decision('Using the cooker alone');
    const form = await priya.get(plan(`/risks/${id}/change`));
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /Change a positive-risk decision/);
    for (const [field, value] of Object.entries(cooker))
      assert.match(form.text, new RegExp(`name="${field}"[^>]*>${value}</textarea>`), field);
    assert.match(visibleText(form.text), /Save the change/);
    assert.doesNotMatch(visibleText(form.text), /No decisions are recorded yet|Add this decision/);

    const long = `Using the cooker alone, including the oven, ${'on weekdays and at weekends '.repeat(4)}`.trim();
    const saved = await saves(`/risks/${id}/change`, {
      ...cooker,
      risk: long,
      safeguards: 'A timer, a hob guard and a smoke alarm',
      agreedBy: '',
    });
    assert.equal(saved.summary, `Changed a positive-risk decision: ${long.slice(0, 79).trimEnd()}…`);
    const changed = saved.content.riskDecisions.find((item) => item.id === id)!;
    assert.deepEqual(changed, {
      ...cooker,
      id,
      risk: long,
      safeguards: 'A timer, a hob guard and a smoke alarm',
      agreedBy: '',
    });
    assert.equal(saved.content.riskDecisions.length, 2, 'still two, in the same place');
    assert.equal(saved.content.riskDecisions[0]!.id, id);
    assert.equal(saved.before.riskDecisions.find((item) => item.id === id)!.risk, 'Using the cooker alone');
    assert.match(visibleText((await priya.get(plan('/risks'))).text), /A timer, a hob guard and a smoke alarm/);
  });

  test('changing a decision is checked as adding one: the risk is needed and each field has its maximum; 400 and nothing saved', async () => {
    const { id } = await decision('Going to the shops on her own');
    const path = `/risks/${id}/change`;
    const empty = await refused(path, { risk: '  ', gains: 'Choosing her own food' }, /Enter the risk/);
    assert.match(empty.text, /href="#risk"/);
    assert.match(empty.text, /Choosing her own food<\/textarea>/, 'keeps what was typed');
    await refused(
      path,
      { risk: 'Shops', safeguards: 'x'.repeat(1001) },
      /What will keep it safer must be 1,000 characters or fewer/,
    );
    await refused(path, { risk: 'Shops', agreedBy: 'x'.repeat(501) }, /Who agreed must be 500 characters or fewer/);
    await refused(path, { risk: 'x'.repeat(1001) }, /The risk must be 1,000 characters or fewer/);
  });

  test('removing a decision: a confirmation page, then a new version without it; the earlier version keeps it', async () => {
    const { id } = await decision('Going to the shops on her own');
    const path = `/risks/${id}/remove`;
    const page = await priya.get(plan(path));
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /Are you sure you want to remove this positive-risk decision\? Going to the shops on her own It stays in earlier versions of the plan\. Yes, remove this positive-risk decision No, keep it/,
    );
    assert.ok(page.text.includes(`href="${plan('/risks')}">No, keep it`));
    const saved = await saves(path, {});
    assert.equal(saved.summary, 'Removed a positive-risk decision: Going to the shops on her own');
    assert.ok(!saved.content.riskDecisions.some((item) => item.id === id));
    assert.ok(
      saved.before.riskDecisions.some((item) => item.id === id && item.risk === 'Going to the shops on her own'),
    );
    assert.equal(saved.content.riskDecisions.length, 1);
    assert.equal((await priya.get(plan(path))).status, 404, 'gone from the current plan');
    assert.doesNotMatch(visibleText((await priya.get(plan('/risks'))).text), /Going to the shops/);
  });

  test('a stale form, to change or to remove, gets the conflict page and saves nothing', async () => {
    const { id } = (await currentPlan(app, aisha)).content.riskDecisions[0]!;
    const stale = String((await currentPlan(app, aisha)).number - 1);
    const before = await versions();
    const changed = await priya.post(plan(`/risks/${id}/change`), {
      based_on: stale,
      risk: 'Using the cooker with my daughter',
    });
    assert.equal(changed.status, 409);
    assert.match(
      visibleText(changed.text),
      /Someone else changed this plan .*What you typed .* The risk Using the cooker with my daughter/,
    );
    const removed = await priya.post(plan(`/risks/${id}/remove`), { based_on: stale });
    assert.equal(removed.status, 409);
    assert.match(
      visibleText(removed.text),
      /What you typed .* You asked to remove the positive-risk decision: Using the cooker alone, including the oven/,
    );
    assert.equal((await priya.post(plan(`/risks/${id}/remove`), {})).status, 409, 'no version given');
    assert.deepEqual(await versions(), before);
  });

  test('a decision not in the plan, or a malformed id, is 404 and nothing is saved', async () => {
    const before = await versions();
    const based = String(before.at(-1)!.number);
    for (const path of [
      `/risks/${MISSING}/change`,
      `/risks/${MISSING}/remove`,
      '/risks/not-an-id/change',
      '/risks/not-an-id/remove',
    ]) {
      assert.equal((await priya.get(plan(path))).status, 404, path);
      assert.equal((await priya.post(plan(path), { based_on: based, risk: 'x' })).status, 404, path);
    }
    assert.deepEqual(await versions(), before);
  });

  test('Sam, a professional without the plan shared, gets 404 for the list, the change and the remove pages, and nothing changes', async () => {
    const { id } = (await currentPlan(app, aisha)).content.riskDecisions[0]!;
    await itemPagesNotFound(app, await signedIn(app, STAFF_EMAILS.sam), aisha, '/risks', `/risks/${id}`, { risk: 'x' });
  });
});
