import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

/** Twenty wrong sign-ins from one client, each for a different unknown email so no account is locked. */
async function failTwentyTimes(app: TestApp, forwardedFor?: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const page = await signInFrom(app, `nobody-${attempt}-${forwardedFor ?? 'direct'}@example.org`, forwardedFor);
    assert.equal(page.status, 400);
  }
}

/** A sign-in sent with an X-Forwarded-For header, as anyone can send one. */
async function signInFrom(app: TestApp, email: string, forwardedFor?: string) {
  const client = new TestClient(app.baseUrl);
  const token = /name="_csrf" value="([^"]+)"/.exec((await client.get('/sign-in')).text)![1]!;
  const response = await fetch(`${app.baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: client.cookieHeader(),
      'content-type': 'application/x-www-form-urlencoded',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: new URLSearchParams({ email, password: 'wrong-password', _csrf: token }),
  });
  return { status: response.status, text: await response.text() };
}

describe(`client limits use the connection's address by default (${testBackend()})`, () => {
  let app: TestApp;
  let sam: TestClient, tom: TestClient, grace: TestClient;
  before(async () => {
    app = await startTestApp();
    // Signed in before the sign-in limit for this client is reached below.
    [sam, tom, grace] = [
      await signedIn(app, 'sam.reid@hub.example.org'),
      await signedIn(app, 'tom.okafor@gp.example.org'),
      await signedIn(app, 'grace.mensah@trust.example.org'),
    ];
  });
  after(() => app.close());

  test('a changed X-Forwarded-For header does not reset the per-client sign-in limit', async () => {
    await failTwentyTimes(app);
    for (const forwardedFor of [undefined, '203.0.113.7', '198.51.100.1, 203.0.113.8']) {
      const page = await signInFrom(app, 'someone-else@example.org', forwardedFor);
      assert.equal(page.status, 429, `with X-Forwarded-For ${forwardedFor ?? 'absent'}`);
      assert.match(visibleText(page.text), /Too many attempts/);
    }
  });

  describe('finding a person', () => {
    const margaretWrongBirthday = { nhsNumber: '999 000 0034', 'dob-day': '1', 'dob-month': '1', 'dob-year': '1950' };
    const margaret = { nhsNumber: '999 000 0034', 'dob-day': '21', 'dob-month': '11', 'dob-year': '1937' };

    test('twenty searches that find nobody make one account wait, saying how long', async () => {
      for (let search = 0; search < 20; search++) {
        const page = await sam.post('/staff/find', margaretWrongBirthday);
        assert.equal(page.status, 200);
        assert.match(visibleText(page.text), /No one matches that NHS number and date of birth/);
      }
      const stopped = await sam.post('/staff/find', margaret);
      assert.equal(stopped.status, 429);
      assert.match(
        visibleText(stopped.text),
        /There is a problem You have searched too many times without finding anyone\. Wait 15 minutes, then try again\./,
      );
      assert.doesNotMatch(visibleText(stopped.text), /Margaret Owen/, 'not even a right search is answered');

      const found = await tom.post('/staff/find', margaret);
      assert.equal(found.status, 200, 'another account is not held up');
      assert.match(visibleText(found.text), /Margaret Owen/);
    });

    test('forms with mistakes are not counted', async () => {
      for (let search = 0; search < 25; search++)
        assert.equal((await grace.post('/staff/find', { ...margaret, nhsNumber: '123' })).status, 400);
      assert.equal((await grace.post('/staff/find', margaret)).status, 200);
    });
  });
});

describe(`TRUSTED_PROXIES (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ trustedProxies: ['127.0.0.1'] });
  });
  after(() => app.close());

  test('behind a listed proxy, each forwarded client address has its own limit', async () => {
    await failTwentyTimes(app, '203.0.113.5');
    assert.equal((await signInFrom(app, 'someone@example.org', '203.0.113.5')).status, 429);
    assert.equal(
      (await signInFrom(app, 'someone@example.org', '203.0.113.6')).status,
      400,
      'another client is not held up',
    );
  });

  test('the setting takes addresses and ranges, and says what to fix', () => {
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    assert.deepEqual(loadConfig({ TRUSTED_PROXIES: '' }).trustedProxies, []);
    assert.deepEqual(loadConfig({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8' }).trustedProxies, [
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
    ]);
    for (const [value, wrong] of [
      ['proxy.example.org', 'proxy.example.org'],
      ['10.0.0.0/33', '10.0.0.0/33'],
      ['10.0.0.1,,10.0.0.2', ''],
      ['true', 'true'],
      ['10.0.0.1/8/8', '10.0.0.1/8/8'],
    ])
      assert.throws(
        () => loadConfig({ TRUSTED_PROXIES: value }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message ===
            `TRUSTED_PROXIES must be IP addresses or ranges separated by commas, like 10.0.0.1,192.168.0.0/16: "${wrong}" is not one`,
        value,
      );
  });
});
