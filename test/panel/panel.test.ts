import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { addStream, startBudget } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';
import { planWithGoal } from '../support/plan-builder.ts';

const MARCUS = 'marcus.lee@council.example.org';

describe(`The panel sees only what was sent, decides, and is asked to look again (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let marcus: TestClient;
  let aishaClient: TestClient;
  let councilId: string;
  let caseId: string;
  const path = (rest = '') => `/people/${aisha}/panel${rest}`;
  const rows = (table: 'panel_submission' | 'panel_decision' | 'panel_reconsideration' | 'referral') =>
    app.db.selectFrom(table).selectAll().where('person_id', '=', aisha).execute();
  const told = () =>
    app.db
      .selectFrom('notification')
      .select(['recipient_id', 'kind', 'text', 'link'])
      .where('person_id', '=', aisha)
      .execute();
  const words = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    marcus = await signedIn(app, MARCUS);
    aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    const today = ukDate(new Date());
    await planWithGoal(app, priya, aisha, 'To get to the allotment every week');
    await startBudget(priya, aisha, addDays(today, -10), addDays(today, 354));
    await addStream(app, priya, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbridge City Council',
      amount: '9360',
      managed_as: 'direct_payment',
      review_on: addDays(today, 150),
    });
    councilId = (
      await app.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Northbridge City Council')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => app.close());

  test('sending needs a panel, something to send, what is asked, the person’s words and who agreed; nothing is sent otherwise', async () => {
    const page = await priya.post(path('/send'), { asking_for: ' ', person_view: '' });
    assert.equal(page.status, 400);
    const text = visibleText(page.text);
    for (const message of [
      'Select which panel to send it to',
      'Select at least one part of the plan or budget to send',
      'Enter what the panel is asked to agree',
      'Enter what the person wants the panel to know, in their words',
      'Select who agreed to send this to the panel',
    ])
      assert.match(text, new RegExp(message));
    assert.equal((await rows('panel_submission')).length, 0);
    assert.equal((await rows('referral')).length, 0);
    assert.equal((await told()).length, 0, 'nobody is told of a case that was not sent');
  });

  test('Priya sends the goals and the budget; Aisha agreed; the case opens to the council’s panel only', async () => {
    const form = await words(priya, path('/send'));
    assert.match(form, /Which panel\? Northbridge City Council/);
    const sent = await priya.post(path('/send'), {
      panel: councilId,
      sections: ['needs', 'budget'],
      asking_for: 'A direct payment of £9,360 a year for a personal assistant',
      person_view: 'I want to choose who helps me.',
      agreed_by: 'person',
    });
    assert.equal(sent.status, 303);
    assert.match(
      await words(priya, `${path()}?done=sent`),
      /The case has been sent to the panel\. .* Waiting for the panel/,
    );
    const [submission] = await rows('panel_submission');
    caseId = submission!.id;
    assert.equal(submission!.agreed_by, 'Aisha Khan');
    assert.deepEqual(submission!.content.sections, ['needs', 'budget']);
    assert.equal(submission!.content.whatMatters, undefined, 'what matters was not chosen, so it was not sent');
    const referrals = await rows('referral');
    assert.equal(referrals.length, 1);
    assert.equal(referrals[0]!.organisation_id, councilId);
    // The council's panel member is told, in his inbox, and nobody else.
    assert.deepEqual(
      (await told()).map((row) => [row.recipient_id, row.kind, row.text, row.link]),
      [
        [
          app.ids.staff.marcus,
          'referral',
          'Priya Shah, Social worker sent Aisha Khan’s plan and budget to your panel',
          '/panel',
        ],
      ],
    );
  });

  test('Marcus sees the case in his queue and what was sent, and gets 404 for the rest of Aisha’s record', async () => {
    assert.match(await words(marcus, '/panel'), /Aisha Khan Sent on .* Asked for: A direct payment of £9,360 a year/);
    const page = await words(marcus, path(`/${caseId}`));
    assert.match(page, /To get to the allotment every week/);
    assert.match(page, /£9,360\.00 for .* Northbridge City Council/);
    assert.doesNotMatch(page, /What matters/);
    for (const at of [
      `/people/${aisha}`,
      `/people/${aisha}/plan`,
      `/people/${aisha}/budget`,
      `/people/${aisha}/details`,
    ])
      assert.equal((await marcus.get(at)).status, 404, at);
    const looks = await app.db
      .selectFrom('access_log')
      .select(['purpose', 'part', 'action'])
      .where('person_id', '=', aisha)
      .where('actor_name', 'like', 'Marcus%')
      .execute();
    assert.ok(looks.some((row) => row.purpose === 'panel' && row.part === 'panel_case' && row.action === 'read'));
    assert.ok(looks.some((row) => row.part !== 'panel_case' && row.action === 'refused'));
  });

  test('a decision needs reasons, and conditions when approved with conditions; nothing is kept otherwise', async () => {
    const none = await marcus.post(path(`/${caseId}/decision`), { outcome: 'approved_with_conditions', reasons: 'ok' });
    assert.equal(none.status, 400);
    assert.match(visibleText(none.text), /The reasons must say why, in at least 10 characters/);
    assert.match(visibleText(none.text), /Enter the conditions of the approval/);
    assert.equal(
      (await marcus.post(path(`/${caseId}/decision`), { outcome: 'maybe', reasons: 'Because it helps.' })).status,
      400,
    );
    assert.equal((await rows('panel_decision')).length, 0);
    for (const client of [priya, aishaClient])
      assert.equal(
        (await client.post(path(`/${caseId}/decision`), { outcome: 'approved', reasons: 'Looks right to me.' })).status,
        403,
      );
    assert.equal((await rows('panel_decision')).length, 0);
  });

  test('Marcus approves with a condition: the case leaves his queue and closes to him', async () => {
    const decided = await marcus.post(path(`/${caseId}/decision`), {
      outcome: 'approved_with_conditions',
      reasons: 'The plan meets the goals Aisha set and costs less than a care agency.',
      conditions: 'Review the hours after three months.',
      risks: 'Aisha may go to the allotment alone on dry days.',
    });
    assert.equal(decided.status, 303);
    assert.equal(decided.location, '/panel?decided=1');
    assert.match(
      await words(marcus, '/panel?decided=1'),
      /Your decision has been recorded\. .* There are no cases waiting\./,
    );
    assert.equal((await marcus.get(path(`/${caseId}`))).status, 404);
    assert.ok((await rows('referral')).every((row) => row.closed_at !== null));
  });

  test('Aisha reads the decision in plain words and asks the panel to look again; the case reopens to the panel', async () => {
    const page = await words(aishaClient, path());
    assert.match(page, /Your plan and budget at the panel/);
    assert.match(page, /Approved with conditions/);
    const detail = await words(aishaClient, path(`/${caseId}`));
    assert.match(detail, /Decision: approved with conditions .* Conditions: Review the hours after three months\./);
    assert.match(detail, /Positive risks agreed: Aisha may go to the allotment alone on dry days\./);
    assert.equal((await aishaClient.post(path(`/${caseId}/ask-again`), { reason: 'no' })).status, 400);
    const asked = await aishaClient.post(path(`/${caseId}/ask-again`), {
      reason: 'Three months is too soon: my personal assistant needs time to settle in.',
    });
    assert.equal(asked.status, 303);
    assert.match(
      await words(aishaClient, `${path()}?done=asked`),
      /The panel has been asked to look at its decision again\./,
    );
    const twice = await aishaClient.post(path(`/${caseId}/ask-again`), { reason: 'Please look again at the hours.' });
    assert.equal(twice.status, 400);
    assert.equal((await rows('panel_reconsideration')).length, 1);
    assert.match(await words(marcus, '/panel'), /Aisha Khan .* Asked to look again/);
    const second = await marcus.post(path(`/${caseId}/decision`), {
      outcome: 'approved',
      reasons: 'We agree: review the hours at six months instead.',
    });
    assert.equal(second.status, 303);
    assert.equal((await rows('panel_decision')).length, 2, 'the first decision is kept');
  });

  test('nobody else reaches the panel pages: Tom, Grace, Helen and a panel member with no open case', async () => {
    for (const email of [STAFF_EMAILS.tom, STAFF_EMAILS.grace, STAFF_EMAILS.helen]) {
      const client = await signedIn(app, email);
      for (const at of [path(), path(`/${caseId}`), path('/send')])
        assert.equal((await client.get(at)).status, 404, `${email} ${at}`);
      assert.equal((await client.get('/panel')).status, 404, email);
      const forced = await client.post(path(`/${caseId}/ask-again`), { reason: 'Please look at this again.' });
      assert.equal(forced.status, 404, email);
    }
    assert.equal((await marcus.get(path())).status, 404, 'the case is closed to the panel again');
    assert.equal((await rows('panel_reconsideration')).length, 1);
  });
});
