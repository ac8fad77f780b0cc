import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { planWithGoal, savePlanPage } from '../support/plan-builder.ts';

const daysFromToday = (days: number) => ukDate(new Date(Date.now() + days * 86_400_000));
const dateBoxes = (prefix: string, isoDate: string) => ({
  [`${prefix}-day`]: String(Number(isoDate.slice(8, 10))),
  [`${prefix}-month`]: String(Number(isoDate.slice(5, 7))),
  [`${prefix}-year`]: isoDate.slice(0, 4),
});

describe(`a representative whose authority has ended (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let fatimaPlace: string;
  let aishaHerself: TestClient;
  let fatima: TestClient;
  const agreements = () => app.db.selectFrom('plan_agreement').selectAll().where('person_id', '=', aisha).execute();
  const version = async () =>
    (
      await app.db
        .selectFrom('plan_version')
        .select('number')
        .where('person_id', '=', aisha)
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow()
    ).number;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    [aishaHerself, fatima] = await Promise.all([
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
    await planWithGoal(app, priya, aisha, 'Go to the lunch club on Fridays');
    const priyaPlace = (
      await app.db
        .selectFrom('care_team_member')
        .select('id')
        .where('person_id', '=', aisha)
        .where('staff_account_id', '=', app.ids.staff.priya!)
        .executeTakeFirstOrThrow()
    ).id;
    await savePlanPage(app, priya, aisha, '/people', { careTeam: priyaPlace, lead: priyaPlace });
    await savePlanPage(app, priya, aisha, '/review-date', {
      ...dateBoxes('review_date', daysFromToday(90)),
      responsible: priyaPlace,
    });
    fatimaPlace = (
      await app.db
        .selectFrom('circle_member')
        .select('id')
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .executeTakeFirstOrThrow()
    ).id;
    // Time passes: the lasting power of attorney Fatima held ended yesterday.
    await app.db
      .updateTable('circle_member')
      .set({ authority_until: daysFromToday(-1) })
      .where('person_id', '=', aisha)
      .where('id', '=', fatimaPlace)
      .execute();
  });
  after(() => app.close());

  test('with the plan not shared with her, the plan is not found and she cannot agree it', async () => {
    assert.equal((await fatima.get(`/people/${aisha}/plan/check`)).status, 404);
    assert.equal((await fatima.post(`/people/${aisha}/plan/agree`, { version: String(await version()) })).status, 404);
    assert.deepEqual(await agreements(), []);
  });

  test('with the plan shared with her, she sees it and is told why she cannot agree it; a forced agreement saves nothing', async () => {
    const shared = await aishaHerself.post(`/people/${aisha}/sharing/circle-member/${fatimaPlace}`, { parts: 'plan' });
    assert.equal(shared.status, 303, visibleText(shared.text).slice(0, 300));

    const check = await fatima.get(`/people/${aisha}/plan/check`);
    assert.equal(check.status, 200);
    const ended = new Date(`${daysFromToday(-1)}T12:00:00Z`).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    assert.match(
      visibleText(check.text),
      new RegExp(`Your authority to act for Aisha Khan ended on ${ended}, so you cannot agree the plan for them\\.`),
    );
    assert.doesNotMatch(check.text, /action="\/people\/[^"]+\/plan\/agree"/, 'no agree button');

    let refused!: Awaited<ReturnType<TestClient['post']>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (refused = await fatima.post(`/people/${aisha}/plan/agree`, { version: String(await version()) })),
    );
    assert.equal(refused.status, 400);
    assert.match(
      visibleText(refused.text),
      new RegExp(
        `There is a problem Your authority to act for Aisha Khan ended on ${ended}, so you cannot agree the plan for them\\.`,
      ),
    );
    assert.deepEqual(await agreements(), []);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [
        ['Fatima Khan', 'read', 'plan', 'Your plan, checked before an agreement that was refused'],
        ['Fatima Khan', 'read', 'plan', 'Your plan, to check it before it is agreed'],
      ],
    );
  });

  test('Aisha herself can still agree', async () => {
    const agreed = await aishaHerself.post(`/people/${aisha}/plan/agree`, { version: String(await version()) });
    assert.equal(agreed.status, 303);
    assert.deepEqual(
      (await agreements()).map((row) => [row.party, row.agreed_by_name]),
      [['person', 'Aisha Khan']],
    );
  });
});
