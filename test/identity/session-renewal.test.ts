import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sessionIdFor } from '../../src/modules/identity/service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { atCodeStep, codeNow, sessionCookie } from './sign-in-steps.ts';

describe(`the session is renewed when the second factor completes (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('a new token and session row; the password-only token is worthless afterwards', async () => {
    const email = 'priya.shah@council.example.org';
    const client = await atCodeStep(app, email);
    const passwordOnly = sessionCookie(client)!;
    assert.ok(passwordOnly);
    assert.equal((await client.post('/sign-in/code', { code: await codeNow() })).location, '/');
    const complete = sessionCookie(client)!;
    assert.ok(complete);
    assert.notEqual(complete, passwordOnly, 'the cookie carries a new token');

    const rows = await app.db
      .selectFrom('session')
      .select(['id', 'ended_at', 'pending_second_factor', 'expires_at'])
      .where('id', 'in', [sessionIdFor(passwordOnly), sessionIdFor(complete)])
      .execute();
    const old = rows.find((row) => row.id === sessionIdFor(passwordOnly))!;
    const renewed = rows.find((row) => row.id === sessionIdFor(complete))!;
    assert.ok(old.ended_at, 'the password-only session has ended');
    assert.equal(renewed.ended_at, null);
    assert.equal(renewed.pending_second_factor, false);
    assert.equal(renewed.expires_at.getTime(), old.expires_at.getTime(), 'the 12-hour limit still counts from sign-in');

    assert.equal((await client.get('/staff')).status, 200);
    for (const path of ['/staff', '/sign-in/code']) {
      const stale = await fetch(`${app.baseUrl}${path}`, {
        headers: { cookie: `cw-session=${passwordOnly}` },
        redirect: 'manual',
      });
      assert.equal(stale.headers.get('location'), '/sign-in', `${path} with the password-only token`);
    }
  });
});
