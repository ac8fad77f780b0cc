import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { hashPassword } from '../../src/modules/identity/credentials.ts';
import { messageTimeline } from '../../src/modules/teamwork/messages-service.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, staffActor, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const BILL = 'bill.hartley@example.org';

describe(`Messages between Aisha, the people she chooses and her care team (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let daniel: string;
  let priya: TestClient;
  let tom: TestClient;
  let grace: TestClient;
  let helen: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  let bill: TestClient;
  let billMemberId: string;
  let fatimaMemberId: string;
  let oneToOneId: string;
  const accounts: Record<string, string> = {};
  const path = (rest = '') => `/people/${aisha}/messages${rest}`;

  const count = async (table: 'message' | 'conversation' | 'conversation_choice' | 'message_read' | 'notification') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({
    message: await count('message'),
    conversation: await count('conversation'),
    choice: await count('conversation_choice'),
    read: await count('message_read'),
    notification: await count('notification'),
  });
  const words = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };
  /** The notifications of new messages written since `since`, by whose account they went to. */
  const toldSince = async (since: Date) =>
    (
      await app.db
        .selectFrom('notification')
        .select(['recipient_id', 'kind', 'text', 'link'])
        .where('created_at', '>=', since)
        .where('person_id', '=', aisha)
        .execute()
    ).map((row) => {
      assert.equal(row.kind, 'new_message');
      return { to: Object.keys(accounts).find((who) => accounts[who] === row.recipient_id), ...row };
    });
  const logSince = (since: Date, actorId: string) =>
    app.db
      .selectFrom('access_log')
      .select(['action', 'part', 'purpose', 'summary'])
      .where('person_id', '=', aisha)
      .where('actor_id', '=', actorId)
      .where('at', '>=', since)
      .orderBy('at')
      .execute();

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    daniel = app.ids.people.daniel!;
    const circle = await app.db
      .selectFrom('circle_member')
      .select(['id', 'name'])
      .where('person_id', '=', aisha)
      .execute();
    billMemberId = circle.find((member) => member.name === 'Bill Hartley')!.id;
    fatimaMemberId = circle.find((member) => member.name === 'Fatima Khan')!.id;
    // Bill, Aisha's neighbour, has an account linked to her record as a member of her circle, and nothing shared.
    const billAccount = newId();
    await app.db
      .insertInto('person_account')
      .values({
        id: billAccount,
        email: BILL,
        display_name: 'Bill Hartley',
        password_hash: await hashPassword(DEMO_PASSWORD),
        disabled_at: null,
      })
      .execute();
    await app.db
      .insertInto('person_account_link')
      .values({
        person_id: aisha,
        person_account_id: billAccount,
        acting_as: 'circle_member',
        circle_member_id: billMemberId,
      })
      .execute();
    for (const row of await app.db.selectFrom('person_account').select(['id', 'display_name']).execute())
      accounts[row.display_name.split(' ')[0]!.toLowerCase()] = row.id;
    for (const [key, id] of Object.entries(app.ids.staff)) accounts[key] = id;
    [priya, tom, grace, helen, aishaClient, fatima, bill] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, STAFF_EMAILS.tom),
      signedIn(app, STAFF_EMAILS.grace),
      signedIn(app, STAFF_EMAILS.helen),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
      signedIn(app, BILL),
    ]);
  });
  after(() => app.close());

  test('Grace (outside the team), Helen (a manager) and Bill (not chosen) get 404 (Bill 403 where Aisha chooses); nothing is saved', async () => {
    const before = await counts();
    const since = new Date();
    for (const client of [grace, helen, bill]) {
      // Bill is in Aisha's circle, so the page where she chooses is there, but not his to use.
      const choosing = client === bill ? 403 : 404;
      for (const at of [path(), path('/team'), path(`/${newId()}`)])
        assert.equal((await client.get(at)).status, 404, at);
      assert.equal((await client.get(path('/people'))).status, choosing);
      assert.equal((await client.post(path(), { to: 'team', text: 'Hello' })).status, 404);
      assert.equal((await client.post(path('/team'), { text: 'Hello' })).status, 404);
      assert.equal((await client.post(path('/people'), { circle: billMemberId })).status, choosing);
    }
    assert.deepEqual(await counts(), before);
    // Every attempt is in Aisha's access log as refused (a privacy officer reads those).
    for (const who of ['grace', 'helen', 'bill']) {
      const rows = await logSince(since, accounts[who]!);
      assert.ok(rows.length >= 7, who);
      assert.ok(
        rows.every((row) => row.action === 'refused' && row.part === 'messages'),
        who,
      );
    }
    const billTried = (await logSince(since, accounts.bill!)).map((row) => row.summary);
    assert.ok(billTried.includes('Tried to see: Your messages with your care team'));
    assert.ok(billTried.includes('Tried to change: Your messages with your care team (a new message)'));
  });

  test('Priya writes to Aisha’s care team: the others with accounts are told, the words stay out of the notification', async () => {
    const since = new Date();
    const page = await words(priya, path());
    assert.match(page, /Messages .* Aisha Khan and their care team .* No messages yet/);
    const sent = await priya.post(path('/team'), { text: 'Hello Aisha, I will visit on Thursday at 10am.\r\nPriya' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, path('/team?sent=1'));
    assert.match(await words(priya, path('/team?sent=1')), /Your message has been sent\. .* You ?, .* Not seen yet/);
    const [message] = await app.db.selectFrom('message').selectAll().where('person_id', '=', aisha).execute();
    assert.equal(message!.body, 'Hello Aisha, I will visit on Thursday at 10am.\nPriya');
    assert.equal(message!.author_name, 'Priya Shah');
    assert.equal(message!.acting_for_name, null);
    const told = await toldSince(since);
    assert.deepEqual(told.map((row) => row.to).sort(), ['aisha', 'fatima', 'sam', 'tom']);
    for (const row of told) {
      assert.equal(row.link, path('/team'));
      assert.doesNotMatch(row.text, /Thursday/);
      assert.match(row.text, /^Priya Shah, Social worker, sent a message to Aisha Khan’s care team$/);
    }
    assert.deepEqual(
      (await logSince(since, accounts.priya!)).map((row) => [row.action, row.part, row.summary]),
      [
        ['read', 'messages', 'Your messages: the list of conversations'],
        ['write', 'messages', 'Your messages with your care team (a new message)'],
        ['read', 'messages', 'Your messages with your care team'],
      ],
    );
  });

  test('Aisha sees one new message, reads it (marked as seen, logged), and Priya sees “Seen by Aisha Khan”', async () => {
    assert.match(await words(aishaClient, path()), /Your messages .* You and your care team 1 new/);
    const unreadOf = async (who: string) =>
      (
        await app.db
          .selectFrom('notification')
          .select('id')
          .where('recipient_id', '=', accounts[who]!)
          .where('link', '=', path('/team'))
          .where('read_at', 'is', null)
          .execute()
      ).length;
    assert.equal(await unreadOf('aisha'), 1);
    const since = new Date();
    const page = await words(aishaClient, path('/team'));
    assert.equal(await unreadOf('aisha'), 0, 'opening the conversation reads its inbox item');
    assert.equal(await unreadOf('fatima'), 1, 'Fatima has not opened it yet');
    assert.match(page, /Priya Shah, Social worker ?, .* Hello Aisha, I will visit on Thursday at 10am\./);
    assert.match(
      page,
      /Taking part: You, Fatima Khan \(acting for you\), Dr Tom Okafor \(GP\), Priya Shah \(Social worker\), Sam Reid \(Link worker\)\./,
    );
    const reads = await app.db.selectFrom('message_read').selectAll().where('person_id', '=', aisha).execute();
    assert.deepEqual(
      reads.map((row) => row.reader_name),
      ['Aisha Khan'],
    );
    assert.deepEqual(
      (await logSince(since, accounts.aisha!)).map((row) => [row.action, row.purpose, row.summary]),
      [['read', 'self', 'Your messages with your care team']],
    );
    await aishaClient.get(path('/team'));
    assert.equal(await count('message_read'), 1, 'a message is marked as seen once');
    assert.doesNotMatch(await words(aishaClient, path()), /1 new/);
    assert.match(await words(priya, path('/team')), /Seen by Aisha Khan on /);
    const log = await words(aishaClient, `/people/${aisha}/access-log`);
    assert.match(log, /Priya Shah Social worker, Northbridge City Council Looked at your messages/);
    assert.match(log, /Changed your messages with your care team \(a new message\)/);
  });

  test('Fatima writes for Aisha from the list of conversations, signed as acting for her; the rest are told', async () => {
    const since = new Date();
    const sent = await fatima.post(path(), { to: 'team', text: 'Thank you. Mum would like to talk about the garden.' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, path('/team?sent=1'));
    const page = await words(tom, path('/team'));
    assert.match(page, /Fatima Khan, acting for Aisha Khan ?, .* Mum would like to talk about the garden\./);
    assert.deepEqual((await toldSince(since)).map((row) => row.to).sort(), ['aisha', 'priya', 'sam', 'tom']);
    const [written] = await logSince(since, accounts.fatima!);
    assert.deepEqual(
      [written!.action, written!.purpose, written!.summary],
      ['write', 'representative', 'Your messages with your care team (a new message)'],
    );
    assert.match(await words(aishaClient, path('/team')), /Seen by .*Tom Okafor on /);
  });

  test('only Aisha, or Fatima for her, chooses who takes part: staff get 403 and nothing is saved', async () => {
    const before = await counts();
    assert.equal((await priya.get(path('/people'))).status, 403);
    assert.equal((await priya.post(path('/people'), { circle: billMemberId })).status, 403);
    assert.deepEqual(await counts(), before);
    const page = await words(aishaClient, path('/people'));
    assert.match(page, /Who takes part in your messages/);
    assert.match(page, /Fatima Khan \(Daughter\) acts for you, so always takes part/);
    assert.match(page, /Bill Hartley \(Neighbour\)/);
    assert.match(page, /Priya Shah \(Social worker\)/);
    assert.match(page, /Nobody has been added or taken out yet/);
  });

  test('Aisha chooses Bill: he reads the conversation, writes in it, and is told of new messages', async () => {
    const saved = await aishaClient.post(path('/people'), { circle: billMemberId });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, path('?saved=1'));
    assert.match(await words(aishaClient, path('?saved=1')), /Your choices have been saved\./);
    assert.match(
      await words(aishaClient, path('/people')),
      /Aisha Khan added Bill Hartley to the conversation with the care team, on /,
    );
    const page = await words(bill, path('/team'));
    assert.match(page, /Aisha Khan and their care team .* Hello Aisha, I will visit on Thursday/);
    const since = new Date();
    assert.equal((await bill.post(path('/team'), { text: 'I can water the plants while you are out.' })).status, 303);
    assert.deepEqual((await toldSince(since)).map((row) => row.to).sort(), ['aisha', 'fatima', 'priya', 'sam', 'tom']);
    const [written] = await logSince(since, accounts.bill!);
    assert.equal(written!.purpose, 'circle');
    assert.equal((await bill.get(path('/people'))).status, 403);
  });

  test('one to one only where allowed: Fatima allows it with Priya; Tom and Bill cannot reach it', async () => {
    const refused = await aishaClient.post(path(), { to: accounts.priya!, text: 'Just between us.' });
    assert.equal(refused.status, 400);
    assert.match(visibleText(refused.text), /Choose a conversation you take part in from the list/);
    const allowed = await fatima.post(path('/people'), { circle: billMemberId, one_to_one: accounts.priya! });
    assert.equal(allowed.status, 303);
    assert.match(
      await words(fatima, path('/people')),
      /Fatima Khan, acting for Aisha Khan allowed one-to-one messages with Priya Shah/,
    );
    const conversation = await app.db
      .selectFrom('conversation')
      .select('id')
      .where('person_id', '=', aisha)
      .where('kind', '=', 'one_to_one')
      .executeTakeFirstOrThrow();
    oneToOneId = conversation.id;
    assert.match(await words(aishaClient, path()), /Just you and Priya Shah \(Social worker\), one to one/);
    const since = new Date();
    const sent = await aishaClient.post(path(), { to: oneToOneId, text: 'Can we talk about money on Thursday?' });
    assert.equal(sent.status, 303);
    assert.deepEqual((await toldSince(since)).map((row) => row.to).sort(), ['fatima', 'priya']);
    assert.match(await words(priya, path(`/${oneToOneId}`)), /Just you and Aisha Khan, one to one .* about money/);
    const before = await counts();
    for (const client of [tom, bill]) {
      assert.equal((await client.get(path(`/${oneToOneId}`))).status, 404);
      assert.equal((await client.post(path(`/${oneToOneId}`), { text: 'Me too?' })).status, 404);
      assert.doesNotMatch(await words(client, path()), /one to one/);
    }
    const forged = await tom.post(path(), { to: oneToOneId, text: 'Me too?' });
    assert.equal(forged.status, 400);
    assert.match(visibleText(forged.text), /Choose a conversation you take part in from the list/);
    assert.deepEqual(await counts(), before);
    const timeline = await app.services
      .contextFor(await staffActor(app, accounts.priya!))
      .read(aisha, 'messages', 'Your messages on the timeline', (stores) => messageTimeline(stores));
    assert.deepEqual(
      timeline.map((entry) => [entry.part, entry.title]),
      [
        ['messages', 'Priya Shah sent a message'],
        ['messages', 'Fatima Khan, acting for Aisha Khan, sent a message'],
        ['messages', 'Bill Hartley sent a message'],
      ],
      'the team’s messages, not the one-to-one, and never their words',
    );
  });

  test('when Aisha stops one-to-one messages with Priya, Priya loses it and nobody can write in it', async () => {
    assert.equal((await aishaClient.post(path('/people'), { circle: billMemberId })).status, 303);
    assert.equal((await priya.get(path(`/${oneToOneId}`))).status, 404);
    assert.match(await words(aishaClient, path(`/${oneToOneId}`)), /This conversation is closed/);
    const before = await counts();
    const closed = await aishaClient.post(path(`/${oneToOneId}`), { text: 'One more thing.' });
    assert.equal(closed.status, 400);
    assert.match(visibleText(closed.text), /This conversation is closed/);
    assert.equal((await aishaClient.post(path(), { to: oneToOneId, text: 'One more thing.' })).status, 400);
    assert.deepEqual(await counts(), before);
    assert.match(await words(aishaClient, path('/people')), /Aisha Khan stopped one-to-one messages with Priya Shah/);
  });

  test('bad messages get a clear message by the field and nothing is saved', async () => {
    // Priya has seen everything, so showing the page again with the mistakes marks nothing more as seen.
    await priya.get(path('/team'));
    const before = await counts();
    const cases: [Record<string, string>, RegExp][] = [
      [{ text: '' }, /Enter your message/],
      [{ text: '\u200b\u200b \u2060' }, /Enter your message/],
      [{ text: 'x'.repeat(2001) }, /Your message must be 2,000 characters or fewer/],
      [{ text: 'Hello\u0000there' }, /Your message contains a hidden control character/],
    ];
    for (const [form, message] of cases) {
      const page = await priya.post(path('/team'), form);
      assert.equal(page.status, 400, JSON.stringify(form).slice(0, 40));
      assert.match(visibleText(page.text), message);
      assert.match(page.text, /href="#text"/);
    }
    const noTo = await priya.post(path(), { text: 'Hello' });
    assert.equal(noTo.status, 400);
    assert.match(visibleText(noTo.text), /Choose who to write to/);
    const forgedTo = await priya.post(path(), { to: newId(), text: 'Hello' });
    assert.equal(forgedTo.status, 400);
    assert.match(forgedTo.text, /href="#to"/);
    assert.equal((await priya.get(path('/not-a-conversation'))).status, 404);
    assert.equal((await priya.post(path('/not-a-conversation'), { text: 'Hello' })).status, 404);
    // Priya is in Daniel's team too: Aisha's conversation under Daniel's record does not exist.
    assert.equal((await priya.get(`/people/${daniel}/messages/${oneToOneId}`)).status, 404);
    assert.equal((await priya.post(`/people/${daniel}/messages/${oneToOneId}`, { text: 'Hello' })).status, 404);
    assert.deepEqual(await counts(), before);
  });

  test('bad choices get a clear message by the field; a member who has left the circle cannot be chosen', async () => {
    const cases: [Record<string, string | string[]>, RegExp, string][] = [
      [{ circle: 'not-an-id' }, /Choose people from the list of the circle of support/, 'circle'],
      [{ circle: newId() }, /Choose people from the list of the circle of support/, 'circle'],
      [{ circle: fatimaMemberId }, /Choose people from the list of the circle of support/, 'circle'],
      [{ one_to_one: accounts.grace! }, /Choose members of the care team from the list/, 'one_to_one'],
      [{ one_to_one: accounts.helen! }, /Choose members of the care team from the list/, 'one_to_one'],
    ];
    await app.db
      .updateTable('circle_member')
      .set({ ended_at: new Date() })
      .where('person_id', '=', aisha)
      .where('id', '=', billMemberId)
      .execute();
    cases.push([
      { circle: billMemberId },
      /Bill Hartley has left the circle of support, so cannot take part/,
      'circle',
    ]);
    const before = await counts();
    for (const [form, message, field] of cases) {
      const page = await aishaClient.post(path('/people'), form);
      assert.equal(page.status, 400, JSON.stringify(form));
      assert.match(visibleText(page.text), message);
      assert.match(page.text, new RegExp(`href="#${field}"`));
    }
    assert.deepEqual(await counts(), before);
    assert.equal((await bill.get(path('/team'))).status, 404, 'Bill has left the circle');
    const since = new Date();
    await priya.post(path('/team'), { text: 'See you all on Thursday.' });
    assert.ok(!(await toldSince(since)).some((row) => row.to === 'bill'), 'nobody tells someone who has left');
  });
  test('a long conversation shows the newest 30 messages, then earlier ones; only what is shown is marked as seen', async () => {
    const conversation = newId();
    await app.db
      .insertInto('conversation')
      .values({ person_id: daniel, id: conversation, kind: 'team', staff_account_id: null, opened_at: new Date() })
      .execute();
    const start = Date.now() - 3_600_000;
    await app.db
      .insertInto('message')
      .values(
        Array.from({ length: 35 }, (_, index) => ({
          person_id: daniel,
          id: newId(),
          conversation_id: conversation,
          author_kind: 'staff' as const,
          author_id: accounts.grace!,
          author_name: 'Grace Mensah',
          author_role: 'Learning disability nurse',
          acting_for_name: null,
          body: `Note number ${index + 1}.`,
          sent_at: new Date(start + index * 60_000),
        })),
      )
      .execute();
    const seen = async () =>
      Number(
        (
          await app.db
            .selectFrom('message_read')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('person_id', '=', daniel)
            .where('reader_id', '=', accounts.priya!)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const newest = await words(priya, `/people/${daniel}/messages/team`);
    assert.match(newest, /Earlier messages .* Note number 6\. .* Note number 35\./);
    assert.doesNotMatch(newest, /Note number 5\.|Newer messages/);
    assert.equal(await seen(), 30);
    const earlier = await words(priya, `/people/${daniel}/messages/team?page=2`);
    assert.match(earlier, /Note number 1\. .* Note number 5\. .* Newer messages/);
    assert.doesNotMatch(earlier, /Note number 6\.|Earlier messages/);
    assert.equal(await seen(), 35);
  });
});
