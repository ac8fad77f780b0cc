import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { savePlanPage } from '../support/plan-builder.ts';

const EMAILS = {
  priya: 'priya.shah@council.example.org',
  grace: 'grace.mensah@trust.example.org',
  aisha: 'aisha.khan@example.org',
};

/** One of each kind of character no one types on purpose; tab, line feed and carriage return are allowed. */
const CONTROL_CHARACTERS = {
  'a null character': '\u0000',
  'another C0 control': '\u0007',
  'the last C0 control': '\u001F',
  DEL: '\u007F',
  'a C1 control': '\u0085',
  'U+FFFE': '\uFFFE',
  'U+FFFF': '\uFFFF',
};
const MESSAGE = /contains a hidden control character: type it again instead of pasting it/;

describe(`control characters in what a request sends (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let grace: TestClient;
  let aishaHerself: TestClient;
  const count = async (table: 'about_me_revision' | 'plan_comment' | 'plan_version' | 'break_glass_grant') =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('count'))
          .executeTakeFirstOrThrow()
      ).count,
    );

  /** A refused form: 400, the message in the error summary and by the field, linked to it, and nothing saved. */
  async function assertRefusedByField(
    client: TestClient,
    path: string,
    form: Record<string, string>,
    field: string,
    message: RegExp,
    table?: Parameters<typeof count>[0],
  ) {
    const before = table && (await count(table));
    const page = await client.post(path, form);
    assert.equal(page.status, 400, `${path}: ${visibleText(page.text).slice(0, 300)}`);
    const text = visibleText(page.text);
    assert.equal(text.match(new RegExp(message.source, 'g'))?.length, 2, `${path}: in the summary and by ${field}`);
    assert.match(page.text, new RegExp(`href="#${field}"`), `${path}: the summary links to ${field}`);
    if (table) assert.equal(await count(table), before, `${path}: nothing saved`);
  }

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, EMAILS.priya);
    grace = await signedIn(app, EMAILS.grace);
    aishaHerself = await signedIn(app, EMAILS.aisha);
    assert.equal((await priya.post(`/people/${aisha}/plan/start`, {})).status, 303);
    await savePlanPage(app, priya, aisha, '/needs/add', { description: 'Getting out and about' });
  });
  after(() => app.close());

  test('About me refuses every kind of control character by the field, and keeps tabs and line breaks', async () => {
    const path = `/people/${aisha}/about-me/what_matters`;
    for (const [name, character] of Object.entries(CONTROL_CHARACTERS)) {
      await assert.doesNotReject(
        assertRefusedByField(
          priya,
          path,
          { body: `My garden${character} and tea` },
          'body',
          MESSAGE,
          'about_me_revision',
        ),
        name,
      );
    }
    const saved = await priya.post(path, { body: 'My garden\tand tea.\r\nSunday lunch.' });
    assert.equal(saved.status, 303);
    const latest = await app.db
      .selectFrom('about_me_revision')
      .select('body')
      .where('person_id', '=', aisha)
      .where('heading', '=', 'what_matters')
      .orderBy('written_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(latest.body, 'My garden\tand tea.\nSunday lunch.');
  });

  test('a comment on the plan, a need in it, and an emergency reason refuse a null character by the field', async () => {
    await assertRefusedByField(
      aishaHerself,
      `/people/${aisha}/plan/comments`,
      { section: 'needs', body: 'Please add\u0000 my garden' },
      'body',
      MESSAGE,
      'plan_comment',
    );
    const version = await app.db
      .selectFrom('plan_version')
      .select((eb) => eb.fn.max('number').as('number'))
      .where('person_id', '=', aisha)
      .executeTakeFirstOrThrow();
    await assertRefusedByField(
      priya,
      `/people/${aisha}/plan/needs/add`,
      { based_on: String(version.number), description: 'Seeing\u0000 friends' },
      'description',
      MESSAGE,
      'plan_version',
    );
    await assertRefusedByField(
      grace,
      `/people/${aisha}/emergency-access`,
      { reason: 'She has fallen at home\u0000 and the paramedics need her medicines' },
      'reason',
      MESSAGE,
      'break_glass_grant',
    );
  });

  test('a named field says its own name; sign-in refuses a null character in the email address', async () => {
    const details = await priya.get(`/people/${aisha}/details/edit`);
    assert.equal(details.status, 200);
    const form = Object.fromEntries(
      [...details.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((match) => [
        match[1]!,
        match[2]!,
      ]),
    );
    await assertRefusedByField(
      priya,
      `/people/${aisha}/details/edit`,
      { ...form, given_name: 'Ai\u0000sha' },
      'given_name',
      /First name contains a hidden control character/,
    );

    const visitor = new TestClient(app.baseUrl);
    await assertRefusedByField(
      visitor,
      '/sign-in',
      { email: 'priya.shah\u0000@council.example.org', password: 'demo-password-2026' },
      'email',
      MESSAGE,
    );
  });

  test('in a query string, a path or a field name, a control character gets a 400 page that says what to do', async () => {
    for (const path of [
      `/people/${aisha}/about-me?upto=%00`,
      '/staff?tab=%01',
      `/people/${aisha}%00/about-me`,
      `/people/${aisha}/about-me/what%01matters`,
    ]) {
      const page = await priya.get(path);
      assert.equal(page.status, 400, path);
      assert.match(visibleText(page.text), /What was sent contains a hidden control character/, path);
    }
    const before = await count('about_me_revision');
    const page = await priya.post(`/people/${aisha}/about-me/what_matters`, { 'bo\u0000dy': 'My garden' });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /What was sent contains a hidden control character/);
    assert.equal(await count('about_me_revision'), before);
  });

  test('a JSON body with a control character, or half a surrogate pair, is refused with 400', async () => {
    for (const text of ['\u0000', '\uD800', '\uDFFF']) {
      const response = await fetch(`${app.baseUrl}/api/people`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: priya.cookieHeader() },
        body: JSON.stringify({ name: `Ai${text}sha` }),
      });
      assert.equal(response.status, 400);
      assert.equal(((await response.json()) as { code: string }).code, 'CW_HIDDEN_CHARACTER');
      const signIn = await fetch(`${app.baseUrl}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `priya${text}@council.example.org`, password: 'x' }),
      });
      assert.equal(signIn.status, 400, JSON.stringify(text));
      assert.match(visibleText(await signIn.text()), /What was sent contains a hidden control character/);
    }
  });
});
