import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { normaliseRecoveryCode } from '../../src/modules/identity/recovery-codes.ts';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { atCodeStep, staffId, wrongCode } from './sign-in-steps.ts';

describe(`recovery codes at sign-in (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const issue = async (email: string) => app.services.identity.recoveryCodes.issue(await staffId(app.db, email));

  test('ten codes are issued, shown once and stored only as hashes', async () => {
    const email = 'priya.shah@council.example.org';
    const codes = await issue(email);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    for (const code of codes) assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
    const stored = await app.db
      .selectFrom('staff_recovery_code')
      .select('code_hash')
      .where('staff_account_id', '=', await staffId(app.db, email))
      .execute();
    assert.equal(stored.length, 10);
    for (const { code_hash } of stored) assert.ok(!codes.some((code) => code_hash.includes(code.replace(/-/g, ''))));
    assert.equal(normaliseRecoveryCode(` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `), codes[0]!.replace(/-/g, ''));
  });

  test('a recovery code signs in once in place of a one-time code, and says how many are left', async () => {
    const email = 'sam.reid@hub.example.org';
    const [first, second] = await issue(email);
    const client = await atCodeStep(app, email);
    const codePage = await client.get('/sign-in/code');
    assert.match(
      codePage.text,
      /<a class="govuk-link" href="\/sign-in\/recovery-code">Use a recovery code instead<\/a>/,
    );
    const recoveryPage = await client.get('/sign-in/recovery-code');
    assert.equal(recoveryPage.status, 200);
    assert.match(visibleText(recoveryPage.text), /Enter a recovery code/);

    const typed = ` ${first!.toUpperCase().replace(/-/g, ' ')} `;
    const done = await client.post('/sign-in/recovery-code', { code: typed });
    assert.equal(done.location, '/sign-in/recovery-code/used');
    const used = visibleText((await client.get('/sign-in/recovery-code/used')).text);
    assert.match(used, /Success You signed in with a recovery code\. That code will not work again\./);
    assert.match(used, /You have 9 recovery codes left/);
    assert.equal((await client.get('/staff')).status, 200);

    const again = await atCodeStep(app, email);
    const reused = await again.post('/sign-in/recovery-code', { code: first! });
    assert.equal(reused.status, 400);
    assert.match(visibleText(reused.text), /The recovery code is not right or has been used/);
    assert.equal(
      (await again.post('/sign-in/recovery-code', { code: second! })).location,
      '/sign-in/recovery-code/used',
    );
    assert.match(visibleText((await again.get('/sign-in/recovery-code/used')).text), /You have 8 recovery codes left/);
  });

  test('a code that cannot be a recovery code says what one looks like, and is not counted', async () => {
    const client = await atCodeStep(app, 'joan.clarke@trust.example.org');
    for (const code of ['', '123456', 'abcd-efgh-ijk!']) {
      const page = await client.post('/sign-in/recovery-code', { code });
      assert.equal(page.status, 400);
      assert.match(visibleText(page.text), /Enter a recovery code: 12 letters and numbers, like 7kq2-m9xd-3fvb/);
    }
    const counted = await app.db
      .selectFrom('limited_attempt')
      .select('id')
      .where('account_id', '=', await staffId(app.db, 'joan.clarke@trust.example.org'))
      .execute();
    assert.equal(counted.length, 0);
  });

  test('wrong recovery codes count with wrong one-time codes against the same limit', async () => {
    const email = 'alan.ward@council.example.org';
    const [good] = await issue(email);
    const client = await atCodeStep(app, email);
    for (let attempt = 0; attempt < 4; attempt++) await client.post('/sign-in/code', { code: await wrongCode() });
    const fifth = await client.post('/sign-in/recovery-code', { code: 'zzzz-zzzz-zzzz' });
    assert.match(visibleText(fifth.text), /You entered a wrong code too many times/);
    assert.equal((await client.post('/sign-in/recovery-code', { code: good! })).location, '/sign-in');
  });

  test('issuing new codes replaces the unused ones', async () => {
    const email = 'nadia.brooks@council.example.org';
    const [old] = await issue(email);
    const [fresh] = await issue(email);
    const client = await atCodeStep(app, email);
    assert.equal((await client.post('/sign-in/recovery-code', { code: old! })).status, 400);
    assert.equal(
      (await client.post('/sign-in/recovery-code', { code: fresh! })).location,
      '/sign-in/recovery-code/used',
    );
  });

  test('one recovery code sent by two sign-ins at once signs in only one of them', async () => {
    const email = 'marcus.lee@council.example.org';
    const [code] = await issue(email);
    const clients = await Promise.all([atCodeStep(app, email), atCodeStep(app, email), atCodeStep(app, email)]);
    const pages = await Promise.all(clients.map((client) => client.post('/sign-in/recovery-code', { code: code! })));
    assert.deepEqual(pages.map((page) => page.status).toSorted(), [303, 400, 400]);
  });

  test('the recovery-code pages are only for a sign-in waiting for its code', async () => {
    const anonymous = new TestClient(app.baseUrl);
    assert.equal((await anonymous.get('/sign-in/recovery-code')).location, '/sign-in');
    assert.equal((await anonymous.post('/sign-in/recovery-code', { code: 'zzzz-zzzz-zzzz' })).location, '/sign-in');
    assert.equal((await anonymous.get('/sign-in/recovery-code/used')).location, '/sign-in');
    const citizen = new TestClient(app.baseUrl);
    await citizen.signIn('aisha.khan@example.org');
    assert.equal((await citizen.get('/sign-in/recovery-code/used')).location, '/my');
  });
});
