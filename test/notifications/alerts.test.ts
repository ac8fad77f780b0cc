import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import {
  capacityAnswers,
  currentPlan,
  makeLeadProfessional,
  planWithGoal,
  savePlanPage,
} from '../support/plan-builder.ts';
import { citizenAccountId, countRows, inboxRows } from './helpers.ts';

const REASON = 'Found unconscious at the bus station; need her medicines and allergies now.';

describe(`notifications of emergency access, plans to agree, and alerts that name who acted (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let aishaAccount: string;
  let fatimaAccount: string;
  let grace: TestClient;
  let fatima: TestClient;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    aishaAccount = await citizenAccountId(app, CITIZEN_EMAILS.aisha);
    fatimaAccount = await citizenAccountId(app, CITIZEN_EMAILS.fatima);
    [grace, fatima] = await Promise.all([signedIn(app, STAFF_EMAILS.grace), signedIn(app, CITIZEN_EMAILS.fatima)]);
  });
  after(() => app.close());

  const keyWorkersOfAisha = async () =>
    (
      await app.db
        .selectFrom('care_team_member')
        .select('staff_account_id')
        .where('person_id', '=', aisha)
        .where('is_key_worker', '=', true)
        .execute()
    ).map((row) => row.staff_account_id);

  test('a refused emergency access (no good reason) tells nobody', async () => {
    const before = await countRows(app, 'notification');
    const page = await grace.post(`/people/${aisha}/emergency-access`, { reason: 'Too short' });
    assert.equal(page.status, 400);
    assert.equal(await countRows(app, 'notification'), before);
  });

  test("emergency access tells Aisha's key worker and Fatima, who acts for her, and not Grace herself", async () => {
    const keyWorkers = await keyWorkersOfAisha();
    assert.deepEqual(keyWorkers, [app.ids.staff.priya]);
    const started = await grace.post(`/people/${aisha}/emergency-access`, { reason: REASON });
    assert.equal(started.status, 303);

    const [toPriya] = await inboxRows(app, 'staff', app.ids.staff.priya!);
    const [toFatima] = await inboxRows(app, 'citizen', fatimaAccount);
    for (const row of [toPriya, toFatima]) {
      assert.equal(row?.kind, 'emergency_access');
      assert.equal(row?.person_id, aisha);
      assert.equal(row?.link, `/people/${aisha}`);
    }
    const expected =
      "Grace Mensah (Community nurse, Northbridge Hospitals NHS Foundation Trust) started emergency access to Aisha Khan's record.";
    assert.equal(toPriya!.text, expected);
    assert.equal(toFatima!.text, expected);
    assert.deepEqual(await inboxRows(app, 'staff', app.ids.staff.grace!), []);
    assert.deepEqual(await inboxRows(app, 'staff', app.ids.staff.tom!), [], 'Tom is in the team but not a key worker');
    assert.deepEqual(await inboxRows(app, 'citizen', aishaAccount), []);
  });

  test("what is new shows at the top of Fatima's home, links to it, and opening it marks it read", async () => {
    const home = await fatima.get('/my');
    assert.equal(home.status, 200);
    const text = visibleText(home.text);
    assert.match(
      text,
      /Your home New about Aisha Khan Grace Mensah \(.+\) started emergency access to Aisha Khan's record\./,
    );
    const [item] = await inboxRows(app, 'citizen', fatimaAccount);
    assert.match(home.text, new RegExp(`href="/inbox/${item!.id}"`));

    const opened = await fatima.get(`/inbox/${item!.id}`);
    assert.equal(opened.status, 303);
    assert.equal(opened.location, `/people/${aisha}`);
    assert.equal((await fatima.get(`/people/${aisha}`)).status, 200);
    assert.doesNotMatch(visibleText((await fatima.get('/my')).text), /New about Aisha Khan/);
  });

  /** The newest alert to Sam (Open Door Community Hub) about Aisha. */
  const latestAlertToSam = () =>
    app.db
      .selectFrom('staff_alert')
      .select('message')
      .where('person_id', '=', aisha)
      .where('staff_account_id', '=', app.ids.staff.sam!)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();

  test('the sharing alert names Fatima when she changes what Aisha shares, acting for her', async () => {
    const hub = app.ids.organisations.hub!;
    const saved = await fatima.post(`/people/${aisha}/sharing/organisation/${hub}`, { parts: ['details'] });
    assert.equal(saved.status, 303);
    const alert = await latestAlertToSam();
    assert.equal(
      alert.message,
      'Fatima Khan, acting for Aisha Khan, has changed what Aisha shares with Open Door Community Hub. You may now see more or less of their record.',
    );

    // Aisha's own change keeps her own wording.
    const aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.equal(
      (await aishaClient.post(`/people/${aisha}/sharing/organisation/${hub}`, { parts: ['details', 'about_me'] }))
        .status,
      303,
    );
    const own = await latestAlertToSam();
    assert.equal(
      own.message,
      'Aisha Khan has changed what they share with Open Door Community Hub. You may now see more or less of their record.',
    );
  });

  test('once the lead professional agrees a plan, Aisha and Fatima are told it waits for them; once agreed, nobody more', async () => {
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    await planWithGoal(app, priya, aisha, 'Walk to the shop again');
    await makeLeadProfessional(app, priya, aisha, app.ids.staff.priya!);
    const nextYear = String(Number(ukDate(new Date()).slice(0, 4)) + 1);
    await savePlanPage(app, priya, aisha, '/review-date', {
      'review_date-day': '3',
      'review_date-month': '2',
      'review_date-year': nextYear,
      responsible: (await currentPlan(app, aisha)).content.leadProfessional!.careTeamMemberId,
    });
    const version = String((await currentPlan(app, aisha)).number);
    assert.equal((await priya.post(`/people/${aisha}/plan/agree`, { version })).status, 303);

    const [toAisha] = await inboxRows(app, 'citizen', aishaAccount);
    const [toFatima] = await inboxRows(app, 'citizen', fatimaAccount);
    assert.deepEqual(
      [toAisha?.kind, toAisha?.text, toAisha?.link],
      [
        'plan_waiting',
        'Your care and support plan has a draft waiting for your agreement.',
        `/people/${aisha}/plan/check`,
      ],
    );
    assert.deepEqual(
      [toFatima?.kind, toFatima?.text],
      ['plan_waiting', "Aisha Khan's care and support plan has a draft waiting for your agreement."],
    );

    const before = await countRows(app, 'notification');
    assert.equal((await fatima.post(`/people/${aisha}/plan/agree`, { version, ...capacityAnswers() })).status, 303);
    assert.equal(await countRows(app, 'notification'), before, 'the plan is agreed: nobody is waited for');
  });
});
