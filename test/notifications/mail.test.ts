import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { startTestMailServer, type TestMailServer } from '../support/smtp.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { citizenAccountId, inboxRows } from './helpers.ts';

const PUBLIC_URL = 'https://care.example.org';
const REASON = 'Found unconscious at the bus station; need her medicines and allergies now.';

describe(`notification e-mail (${testBackend()})`, () => {
  let smtp: TestMailServer;
  let app: TestApp;
  let aisha: string;
  let grace: TestClient;
  let fatima: TestClient;

  before(async () => {
    smtp = await startTestMailServer();
    app = await startTestApp({ mail: smtp.mail, publicUrl: PUBLIC_URL });
    aisha = app.ids.people.aisha!;
    [grace, fatima] = await Promise.all([signedIn(app, STAFF_EMAILS.grace), signedIn(app, CITIZEN_EMAILS.fatima)]);
  });
  after(async () => {
    await app.close();
    await smtp.close();
  });

  const outbox = () => app.db.selectFrom('mail_outbox').selectAll().orderBy('created_at').orderBy('id').execute();

  test('emergency access e-mails the key worker and Fatima a sign-in link, with nothing about Aisha in it', async () => {
    assert.equal((await grace.post(`/people/${aisha}/emergency-access`, { reason: REASON })).status, 303);
    const mails = await smtp.waitFor(2);
    assert.deepEqual(mails.map((mail) => mail.to).toSorted(), [[CITIZEN_EMAILS.fatima], [STAFF_EMAILS.priya]]);
    for (const mail of mails) {
      assert.equal(mail.subject, 'You have a new notification in Careweave');
      assert.equal(
        mail.text.trim(),
        `You have a new notification in Careweave: emergency access to a record. Sign in to read it: ${PUBLIC_URL}/inbox`,
      );
      for (const personal of ['Aisha', 'Khan', 'Grace', 'Mensah', 'unconscious', aisha])
        assert.ok(!mail.raw.includes(personal), `the e-mail does not carry "${personal}"`);
    }
    await app.services.notifications.sendingIdle();
    const rows = await outbox();
    assert.equal(rows.length, 2);
    assert.ok(rows.every((row) => row.sent_at instanceof Date && row.attempts === 1 && row.last_error === null));
  });

  test('e-mail turned off for a kind queues no e-mail, and the inbox row is still written', async () => {
    const page = await fatima.get('/account/notifications');
    assert.doesNotMatch(visibleText(page.text), /cannot send e-mail/);
    assert.equal(
      (await fatima.post('/account/notifications', { emergency_access: 'in_app', new_message: ['in_app', 'email'] }))
        .status,
      303,
    );
    const fatimaAccount = await citizenAccountId(app, CITIZEN_EMAILS.fatima);
    const inboxBefore = (await inboxRows(app, 'citizen', fatimaAccount)).length;
    assert.equal((await grace.post(`/people/${aisha}/emergency-access`, { reason: REASON })).status, 303);
    await app.services.notifications.sendingIdle();
    const rows = await outbox();
    assert.equal(rows.length, 3, 'one more: for the key worker only');
    assert.equal(rows.at(-1)!.to_address, STAFF_EMAILS.priya);
    assert.equal((await inboxRows(app, 'citizen', fatimaAccount)).length, inboxBefore + 1);
    assert.equal((await smtp.waitFor(3)).length, 3);
  });
});
