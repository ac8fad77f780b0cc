import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { refused } from '../../src/errors.ts';
import { signedIn, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { startTestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { citizenAccountId, countRows, inboxRows, notifyInWrite } from './helpers.ts';

describe(`the inbox and notification choices (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priyaId: string;
  let tomId: string;
  let fatimaId: string;
  let priya: TestClient;
  let tom: TestClient;
  let fatima: TestClient;
  let aishaClient: TestClient;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priyaId = app.ids.staff.priya!;
    tomId = app.ids.staff.tom!;
    fatimaId = await citizenAccountId(app, CITIZEN_EMAILS.fatima);
    [priya, tom, fatima, aishaClient] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, STAFF_EMAILS.tom),
      signedIn(app, CITIZEN_EMAILS.fatima),
      signedIn(app, CITIZEN_EMAILS.aisha),
    ]);
  });
  after(() => app.close());

  test('a notification is written in the transaction of the change: a refused change leaves no inbox row', async () => {
    const before = await countRows(app, 'notification');
    await assert.rejects(
      notifyInWrite(
        app,
        aisha,
        {
          kind: 'new_message',
          recipients: [{ kind: 'staff', accountId: tomId }],
          text: 'Priya Shah sent a message about Aisha Khan',
          link: `/people/${aisha}`,
        },
        { thenFail: refused('A rule said no after the notification was written.') },
      ),
      /A rule said no/,
    );
    assert.equal(await countRows(app, 'notification'), before);

    await notifyInWrite(app, aisha, {
      kind: 'new_message',
      recipients: [
        { kind: 'staff', accountId: tomId },
        { kind: 'staff', accountId: tomId },
        { kind: 'citizen', accountId: fatimaId },
      ],
      text: 'Priya Shah sent a message about Aisha Khan',
      link: `/people/${aisha}`,
    });
    const [toTom] = await inboxRows(app, 'staff', tomId);
    assert.deepEqual(
      { person: toTom?.person_id, kind: toTom?.kind, text: toTom?.text, read: toTom?.read_at },
      { person: aisha, kind: 'new_message', text: 'Priya Shah sent a message about Aisha Khan', read: null },
    );
    assert.equal((await inboxRows(app, 'staff', tomId)).length, 1, 'one row for a recipient named twice');
    assert.equal((await inboxRows(app, 'citizen', fatimaId)).length, 1);
    // No mail server here: nothing is queued for e-mail.
    assert.equal(await countRows(app, 'mail_outbox'), 0);
  });

  test('an inbox row cannot be changed but to be marked read, nor deleted', async () => {
    const [row] = await inboxRows(app, 'staff', tomId);
    await assert.rejects(
      app.db.updateTable('notification').set({ text: 'Something else' }).where('id', '=', row!.id).execute(),
      /only ever marked as read/,
    );
    await assert.rejects(
      app.db.deleteFrom('notification').where('id', '=', row!.id).execute(),
      /only ever marked as read/,
    );
  });

  test('the inbox lists your notifications newest first, unread marked, and the header counts them', async () => {
    await notifyInWrite(app, aisha, {
      kind: 'task_assigned',
      recipients: [{ kind: 'staff', accountId: tomId }],
      text: 'Priya Shah gave you a task for Aisha Khan',
      link: `/people/${aisha}/care-team`,
    });
    const page = await tom.get('/inbox');
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Inbox \(2 unread\)/);
    assert.match(
      text,
      /You have 2 unread notifications\. Newest first\. Unread Priya Shah gave you a task for Aisha Khan .* Unread Priya Shah sent a message about Aisha Khan/,
    );
    assert.doesNotMatch(visibleText((await priya.get('/inbox')).text), /Aisha Khan/, "Priya's inbox has none of Tom's");
  });

  test('opening a notification marks it read and goes where it leads; someone else opening it is told it does not exist', async () => {
    const [task] = await inboxRows(app, 'staff', tomId);
    for (const other of [priya, fatima, aishaClient]) {
      const page = await other.get(`/inbox/${task!.id}`);
      assert.equal(page.status, 404);
    }
    assert.equal((await inboxRows(app, 'staff', tomId))[0]!.read_at, null, 'still unread');
    assert.equal((await tom.get('/inbox/not-an-id')).status, 404);

    const opened = await tom.get(`/inbox/${task!.id}`);
    assert.equal(opened.status, 303);
    assert.equal(opened.location, `/people/${aisha}/care-team`);
    const readAt = (await inboxRows(app, 'staff', tomId))[0]!.read_at;
    assert.ok(readAt instanceof Date);
    // Opening it again keeps the first time it was read.
    await tom.get(`/inbox/${task!.id}`);
    assert.deepEqual((await inboxRows(app, 'staff', tomId))[0]!.read_at, readAt);
    assert.match(visibleText((await tom.get('/inbox')).text), /Inbox \(1 unread\)/);
  });

  test('marking all as read is for your own inbox only, and says so', async () => {
    const fatimaUnread = (await inboxRows(app, 'citizen', fatimaId)).filter((row) => !row.read_at).length;
    assert.equal(fatimaUnread, 1);
    const done = await tom.post('/inbox/read', {});
    assert.equal(done.status, 303);
    assert.equal(done.location, '/inbox?done=read');
    const page = visibleText((await tom.get('/inbox?done=read')).text);
    assert.match(page, /Everything in your inbox is marked as read\./);
    assert.match(page, /You have read everything here\./);
    assert.doesNotMatch(page, /unread\)/);
    assert.ok((await inboxRows(app, 'staff', tomId)).every((row) => row.read_at));
    assert.equal((await inboxRows(app, 'citizen', fatimaId)).filter((row) => !row.read_at).length, 1);
  });

  test('a long inbox is paged', async () => {
    for (let i = 1; i <= 26; i += 1)
      await notifyInWrite(app, aisha, {
        kind: 'referral',
        recipients: [{ kind: 'staff', accountId: priyaId }],
        text: `Referral number ${i}`,
        link: `/people/${aisha}`,
      });
    const first = visibleText((await priya.get('/inbox')).text);
    assert.match(first, /Referral number 26/);
    assert.doesNotMatch(first, /Referral number 1 /);
    const second = await priya.get('/inbox?page=2');
    assert.match(visibleText(second.text), /Referral number 1 /);
    assert.match(second.text, /href="\/inbox"/);
  });

  test('choices: in-app off means no inbox row for that kind; saving shows a banner', async () => {
    const form = await tom.get('/account/notifications');
    assert.equal(form.status, 200);
    const text = visibleText(form.text);
    assert.match(text, /How you hear of things/);
    assert.match(text, /Careweave cannot send e-mail here yet, so nothing is sent by e-mail\./);
    assert.match(form.text, /name="new_message" type="checkbox" value="in_app" checked/);

    const saved = await tom.post('/account/notifications', {
      new_message: 'email',
      task_assigned: ['in_app', 'email'],
      plan_waiting: 'in_app',
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/account/notifications?done=saved');
    const after = await tom.get('/account/notifications?done=saved');
    assert.match(visibleText(after.text), /Your choices have been saved\./);
    assert.doesNotMatch(after.text, /name="new_message" type="checkbox" value="in_app" checked/);
    assert.match(after.text, /name="new_message" type="checkbox" value="email" checked/);
    assert.doesNotMatch(after.text, /name="referral" type="checkbox" value="in_app" checked/, 'nothing ticked: off');

    const before = (await inboxRows(app, 'staff', tomId)).length;
    await notifyInWrite(app, aisha, {
      kind: 'new_message',
      recipients: [
        { kind: 'staff', accountId: tomId },
        { kind: 'staff', accountId: priyaId },
      ],
      text: 'Another message about Aisha Khan',
      link: `/people/${aisha}`,
    });
    assert.equal((await inboxRows(app, 'staff', tomId)).length, before, 'Tom turned in-app off for messages');
    assert.equal((await inboxRows(app, 'staff', priyaId))[0]!.text, 'Another message about Aisha Khan');
    await notifyInWrite(app, aisha, {
      kind: 'task_assigned',
      recipients: [{ kind: 'staff', accountId: tomId }],
      text: 'A task still reaches Tom',
      link: `/people/${aisha}`,
    });
    assert.equal((await inboxRows(app, 'staff', tomId))[0]!.text, 'A task still reaches Tom');
  });

  test('choices: an unknown kind or a forged way is refused with a clear message, and nothing is saved', async () => {
    const choicesBefore = await app.db.selectFrom('notification_choice').selectAll().orderBy('kind').execute();
    const unknown = await fatima.post('/account/notifications', { new_message: 'in_app', parcel_delivered: 'email' });
    assert.equal(unknown.status, 400);
    assert.match(
      visibleText(unknown.text),
      /There is a problem This form was sent with a kind of notification that does not exist: choose only from those shown/,
    );
    const forged = await fatima.post('/account/notifications', { new_message: ['in_app', 'carrier_pigeon'] });
    assert.equal(forged.status, 400);
    assert.match(visibleText(forged.text), /Choose "In Careweave", "By e-mail", both or neither/);
    assert.match(forged.text, /href="#new_message"/);
    assert.deepEqual(
      await app.db.selectFrom('notification_choice').selectAll().orderBy('kind').execute(),
      choicesBefore,
    );
  });

  test('the inbox and choices are for signed-in accounts only', async () => {
    const anonymous = await fetch(`${app.baseUrl}/inbox`, { redirect: 'manual' });
    assert.equal(anonymous.status, 303);
    const choices = await fetch(`${app.baseUrl}/account/notifications`, { redirect: 'manual' });
    assert.equal(choices.status, 303);
  });
});
