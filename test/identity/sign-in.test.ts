import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`sign-in and sessions (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('a person signs in with email and password and lands on their home page', async () => {
    const client = new TestClient(app.baseUrl);
    const page = await client.post('/sign-in', { email: 'Aisha.Khan@example.org ', password: 'demo-password-2026' });
    assert.equal(page.status, 303);
    assert.equal(page.location, '/');
    const home = await client.get('/');
    assert.equal(home.location, '/my');
  });

  test('staff must enter a one-time code before anything else', async () => {
    const client = new TestClient(app.baseUrl);
    const page = await client.post('/sign-in', {
      email: 'priya.shah@council.example.org',
      password: 'demo-password-2026',
    });
    assert.equal(page.location, '/sign-in/code');
    assert.equal((await client.get('/staff')).location, '/sign-in');
    const wrong = await client.post('/sign-in/code', { code: '000000' });
    assert.equal(wrong.status, 400);
    assert.match(visibleText(wrong.text), /The code is not right or has expired/);
    const badShape = await client.post('/sign-in/code', { code: 'abc' });
    assert.match(visibleText(badShape.text), /Enter the 6-digit code/);
  });

  test('a wrong password gets one clear message and keeps the email typed', async () => {
    const client = new TestClient(app.baseUrl);
    const page = await client.post('/sign-in', { email: 'aisha.khan@example.org', password: 'wrong' });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /There is a problem The email address or password is not right/);
    assert.match(page.text, /value="aisha.khan@example.org"/);
  });

  test('an empty form says what to fill in', async () => {
    const client = new TestClient(app.baseUrl);
    const page = await client.post('/sign-in', { email: '', password: '' });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /Enter your email address/);
    assert.match(visibleText(page.text), /Enter your password/);
  });

  test('a form without its CSRF token is refused and changes nothing', async () => {
    const client = new TestClient(app.baseUrl);
    const before = await app.db
      .selectFrom('session')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const page = await client.post(
      '/sign-in',
      { email: 'aisha.khan@example.org', password: 'demo-password-2026' },
      { csrf: false },
    );
    assert.equal(page.status, 403);
    assert.match(visibleText(page.text), /This form has expired/);
    const afterCount = await app.db
      .selectFrom('session')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('five wrong passwords lock that email for 15 minutes, even with the right one', async () => {
    const client = new TestClient(app.baseUrl);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      assert.equal(
        (await client.post('/sign-in', { email: 'george.owen@example.org', password: `wrong-${attempt}` })).status,
        400,
      );
    }
    const locked = await client.post('/sign-in', { email: 'george.owen@example.org', password: 'demo-password-2026' });
    assert.equal(locked.status, 429);
    assert.match(visibleText(locked.text), /Too many attempts/);
  });

  test('a new session id at each sign-in; sign out everywhere ends them all', async () => {
    const first = new TestClient(app.baseUrl);
    const second = new TestClient(app.baseUrl);
    await first.signIn('fatima.khan@example.org');
    await second.signIn('fatima.khan@example.org');
    const sessions = await first.get('/account/sessions');
    assert.equal(sessions.status, 200);
    assert.equal((sessions.text.match(/name="session"/g) ?? []).length, 2);
    assert.equal((await first.post('/account/sessions/end-all', {})).location, '/sign-in');
    assert.equal((await second.get('/my')).location, '/sign-in');
  });

  test('a session ends after 30 idle minutes, and 12 hours after sign-in however busy', async () => {
    for (const change of [
      { last_seen_at: new Date(Date.now() - 31 * 60_000) },
      { expires_at: new Date(Date.now() - 1000) },
    ]) {
      const client = new TestClient(app.baseUrl);
      await client.signIn('aisha.khan@example.org');
      assert.equal((await client.get('/my')).status, 200);
      await app.db
        .updateTable('session')
        .set(change)
        .where('ended_at', 'is', null)
        .where('account_kind', '=', 'citizen')
        .execute();
      assert.equal((await client.get('/my')).location, '/sign-in');
    }
    const idle = new TestClient(app.baseUrl);
    await idle.signIn('aisha.khan@example.org');
    await app.db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 29 * 60_000) })
      .where('ended_at', 'is', null)
      .execute();
    assert.equal((await idle.get('/my')).status, 200, 'a session used within 30 minutes stays open');
  });

  test('signing in again gives a new session id; the old cookie no longer works after signing out', async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn('aisha.khan@example.org');
    const first = client.cookieHeader();
    await client.post('/sign-out', {});
    await client.signIn('aisha.khan@example.org');
    assert.notEqual(client.cookieHeader(), first);
    const stale = await fetch(`${app.baseUrl}/my`, { headers: { cookie: first }, redirect: 'manual' });
    assert.equal(stale.headers.get('location'), '/sign-in');
  });

  test('cookies are HttpOnly and SameSite; pages are never cached', async () => {
    const client = new TestClient(app.baseUrl);
    const page = await client.get('/sign-in');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    for (const cookie of page.headers.getSetCookie()) assert.match(cookie, /HttpOnly; SameSite=Lax/);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self' 'nonce-[0-9a-f]+'/);
    assert.doesNotMatch(page.text, /<script(?![^>]*nonce=)[^>]*>/);
  });

  test('health and readiness answer', async () => {
    assert.equal((await fetch(`${app.baseUrl}/health`)).status, 200);
    assert.deepEqual(await (await fetch(`${app.baseUrl}/ready`)).json(), { status: 'ready' });
  });

  test('an unknown page gets the friendly not-found page', async () => {
    const page = await new TestClient(app.baseUrl).get('/no-such-page');
    assert.equal(page.status, 404);
    assert.match(visibleText(page.text), /Page not found .* Error code: CW_NOT_FOUND/);
  });
});

describe(`secure cookies (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ cookieSecure: true });
  });
  after(() => app.close());

  test('with COOKIE_SECURE on, cookies carry Secure and the __Host- prefix', async () => {
    const page = await new TestClient(app.baseUrl).get('/sign-in');
    const cookies = page.headers.getSetCookie();
    assert.ok(cookies.length > 0);
    for (const cookie of cookies) assert.match(cookie, /^__Host-cw-[a-z]+=.*; Path=\/; HttpOnly; Secure; SameSite=Lax/);
  });
});
