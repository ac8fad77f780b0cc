import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../../src/modules/identity/index.ts';
import { newId } from '../../src/ids.ts';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { atCodeStep, codeNow, staffId, wrongCode } from './sign-in-steps.ts';

describe(`one-time codes: wrong tries, single use, accounts without a code (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const liveSessions = async (email: string) =>
    (
      await app.db
        .selectFrom('session')
        .select('id')
        .where('account_id', '=', await staffId(app.db, email))
        .where('ended_at', 'is', null)
        .execute()
    ).length;

  test('five wrong codes end that sign-in: the right code then does not sign in, and they start again', async () => {
    const email = 'tom.okafor@gp.example.org';
    const client = await atCodeStep(app, email);
    for (const left of [4, 3, 2, 1]) {
      const page = await client.post('/sign-in/code', { code: await wrongCode() });
      assert.equal(page.status, 400);
      assert.match(
        visibleText(page.text),
        new RegExp(`The code is not right or has expired.*You can try ${left} more time${left === 1 ? '' : 's'}`),
      );
    }
    const fifth = await client.post('/sign-in/code', { code: await wrongCode() });
    assert.equal(fifth.status, 400);
    assert.match(
      visibleText(fifth.text),
      /There is a problem You entered a wrong code too many times\. Sign in again with your email address and password\./,
    );
    assert.equal(await liveSessions(email), 0, 'the sign-in has ended');
    const right = await client.post('/sign-in/code', { code: await codeNow() });
    assert.equal(right.location, '/sign-in', 'the right code no longer signs in');
    assert.equal((await client.get('/staff')).location, '/sign-in');
  });

  test('ten wrong codes for one account in 15 minutes: a wait, saying how long, even with the right code', async () => {
    const email = 'grace.mensah@trust.example.org';
    for (let signIn = 0; signIn < 2; signIn++) {
      const client = await atCodeStep(app, email);
      for (let attempt = 0; attempt < 5; attempt++) await client.post('/sign-in/code', { code: await wrongCode() });
    }
    const client = await atCodeStep(app, email);
    const page = await client.post('/sign-in/code', { code: await codeNow() });
    assert.equal(page.status, 429);
    assert.match(
      visibleText(page.text),
      /There have been too many wrong codes for your account\. Wait 15 minutes, then try again\./,
    );
    assert.equal((await client.get('/staff')).location, '/sign-in', 'not signed in');
    // Once the wrong tries are older than 15 minutes, the right code works.
    await app.db
      .updateTable('limited_attempt')
      .set({ at: new Date(Date.now() - 16 * 60_000) })
      .where('account_id', '=', await staffId(app.db, email))
      .execute();
    assert.equal((await client.post('/sign-in/code', { code: await codeNow() })).location, '/');
    assert.equal((await client.get('/staff')).status, 200);
  });

  test('each code works once: the same code in a second sign-in is refused', async () => {
    const email = 'lena.varga@carers.example.org';
    const first = await atCodeStep(app, email);
    const second = await atCodeStep(app, email);
    const code = await codeNow();
    assert.equal((await first.post('/sign-in/code', { code })).location, '/');
    const again = await second.post('/sign-in/code', { code });
    assert.equal(again.status, 400);
    assert.match(visibleText(again.text), /it has been used already/);
    assert.equal((await second.get('/staff')).location, '/sign-in');
  });

  test('the same code sent by two sign-ins at once signs in only one of them', async () => {
    const email = 'helen.price@council.example.org';
    const clients = await Promise.all([atCodeStep(app, email), atCodeStep(app, email), atCodeStep(app, email)]);
    const code = await codeNow();
    const pages = await Promise.all(clients.map((client) => client.post('/sign-in/code', { code })));
    assert.deepEqual(pages.map((page) => page.status).toSorted(), [303, 400, 400]);
  });

  test('a member of staff without a one-time-code app gets no session from their password alone', async () => {
    const organisationId = (await app.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id;
    const email = 'no.code.yet@council.example.org';
    await app.db
      .insertInto('staff_account')
      .values({
        id: newId(),
        organisation_id: organisationId,
        email,
        display_name: 'Nora Code',
        job_title: 'Social worker',
        role: 'practitioner',
        password_hash: await hashPassword('a-long-enough-password'),
        totp_secret: null,
        disabled_at: null,
      })
      .execute();
    const client = new TestClient(app.baseUrl);
    const page = await client.post('/sign-in', { email, password: 'a-long-enough-password' });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /Your account is not set up yet\. Use the link in your invitation/);
    assert.equal(await liveSessions(email), 0);
    assert.equal((await client.get('/staff')).location, '/sign-in');
  });

  test('an invited account with no password yet cannot be signed in to, even with the decoy password', async () => {
    const organisationId = (await app.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()).id;
    const staffEmail = 'invited.staff@council.example.org';
    const personEmail = 'invited.person@example.org';
    await app.db
      .insertInto('staff_account')
      .values({
        id: newId(),
        organisation_id: organisationId,
        email: staffEmail,
        display_name: 'Ivy Invited',
        job_title: 'Care worker',
        role: 'practitioner',
        password_hash: null,
        totp_secret: null,
        disabled_at: null,
      })
      .execute();
    await app.db
      .insertInto('person_account')
      .values({ id: newId(), email: personEmail, display_name: 'Ian Invited', password_hash: null, disabled_at: null })
      .execute();
    for (const email of [staffEmail, personEmail])
      for (const password of ['not-a-real-password-decoy', 'anything']) {
        const client = new TestClient(app.baseUrl);
        const page = await client.post('/sign-in', { email, password });
        assert.equal(page.status, 400, `${email} with ${password}`);
        assert.match(visibleText(page.text), /The email address or password is not right/);
      }
    const person = await app.db
      .selectFrom('person_account')
      .select('id')
      .where('email', '=', personEmail)
      .executeTakeFirstOrThrow();
    const sessions = await app.db
      .selectFrom('session')
      .select('id')
      .where('account_id', 'in', [await staffId(app.db, staffEmail), person.id])
      .execute();
    assert.equal(sessions.length, 0);
  });
});
