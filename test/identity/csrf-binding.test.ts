import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { codeNow } from './sign-in-steps.ts';

/** A browser kept by hand: its cookies and the CSRF token of the last page with a form. */
class Browser {
  cookies = new Map<string, string>();
  token = '';
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async send(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form) : undefined,
    });
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) {
      const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
      if (value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.token = token;
    return { status: response.status, location: response.headers.get('location'), text, setCookies };
  }
}

describe(`the CSRF secret is bound to the session and renewed at sign-in (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('a token from before signing in is refused afterwards, and the secret is new', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.send('GET', '/sign-in');
    const secretBefore = browser.cookies.get('cw-csrf');
    const signedOutToken = browser.token;
    const signIn = await browser.send('POST', '/sign-in', {
      email: 'aisha.khan@example.org',
      password: DEMO_PASSWORD,
      _csrf: signedOutToken,
    });
    assert.equal(signIn.location, '/');
    assert.ok(
      signIn.setCookies.some((cookie) => cookie.startsWith('cw-csrf=')),
      'a new CSRF secret at sign-in',
    );
    assert.notEqual(browser.cookies.get('cw-csrf'), secretBefore);

    const stale = await browser.send('POST', '/sign-out', { _csrf: signedOutToken });
    assert.equal(stale.status, 403);
    assert.match(visibleText(stale.text), /This form has expired/);
    assert.equal((await browser.send('GET', '/my')).status, 200, 'still signed in');

    await browser.send('GET', '/my');
    assert.equal((await browser.send('POST', '/sign-out', { _csrf: browser.token })).location, '/sign-in');
  });

  test('a token from the code step is refused once the code is accepted', async () => {
    const email = 'priya.shah@council.example.org';
    const browser = new Browser(app.baseUrl);
    await browser.send('GET', '/sign-in');
    await browser.send('POST', '/sign-in', { email, password: DEMO_PASSWORD, _csrf: browser.token });
    await browser.send('GET', '/sign-in/code');
    const codeStepToken = browser.token;
    const secretAtCodeStep = browser.cookies.get('cw-csrf');
    assert.equal(
      (await browser.send('POST', '/sign-in/code', { code: await codeNow(), _csrf: codeStepToken })).location,
      '/',
    );
    assert.notEqual(browser.cookies.get('cw-csrf'), secretAtCodeStep, 'a new CSRF secret when the code is accepted');
    assert.equal((await browser.send('POST', '/sign-out', { _csrf: codeStepToken })).status, 403);
    assert.equal((await browser.send('GET', '/staff')).status, 200, 'still signed in');
  });

  test("another session's CSRF cookie and token, planted in a browser, are refused", async () => {
    const attacker = new Browser(app.baseUrl);
    await attacker.send('GET', '/sign-in');
    await attacker.send('POST', '/sign-in', {
      email: 'george.owen@example.org',
      password: DEMO_PASSWORD,
      _csrf: attacker.token,
    });
    await attacker.send('GET', '/my');
    const victim = new Browser(app.baseUrl);
    await victim.send('GET', '/sign-in');
    await victim.send('POST', '/sign-in', {
      email: 'fatima.khan@example.org',
      password: DEMO_PASSWORD,
      _csrf: victim.token,
    });
    // The attacker tosses their own CSRF cookie into the victim's browser and sends their own token.
    victim.cookies.set('cw-csrf', attacker.cookies.get('cw-csrf')!);
    const forged = await victim.send('POST', '/account/sessions/end-all', { _csrf: attacker.token });
    assert.equal(forged.status, 403);
    assert.equal((await victim.send('GET', '/my')).status, 200, 'the victim is still signed in');
  });

  test('the test client still signs in and sends forms', async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn('fatima.khan@example.org');
    assert.equal((await client.post('/account/sessions/end-all', {})).location, '/sign-in');
  });
});
