import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS, startPeopleApp } from './helpers.ts';

describe(`About me (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let margaret: string;
  let priya: TestClient;
  const revisions = (personId: string, heading: string) =>
    app.db
      .selectFrom('about_me_revision')
      .selectAll()
      .where('person_id', '=', personId)
      .where('heading', '=', heading)
      .orderBy('written_at')
      .orderBy('id')
      .execute();

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    margaret = app.ids.people.margaret!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
  });
  after(() => app.close());

  test('Priya sees every heading with who wrote it; empty ones say so; the read is logged', async () => {
    let page!: Page;
    const rows = await logRowsDuring(app, aisha, async () => (page = await priya.get(`/people/${aisha}/about-me`)));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /What matters most to me Being at home with my plants, and cooking for my grandchildren on Sundays\. Written by Aisha with Priya Shah on/,
    );
    assert.match(text, /My wellness Not written yet\. Write My wellness/);
    assert.match(text, /Please don't Please do not move things in my kitchen\./);
    assert.match(text, /Also worth knowing about me Not written yet\./);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [['Priya Shah', 'read', 'about_me', 'Your About me']],
    );
  });

  test('Fatima, acting for Aisha, rewrites a heading: a new revision is added and the old one kept', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    const form = await fatima.get(`/people/${aisha}/about-me/what_matters`);
    assert.equal(form.status, 200);
    assert.match(form.text, /<textarea[^>]*name="body"[^>]*>Being at home with my plants/);
    let saved!: Page;
    const rows = await logRowsDuring(app, aisha, async () => {
      saved = await fatima.post(`/people/${aisha}/about-me/what_matters`, {
        body: 'My garden.\r\n\r\nSunday lunch with the grandchildren.\r\nTea with Bill.',
      });
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/people/${aisha}/about-me#what_matters`);
    const history = await revisions(aisha, 'what_matters');
    assert.equal(history.length, 2);
    assert.equal(history[1]!.body, 'My garden.\n\nSunday lunch with the grandchildren.\nTea with Bill.');
    assert.equal(history[1]!.written_by_name, 'Fatima Khan');
    assert.equal(history[1]!.written_by_kind, 'citizen');
    assert.deepEqual(
      rows.filter((row) => row.action === 'write').map((row) => [row.actor_name, row.part, row.summary]),
      [['Fatima Khan', 'about_me', 'Your About me: What matters most to me']],
    );
    const page = await fatima.get(`/people/${aisha}/about-me`);
    assert.match(
      page.text,
      /<p class="govuk-body">My garden\.<\/p>\s*<p class="govuk-body">Sunday lunch with the grandchildren\.<br>Tea with Bill\.<\/p>/,
    );
    assert.match(visibleText(page.text), /Written by Fatima Khan on/);
  });

  test('a practitioner’s words are signed with their job; a heading can be emptied', async () => {
    assert.equal(
      (await priya.post(`/people/${aisha}/about-me/my_wellness`, { body: 'Walks to the shop most days.' })).status,
      303,
    );
    assert.equal((await revisions(aisha, 'my_wellness'))[0]!.written_by_name, 'Priya Shah, Social worker');
    assert.equal((await priya.post(`/people/${aisha}/about-me/my_wellness`, { body: '   ' })).status, 303);
    assert.equal((await revisions(aisha, 'my_wellness')).length, 2);
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/about-me`)).text),
      /My wellness Not written yet\. Cleared by Priya Shah, Social worker on/,
    );
  });

  test('more than 2,000 characters is refused with a clear message and saves nothing; line breaks count once', async () => {
    const before = await revisions(aisha, 'please_do');
    const tooLong = await priya.post(`/people/${aisha}/about-me/please_do`, { body: 'a'.repeat(2001) });
    assert.equal(tooLong.status, 400);
    assert.match(visibleText(tooLong.text), /There is a problem This must be 2,000 characters or fewer/);
    assert.match(tooLong.text, /a{2001}<\/textarea>/, 'keeps what was typed');
    assert.deepEqual(await revisions(aisha, 'please_do'), before);
    const lines = await priya.post(`/people/${aisha}/about-me/please_do`, { body: Array(667).fill('ab').join('\r\n') });
    assert.equal(lines.status, 303, '667 lines of 2 characters are 2,000 characters with single line breaks');
  });

  test('George may read what Margaret shares with him, but not change it', async () => {
    const george = await signedIn(app, CITIZEN_EMAILS.george);
    const rows = await logRowsDuring(app, margaret, async () => {
      const page = await george.get(`/people/${margaret}/about-me`);
      assert.equal(page.status, 200);
      assert.match(visibleText(page.text), /Staying with George in our own home/);
      assert.doesNotMatch(page.text, new RegExp(`/people/${margaret}/about-me/`), 'no links to change it');
    });
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.purpose]),
      [['George Owen', 'read', 'circle']],
    );
    const before = await revisions(margaret, 'what_matters');
    assert.equal((await george.get(`/people/${margaret}/about-me/what_matters`)).status, 404);
    assert.equal((await george.post(`/people/${margaret}/about-me/what_matters`, { body: 'Changed' })).status, 404);
    assert.equal(
      (await george.post(`/people/${margaret}/about-me/what_matters`, { body: 'x'.repeat(3000) })).status,
      404,
    );
    assert.deepEqual(await revisions(margaret, 'what_matters'), before);
  });

  test('out of scope, an unknown heading or a bad id: 404', async () => {
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    assert.equal((await grace.get(`/people/${aisha}/about-me`)).status, 404);
    assert.equal((await grace.post(`/people/${aisha}/about-me/what_matters`, { body: 'No' })).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/about-me/favourite_colour`)).status, 404);
    assert.equal((await priya.get('/people/123/about-me')).status, 404);
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    assert.equal((await sam.get(`/people/${aisha}/about-me`)).status, 200, 'Aisha shares About me with the hub');
  });
});
