import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import type { AccessPart } from '../../src/data/person-data.ts';
import { isRefusal } from '../../src/errors.ts';
import { staffActor, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const EMAIL: Record<string, string> = {
  priya: 'priya.shah@council.example.org',
  grace: 'grace.mensah@trust.example.org',
  helen: 'helen.price@council.example.org',
  marcus: 'marcus.lee@council.example.org',
  joan: 'joan.clarke@trust.example.org',
  alan: 'alan.ward@council.example.org',
};
const REASON =
  'Aisha was brought into A&E confused and alone; I need her medicines and who to call before treating her.';
const aishaForm = { nhsNumber: '9990000018', 'dob-day': '14', 'dob-month': '3', 'dob-year': '1948' };

describe(`emergency (break-glass) access and its review (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  const clients: Record<string, TestClient> = {};
  const as = async (key: string) => {
    if (!clients[key]) {
      clients[key] = new TestClient(app.baseUrl);
      await clients[key].signIn(EMAIL[key]!, app.db);
    }
    return clients[key];
  };
  const count = async (table: 'break_glass_grant' | 'staff_alert' | 'access_log') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const lastLogRow = (staffKey: string) =>
    app.db
      .selectFrom('access_log')
      .selectAll()
      .where('actor_id', '=', app.ids.staff[staffKey]!)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
  /** Grace as the data context sees her, to ask it directly what she may do. */
  const graceContext = async () => app.services.contextFor(await staffActor(app, app.ids.staff.grace!));
  /** What Grace may do with a part of Aisha's record, as the decision the data context hands its work says. */
  const graceMay = async (part: AccessPart, action: 'read' | 'write' = 'read') => {
    try {
      return await (
        await graceContext()
      ).readFirst(
        aisha,
        ['details', 'about_me'],
        () => 'Checked by a test',
        async (_stores, decision) => decision.may(part, action),
      );
    } catch (error) {
      if (isRefusal(error, 'CW_NOT_FOUND')) return false;
      throw error;
    }
  };
  const readAishaDetails = async () =>
    (await graceContext()).read(aisha, 'details', 'Your details', async ({ people }) => ({
      given_name: (await people.names()).given_name,
    }));

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
  });
  after(() => app.close());

  test("Grace, a nurse outside Aisha's care team, cannot see Aisha's record", async () => {
    const grace = await as('grace');
    assert.equal((await grace.get(`/people/${aisha}`)).status, 404);
    assert.equal(await graceMay('details'), false);
    await assert.rejects(readAishaDetails(), { code: 'CW_NOT_FOUND' });
    assert.match(
      visibleText((await grace.post('/staff/find', aishaForm)).text),
      /You do not have access to this person's record/,
    );
  });

  test('the emergency access page warns that the reason is shown to the person and checked by a privacy officer', async () => {
    const page = await (await as('grace')).get(`/people/${aisha}/emergency-access`);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Emergency access to this record/);
    assert.match(
      text,
      /For the next 4 hours you can look at the parts of the record your role allows\. You cannot change anything\./,
    );
    assert.match(
      text,
      /The person, and anyone who acts for them, will see your name, your organisation, what you looked at and when, and the reason you give here\./,
    );
    assert.match(text, /A privacy officer is told straight away and will check your reason\./);
    assert.doesNotMatch(text, /Aisha|Khan/, 'nothing about the person is shown before access is granted');
  });

  test('a missing, short or overlong reason is refused with a message and nothing is saved', async () => {
    const before = await Promise.all([count('break_glass_grant'), count('staff_alert'), count('access_log')]);
    const grace = await as('grace');
    const cases: [Record<string, string>, RegExp][] = [
      [{ reason: 'Urgent, please' }, /Your reason must be at least 20 characters/],
      [{ reason: '   ' }, /Enter why you need emergency access to this record/],
      [{}, /Enter why you need emergency access to this record/],
      [{ reason: 'x'.repeat(1001) }, /Your reason must be 1,000 characters or fewer/],
    ];
    for (const [form, message] of cases) {
      const page = await grace.post(`/people/${aisha}/emergency-access`, form);
      assert.equal(page.status, 400);
      assert.equal(
        visibleText(page.text).match(new RegExp(message.source, 'g'))?.length,
        2,
        `${message} in the summary and by the field`,
      );
    }
    assert.match(
      (await grace.post(`/people/${aisha}/emergency-access`, { reason: 'Urgent, please' })).text,
      /Urgent, please<\/textarea>/,
      'keeps what was typed',
    );
    assert.deepEqual(
      await Promise.all([count('break_glass_grant'), count('staff_alert'), count('access_log')]),
      before,
    );
  });

  test('an unknown or malformed person is not found, and nothing is saved', async () => {
    const before = await count('break_glass_grant');
    const grace = await as('grace');
    for (const id of [newId(), 'not-a-person']) {
      assert.equal((await grace.get(`/people/${id}/emergency-access`)).status, 404);
      assert.equal((await grace.post(`/people/${id}/emergency-access`, { reason: REASON })).status, 404);
    }
    assert.equal(await count('break_glass_grant'), before);
  });

  test('only practitioners can use emergency access', async () => {
    for (const key of ['helen', 'marcus', 'joan', 'alan']) {
      const client = await as(key);
      assert.equal((await client.get(`/people/${aisha}/emergency-access`)).status, 404, key);
      assert.equal((await client.post(`/people/${aisha}/emergency-access`, { reason: REASON })).status, 404, key);
    }
    const fatima = new TestClient(app.baseUrl);
    await fatima.signIn('fatima.khan@example.org');
    assert.equal((await fatima.get(`/people/${aisha}/emergency-access`)).location, '/my');
    assert.equal(await count('break_glass_grant'), 0);
  });

  test('a good reason starts emergency access: the grant, a log row with the reason, and an alert for the privacy officer', async () => {
    const started = Date.now();
    const page = await (await as('grace')).post(`/people/${aisha}/emergency-access`, { reason: `  ${REASON}  ` });
    assert.equal(page.status, 303);
    assert.equal(page.location, `/people/${aisha}`);

    const grants = await app.db.selectFrom('break_glass_grant').selectAll().execute();
    assert.equal(grants.length, 1);
    const grant = grants[0]!;
    assert.equal(grant.person_id, aisha);
    assert.equal(grant.staff_account_id, app.ids.staff.grace);
    assert.equal(grant.organisation_id, app.ids.organisations.trust);
    assert.equal(grant.reason, REASON);
    assert.equal(grant.expires_at.getTime() - grant.granted_at.getTime(), 4 * 3_600_000);
    assert.ok(grant.granted_at.getTime() >= started - 1000);

    const row = await lastLogRow('grace');
    assert.deepEqual(
      [row.person_id, row.action, row.part, row.purpose, row.break_glass_grant_id],
      [aisha, 'write', 'details', 'emergency', grant.id],
    );
    assert.equal(row.summary, `Started emergency access, giving this reason: ${REASON}`);

    const alerts = await app.db.selectFrom('staff_alert').selectAll().execute();
    assert.deepEqual(
      alerts.map((alert) => alert.staff_account_id),
      [app.ids.staff.joan],
    );
    assert.match(
      alerts[0]!.message,
      /Grace Mensah \(Community nurse, Northbridge Hospitals NHS Foundation Trust\) used emergency access/,
    );
    assert.doesNotMatch(alerts[0]!.message, /Aisha|Khan/, 'alerts carry nothing about the person');
  });

  test("with the grant, Aisha's details open for reading with purpose 'emergency', and nothing can be changed", async () => {
    const grace = await as('grace');
    const found = await grace.post('/staff/find', aishaForm);
    const text = visibleText(found.text);
    assert.match(text, /Aisha Khan Born 14 March 1948\. NHS number 999 000 0018\. Open Aisha Khan's record/);
    assert.match(text, /You are using emergency access to this record/);
    const grant = await app.db.selectFrom('break_glass_grant').select('id').executeTakeFirstOrThrow();
    const row = await lastLogRow('grace');
    assert.deepEqual(
      [row.action, row.part, row.purpose, row.break_glass_grant_id],
      ['read', 'details', 'emergency', grant.id],
    );

    assert.deepEqual(await readAishaDetails(), { given_name: 'Aisha' });
    assert.equal((await lastLogRow('grace')).purpose, 'emergency');
    assert.equal(await graceMay('about_me'), true);
    assert.equal(await graceMay('details', 'write'), false);
    await assert.rejects(
      (await graceContext()).write(aisha, 'details', 'Your details', async () => {}),
      { code: 'CW_NOT_FOUND' },
    );
    assert.match(
      visibleText((await grace.get(`/people/${aisha}/emergency-access`)).text),
      /You already have emergency access to this record until/,
    );
  });

  test('Aisha sees who used emergency access, and their reason, on her access-log page', async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn('aisha.khan@example.org');
    const page = await client.get(`/people/${aisha}/access-log`);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Grace Mensah Community nurse, Northbridge Hospitals NHS Foundation Trust Emergency access Looked at your details, \d times What they looked at .*Looked at your name, found by your NHS number and date of birth Their reason for emergency access: “Aisha was brought into A&E/,
    );
    assert.match(
      text,
      /Emergency access Started emergency access to your record Their reason for emergency access: “Aisha was brought into A&E confused and alone; I need her medicines and who to call before treating her\.”/,
    );
    assert.match(
      text,
      /Refused Tried to reach your details and was refused, \d times What they tried to do .*Tried to see your name, found by your NHS number and date of birth and was refused/,
      'her earlier refused look-up is shown to her, marked as refused',
    );
  });

  test('the privacy officer sees the use waiting, reviews it, and the person sees that it was checked', async () => {
    const joan = await as('joan');
    const home = visibleText((await joan.get('/staff')).text);
    assert.match(home, /1 use of emergency access is waiting for your review\. Go to emergency access reviews/);
    assert.match(
      home,
      /New Grace Mensah \(Community nurse, Northbridge Hospitals NHS Foundation Trust\) used emergency access to a record/,
    );

    const list = await joan.get('/staff/privacy');
    assert.equal(list.status, 200);
    const text = visibleText(list.text);
    assert.match(
      text,
      /Grace Mensah looked at Aisha Khan's record Who Grace Mensah, Community nurse Organisation Northbridge Hospitals NHS Foundation Trust Started .* Their reason Aisha was brought into A&E/,
    );
    const seen = await lastLogRow('joan');
    assert.deepEqual(
      [seen.person_id, seen.action, seen.part, seen.purpose],
      [aisha, 'read', 'access_log', 'privacy_review'],
    );

    const grant = await app.db.selectFrom('break_glass_grant').select('id').executeTakeFirstOrThrow();
    const reviewPath = `/staff/privacy/${aisha}/${grant.id}/review`;
    const empty = await joan.post(reviewPath, { note: '  ' });
    assert.equal(empty.status, 400);
    assert.equal(
      visibleText(empty.text).match(/Enter what you found when you checked this use of emergency access/g)?.length,
      2,
    );
    assert.match(empty.text, new RegExp(`href="#note-${grant.id}"`));
    assert.equal(
      (await app.db.selectFrom('break_glass_grant').select('reviewed_at').executeTakeFirstOrThrow()).reviewed_at,
      null,
    );

    const saved = await joan.post(reviewPath, { note: 'Checked with the A&E consultant: access was needed.' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/staff/privacy?reviewed=1');
    const reviewed = await app.db.selectFrom('break_glass_grant').selectAll().executeTakeFirstOrThrow();
    assert.ok(reviewed.reviewed_at);
    assert.equal(reviewed.reviewed_by, app.ids.staff.joan);
    assert.equal(reviewed.review_note, 'Checked with the A&E consultant: access was needed.');
    assert.match(
      visibleText((await joan.get('/staff/privacy?reviewed=1')).text),
      /Your review is saved\. .*Nothing is waiting for review/,
    );
    assert.match(visibleText((await joan.get('/staff')).text), /No emergency access is waiting for your review/);

    assert.equal((await joan.post(reviewPath, { note: 'A second go.' })).status, 404, 'a review is recorded once');
    assert.equal(
      (await joan.post(`/staff/privacy/${aisha}/${newId()}/review`, { note: 'No such grant.' })).status,
      404,
    );
    assert.equal((await joan.post(`/staff/privacy/${aisha}/nonsense/review`, { note: 'No such grant.' })).status, 404);

    const client = new TestClient(app.baseUrl);
    await client.signIn('aisha.khan@example.org');
    assert.match(
      visibleText((await client.get(`/people/${aisha}/access-log`)).text),
      /Joan Clarke Privacy officer, Northbridge Hospitals NHS Foundation Trust Checked an emergency use of your record/,
    );
  });

  test('only privacy officers see or review emergency access', async () => {
    const grant = await app.db.selectFrom('break_glass_grant').select('id').executeTakeFirstOrThrow();
    for (const key of ['priya', 'grace', 'helen', 'marcus', 'alan']) {
      const client = await as(key);
      assert.equal((await client.get('/staff/privacy')).status, 404, key);
      assert.equal(
        (await client.post(`/staff/privacy/${aisha}/${grant.id}/review`, { note: 'Looks fine to me.' })).status,
        404,
        key,
      );
    }
    const citizen = new TestClient(app.baseUrl);
    await citizen.signIn('aisha.khan@example.org');
    assert.equal((await citizen.get('/staff/privacy')).location, '/my');
  });

  test('an expired grant gives no access', async () => {
    await app.db
      .updateTable('break_glass_grant')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .execute();
    const grace = await as('grace');
    assert.equal((await grace.get(`/people/${aisha}`)).status, 404);
    assert.match(
      visibleText((await grace.post('/staff/find', aishaForm)).text),
      /You do not have access to this person's record/,
    );
    assert.equal(await graceMay('details'), false);
    await assert.rejects(readAishaDetails(), { code: 'CW_NOT_FOUND' });
    assert.doesNotMatch(
      visibleText((await grace.get(`/people/${aisha}/emergency-access`)).text),
      /You already have emergency access/,
    );
  });
});
