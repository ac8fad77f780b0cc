import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { freePort, startTestMailServer, type TestMailServer } from '../support/smtp.ts';
import { STAFF_EMAILS } from '../people/helpers.ts';
import { failureCode, retryDelayMs } from '../../src/modules/notifications/outbox-sender.ts';

const REASON = 'Found unconscious at the bus station; need her medicines and allergies now.';

describe('retrying e-mail (rules)', () => {
  test('each try waits longer, 1, 5 and 30 minutes and so on, up to a day', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 50].map((attempts) => retryDelayMs(attempts) / 60_000),
      [1, 5, 30, 120, 360, 1440, 1440, 1440],
    );
  });
  test("a failure is kept as a short code, never the mail server's words", () => {
    assert.equal(
      failureCode(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' })),
      'ESOCKET',
    );
    assert.equal(
      failureCode(
        Object.assign(new Error('550 No such user aisha.khan@example.org'), { code: 'EENVELOPE', responseCode: 550 }),
      ),
      'EENVELOPE_550',
    );
    assert.equal(failureCode(Object.assign(new Error('odd'), { code: 'Aisha Khan is not here' })), 'SEND_FAILED');
    assert.equal(failureCode(new Error('no code')), 'SEND_FAILED');
  });
});

describe(`a mail server that is down loses nothing (${testBackend()})`, () => {
  let port: number;
  let app: TestApp;
  let smtp: TestMailServer | undefined;

  before(async () => {
    port = await freePort();
    app = await startTestApp({
      mail: { url: `smtp://127.0.0.1:${port}`, from: 'careweave@example.org' },
      publicUrl: 'https://care.example.org',
    });
  });
  after(async () => {
    await app.close();
    await smtp?.close();
  });

  const outbox = () => app.db.selectFrom('mail_outbox').selectAll().orderBy('to_address').execute();

  test('the page answers at once; the e-mail waits, marked with why, and is sent once the server is up', async () => {
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    const started = await grace.post(`/people/${app.ids.people.aisha}/emergency-access`, { reason: REASON });
    assert.equal(started.status, 303);
    await app.services.notifications.sendingIdle();

    const waiting = await outbox();
    assert.equal(waiting.length, 2);
    for (const row of waiting) {
      assert.equal(row.sent_at, null);
      assert.equal(row.attempts, 1);
      assert.match(row.last_error ?? '', /^[A-Z0-9_]+$/);
      const wait = row.next_attempt_at.getTime() - Date.now();
      assert.ok(wait > 50_000 && wait <= 60_000, 'tried again in a minute');
    }

    // The mail server comes up on that port; a minute passes (the rows fall due) and the sender looks again.
    smtp = await startTestMailServer(port);
    await app.db.updateTable('mail_outbox').set({ next_attempt_at: new Date() }).execute();
    app.services.notifications.mailSettings!.queued();
    const mails = await smtp.waitFor(2);
    assert.deepEqual(mails.map((mail) => mail.to[0]).toSorted(), waiting.map((row) => row.to_address).toSorted());
    await app.services.notifications.sendingIdle();
    const sent = await outbox();
    assert.ok(sent.every((row) => row.sent_at instanceof Date && row.attempts === 2 && row.last_error === null));
  });
});
