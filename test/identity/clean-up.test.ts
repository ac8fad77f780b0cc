import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { CLEAN_UP_EVERY_MS, scheduleCleanUp } from '../../src/cli/clean-up-schedule.ts';
import { newId } from '../../src/ids.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { staffId } from './sign-in-steps.ts';

const DAY = 24 * 3_600_000;

describe(`clean-up of ended sessions and old attempts (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  test('sessions ended or expired over 30 days ago and attempts over a day old are deleted; the rest stay', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const accountId = await staffId(app.db, 'priya.shah@council.example.org');
    const session = (name: string, created: Date, expires: Date, ended: Date | null) => ({
      id: `${name}-${randomBytes(8).toString('hex')}`,
      account_kind: 'staff' as const,
      account_id: accountId,
      created_at: created,
      last_seen_at: created,
      expires_at: expires,
      ended_at: ended,
    });
    const sessions = {
      endedLongAgo: session('ended-long-ago', ago(40 * DAY), ago(39 * DAY), ago(31 * DAY)),
      expiredLongAgo: session('expired-long-ago', ago(32 * DAY), ago(31 * DAY), null),
      endedLately: session('ended-lately', ago(29 * DAY), ago(28 * DAY), ago(29 * DAY)),
      expiredLately: session('expired-lately', ago(3 * DAY), ago(2 * DAY), null),
      live: session('live', ago(60_000), new Date(now.getTime() + DAY), null),
    };
    await app.db.insertInto('session').values(Object.values(sessions)).execute();
    const signIn = (at: Date) => ({ id: newId(), email_key: 'k', client_key: 'c', succeeded: false, at });
    const limited = (at: Date) => ({
      id: newId(),
      action: 'one_time_code' as const,
      account_id: accountId,
      session_id: null,
      client_key: 'c',
      succeeded: false,
      at,
    });
    const signIns = { old: signIn(ago(DAY + 60_000)), recent: signIn(ago(DAY - 60_000)) };
    const attempts = { old: limited(ago(2 * DAY)), recent: limited(ago(3_600_000)) };
    await app.db.insertInto('sign_in_attempt').values(Object.values(signIns)).execute();
    await app.db.insertInto('limited_attempt').values(Object.values(attempts)).execute();

    const removed = await app.services.identity.cleanUp(now);

    const ids = async (table: 'session' | 'sign_in_attempt' | 'limited_attempt', wanted: string[]) =>
      (await app.db.selectFrom(table).select('id').where('id', 'in', wanted).execute()).map((row) => row.id).toSorted();
    assert.deepEqual(
      await ids(
        'session',
        Object.values(sessions).map((row) => row.id),
      ),
      [sessions.endedLately.id, sessions.expiredLately.id, sessions.live.id].toSorted(),
    );
    assert.deepEqual(await ids('sign_in_attempt', [signIns.old.id, signIns.recent.id]), [signIns.recent.id]);
    assert.deepEqual(await ids('limited_attempt', [attempts.old.id, attempts.recent.id]), [attempts.recent.id]);
    assert.ok(removed.sessions >= 2 && removed.attempts >= 2);
  });

  test('the server runs the clean-up when it starts, then hourly until it closes', async (context) => {
    context.mock.timers.enable({ apis: ['setInterval'] });
    const server = Fastify();
    let runs = 0;
    scheduleCleanUp(server, async () => {
      runs += 1;
    });
    await server.ready();
    assert.equal(runs, 1, 'at start');
    context.mock.timers.tick(CLEAN_UP_EVERY_MS);
    assert.equal(runs, 2, 'an hour later');
    await server.close();
    context.mock.timers.tick(2 * CLEAN_UP_EVERY_MS);
    assert.equal(runs, 2, 'not after closing');
  });
});
