import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { actionsIn, addPlanAction, changePlanAction, planVersions, planWithGoal } from '../support/plan-builder.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS, startPeopleApp } from './helpers.ts';

describe(`a circle place the plan still needs cannot end (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let fatima: string;
  let bill: string;
  let goal: { needId: string; goalId: string };
  const endPath = (memberId: string) => `/people/${aisha}/contacts/${memberId}/end`;
  const place = (memberId: string) =>
    app.db
      .selectFrom('circle_member')
      .select('ended_at')
      .where('person_id', '=', aisha)
      .where('id', '=', memberId)
      .executeTakeFirstOrThrow();

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    const circle = await app.db
      .selectFrom('circle_member')
      .select(['id', 'name'])
      .where('person_id', '=', aisha)
      .execute();
    fatima = circle.find((member) => member.name === 'Fatima Khan')!.id;
    bill = circle.find((member) => member.name === 'Bill Hartley')!.id;
    goal = await planWithGoal(app, priya, aisha, 'Go to the lunch club on Fridays');
    await addPlanAction(app, priya, aisha, goal, 'Drive Aisha to the lunch club', `circle:${fatima}`);
    await addPlanAction(app, priya, aisha, goal, 'Ask about a lift from the club', `circle:${bill}`, 'done');
    await addPlanAction(app, priya, aisha, goal, 'Walk with Aisha to the bus stop', `circle:${bill}`, 'stopped');
  });
  after(() => app.close());

  test('the confirm page says what the plan asks of them, links to it, and offers no way to end', async () => {
    const page = await priya.get(endPath(fatima));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /You cannot end Fatima Khan’s place yet, because the care and support plan still needs them\./);
    assert.match(
      text,
      /Fatima Khan is named for 1 action in the plan: Drive Aisha to the lunch club \(for the goal “Go to the lunch club on Fridays”\) Give it to someone else first\./,
    );
    assert.ok(page.text.includes(`href="/people/${aisha}/plan/needs"`), 'a link to the plan’s needs page');
    assert.doesNotMatch(page.text, /<form[^>]*\/end"/, 'no form to end the place');
    assert.doesNotMatch(text, /End their place/);
  });

  test('ending anyway is refused with the same message; the place stays and nothing is written', async () => {
    const versions = await planVersions(app, aisha);
    const rows = await logRowsDuring(app, aisha, async () => {
      const refused = await priya.post(endPath(fatima), {});
      assert.equal(refused.status, 400);
      const text = visibleText(refused.text);
      assert.match(
        text,
        /There is a problem Fatima Khan is named for 1 action in the plan\. Give it to someone else first\./,
      );
      assert.match(text, /Drive Aisha to the lunch club/);
      assert.ok(refused.text.includes('href="#named-in-plan"'));
    });
    assert.equal((await place(fatima)).ended_at, null);
    assert.deepEqual(
      rows.map((row) => [row.action, row.part]),
      [['read', 'contacts']],
      'the check is read and logged; nothing is written',
    );
    assert.deepEqual(await planVersions(app, aisha), versions);
  });

  test('the person, signed in herself, is refused in the same way', async () => {
    const aishaHerself = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.match(
      visibleText((await aishaHerself.get(endPath(fatima))).text),
      /Fatima Khan is named for 1 action in the plan/,
    );
    assert.equal((await aishaHerself.post(endPath(fatima), {})).status, 400);
    assert.equal((await place(fatima)).ended_at, null);
  });

  test('actions that are done or stopped do not hold a place: Bill’s place ends', async () => {
    const page = await priya.get(endPath(bill));
    assert.equal(page.status, 200);
    assert.doesNotMatch(visibleText(page.text), /named for/);
    assert.match(visibleText(page.text), /End their place/);
    const ended = await priya.post(endPath(bill), {});
    assert.equal(ended.status, 303);
    assert.ok((await place(bill)).ended_at instanceof Date);
  });

  test('only the newest version counts: once the action is given to Aisha, Fatima’s place can end', async () => {
    const { content } = await changePlanAction(app, priya, aisha, 'Drive Aisha to the lunch club', { owner: 'person' });
    assert.deepEqual(actionsIn(content).find((action) => action.what === 'Drive Aisha to the lunch club')!.owner, {
      kind: 'person',
      id: null,
      name: 'Aisha Khan',
    });
    const page = await priya.get(endPath(fatima));
    assert.doesNotMatch(visibleText(page.text), /named for/);
    const ended = await priya.post(endPath(fatima), {});
    assert.equal(ended.status, 303);
    assert.ok((await place(fatima)).ended_at instanceof Date);
  });
});
