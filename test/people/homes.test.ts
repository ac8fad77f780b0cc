import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS, startPeopleApp } from './helpers.ts';

const DAY = 86_400_000;

describe(`your home and each record's home page (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let margaret: string;
  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    margaret = app.ids.people.margaret!;
  });
  after(() => app.close());

  /** Emergency access to Aisha's record by Grace, who is not in her care team. */
  async function grantGraceEmergencyAccess(grantedAt: Date, hours = 4) {
    const id = newId();
    await app.db
      .insertInto('break_glass_grant')
      .values({
        person_id: aisha,
        id,
        staff_account_id: app.ids.staff.grace!,
        organisation_id: app.ids.organisations.trust!,
        reason: 'Found unwell at home by the district nursing team; need her medicines list.',
        granted_at: grantedAt,
        expires_at: new Date(grantedAt.getTime() + hours * 3_600_000),
        reviewed_at: null,
        reviewed_by: null,
        review_note: null,
      })
      .execute();
    return id;
  }

  test('Aisha sees her own record on her home page, and reading her name is logged', async () => {
    const client = await signedIn(app, CITIZEN_EMAILS.aisha);
    let page!: Awaited<ReturnType<TestClient['get']>>;
    const rows = await logRowsDuring(app, aisha, async () => (page = await client.get('/my')));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Your home Records you can open Aisha Khan Your own record\./);
    assert.match(page.text, new RegExp(`href="/people/${aisha}"`));
    assert.doesNotMatch(text, /emergency access/i);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.purpose]),
      [
        ['Aisha Khan', 'read', 'details', 'self'],
        ['Aisha Khan', 'read', 'access_log', 'self'],
      ],
    );
    assert.equal(rows[0]!.summary, 'Your name, on your home page');
  });

  test('Fatima sees the record she acts for; George sees Margaret, named through what she shares with him', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    const rows = await logRowsDuring(app, aisha, async () => {
      const page = await fatima.get('/my');
      assert.match(visibleText(page.text), /Records you can open Aisha Khan You can act for Aisha Khan/);
    });
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.part, row.purpose, row.summary]),
      [['Fatima Khan', 'details', 'representative', 'Your name, in the list of records they can open']],
    );

    const george = await signedIn(app, CITIZEN_EMAILS.george);
    const georgeRows = await logRowsDuring(app, margaret, async () => {
      const page = await george.get('/my');
      assert.match(visibleText(page.text), /Margaret Owen Margaret Owen shares parts of their record with you\./);
      assert.doesNotMatch(visibleText(page.text), /Aisha/);
    });
    assert.deepEqual(
      georgeRows.map((row) => [row.part, row.purpose]),
      [['about_me', 'circle']],
    );
  });

  test('staff are sent to their own home, and people who are not signed in to sign in', async () => {
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    assert.equal((await priya.get('/my')).location, '/staff');
    assert.equal((await new TestClient(app.baseUrl).get('/my')).location, '/sign-in');
    assert.equal((await new TestClient(app.baseUrl).get(`/people/${aisha}`)).location, '/sign-in');
  });

  test('Priya sees a summary of Aisha’s details and links to the parts she may read', async () => {
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    let page!: Awaited<ReturnType<TestClient['get']>>;
    const rows = await logRowsDuring(app, aisha, async () => (page = await priya.get(`/people/${aisha}`)));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Aisha Khan Details Name Aisha Khan Preferred name Not recorded Date of birth 14 March 1948 NHS number 999 000 0018/,
    );
    for (const path of ['details', 'about-me', 'contacts', 'care-team'])
      assert.match(page.text, new RegExp(`href="/people/${aisha}/${path}"`));
    assert.doesNotMatch(page.text, /access-log|\/sharing"/);
    assert.doesNotMatch(text, /emergency access/i);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.purpose, row.summary]),
      [['Priya Shah', 'read', 'details', 'care', 'Your name, date of birth and NHS number']],
    );
  });

  test('Sam, a link worker, sees only the parts Aisha shares with his organisation', async () => {
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const page = await sam.get(`/people/${aisha}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`href="/people/${aisha}/details"`));
    assert.match(page.text, new RegExp(`href="/people/${aisha}/about-me"`));
    assert.doesNotMatch(page.text, new RegExp(`/people/${aisha}/contacts`));
  });

  test('Aisha may open every part of her own record, including who has looked at it', async () => {
    const client = await signedIn(app, CITIZEN_EMAILS.aisha);
    const page = await client.get(`/people/${aisha}`);
    for (const path of ['details', 'about-me', 'contacts', 'care-team', 'sharing', 'access-log'])
      assert.match(page.text, new RegExp(`href="/people/${aisha}/${path}"`));
  });

  test('George sees Margaret’s name and About me, but not her details', async () => {
    const george = await signedIn(app, CITIZEN_EMAILS.george);
    const rows = await logRowsDuring(app, margaret, async () => {
      const page = await george.get(`/people/${margaret}`);
      assert.equal(page.status, 200);
      assert.match(visibleText(page.text), /Margaret Owen Parts of this record About me/);
      assert.doesNotMatch(visibleText(page.text), /999 000 0034|Date of birth/);
      assert.doesNotMatch(page.text, new RegExp(`/people/${margaret}/(details|contacts)`));
    });
    assert.deepEqual(
      rows.map((row) => [row.part, row.summary]),
      [['about_me', 'Your name, at the top of your record']],
    );
  });

  test('a record outside someone’s scope, a malformed id and an unknown id all answer 404', async () => {
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    const rows = await logRowsDuring(app, aisha, async () =>
      assert.equal((await grace.get(`/people/${aisha}`)).status, 404),
    );
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action]),
      [['Grace Mensah', 'refused']],
      'the refusal is logged for Aisha',
    );
    assert.equal((await grace.get('/people/not-an-id')).status, 404);
    assert.equal((await grace.get(`/people/${newId()}`)).status, 404);
    const george = await signedIn(app, CITIZEN_EMAILS.george);
    assert.equal((await george.get(`/people/${aisha}`)).status, 404);
  });

  test('with emergency access, Grace sees the record, a notice that she is using it, and the grant is logged', async () => {
    const grantId = await grantGraceEmergencyAccess(new Date(Date.now() - 60_000));
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    let page!: Awaited<ReturnType<TestClient['get']>>;
    const rows = await logRowsDuring(app, aisha, async () => (page = await grace.get(`/people/${aisha}`)));
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /Warning You are using emergency access to this record until .* Everything you open is recorded\./,
    );
    assert.deepEqual(
      rows.map((row) => [row.purpose, row.break_glass_grant_id]),
      [['emergency', grantId]],
    );
  });

  test('Aisha is told on her home page about emergency access in the last 90 days, and only her', async () => {
    await grantGraceEmergencyAccess(new Date(Date.now() - 100 * DAY));
    const client = await signedIn(app, CITIZEN_EMAILS.aisha);
    const text = visibleText((await client.get('/my')).text);
    assert.match(text, /Staff used emergency access to your record/);
    assert.match(
      text,
      /Grace Mensah, Community nurse at Northbridge Hospitals NHS Foundation Trust, on .* The reason they gave: “Found unwell at home/,
    );
    assert.equal(text.match(/Grace Mensah, Community nurse/g)?.length, 1, 'the grant from 100 days ago is not shown');
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.doesNotMatch(visibleText((await fatima.get('/my')).text), /emergency access/i);
  });
});
