import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sessionIdFor } from '../../src/modules/identity/service.ts';
import { signedIn, visibleText, type TestApp, type TestClient, startTestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const IDLE_MINUTES = 10;
const EMAIL = 'aisha.khan@example.org';

/** The session row behind a client's cookie. */
const sessionOf = (client: TestClient): string =>
  sessionIdFor(/(?:^|; )cw-session=([^;]+)/.exec(client.cookieHeader())![1]!);

/** The rows of the "Your sessions" table: each has its own sign-out form. */
const rowCount = (html: string): number => (html.match(/name="session"/g) ?? []).length;

describe(`your sessions lists only sessions that still work (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ sessionIdleMinutes: IDLE_MINUTES });
  });
  after(() => app.close());

  test('a session idle past the limit, or past its expiry, is refused and no longer listed; a recent one stays', async () => {
    const clients = {
      viewer: await signedIn(app, EMAIL),
      fresh: await signedIn(app, EMAIL),
      idle: await signedIn(app, EMAIL),
      expired: await signedIn(app, EMAIL),
    };
    // Each session gets a browser name a person would read on the page.
    const labels = {
      viewer: 'Viewing browser',
      fresh: 'Recent browser',
      idle: 'Idle browser',
      expired: 'Expired browser',
    };
    for (const [name, client] of Object.entries(clients) as [keyof typeof clients, TestClient][]) {
      await app.db
        .updateTable('session')
        .set({ user_agent: labels[name] })
        .where('id', '=', sessionOf(client))
        .execute();
    }

    const beforeIdle = await clients.viewer.get('/account/sessions');
    assert.equal(beforeIdle.status, 200);
    assert.equal(rowCount(beforeIdle.text), 4, 'all four sessions are listed while they all work');

    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await app.db
      .updateTable('session')
      .set({ last_seen_at: minutesAgo(IDLE_MINUTES + 1) })
      .where('id', '=', sessionOf(clients.idle))
      .execute();
    await app.db
      .updateTable('session')
      .set({ last_seen_at: minutesAgo(IDLE_MINUTES - 1) })
      .where('id', '=', sessionOf(clients.fresh))
      .execute();
    await app.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', sessionOf(clients.expired))
      .execute();

    const page = await clients.viewer.get('/account/sessions');
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.equal(rowCount(page.text), 2, 'only the viewing and the recent session are listed');
    assert.match(text, /Viewing browser This session/);
    assert.match(text, /Recent browser/, `a session used ${IDLE_MINUTES - 1} minutes ago is still listed`);
    assert.doesNotMatch(text, /Idle browser/, `a session idle for ${IDLE_MINUTES + 1} minutes is not listed`);
    assert.doesNotMatch(text, /Expired browser/, 'a session past its expiry is not listed');

    // The sessions left off the list are the ones that no longer work, and the one listed still does.
    assert.equal((await clients.idle.get('/account/sessions')).location, '/sign-in');
    assert.equal((await clients.expired.get('/account/sessions')).location, '/sign-in');
    assert.equal((await clients.fresh.get('/account/sessions')).status, 200);

    const afterwards = await clients.viewer.get('/account/sessions');
    assert.equal(rowCount(afterwards.text), 2);
    assert.doesNotMatch(visibleText(afterwards.text), /Idle browser|Expired browser/);
  });
});
