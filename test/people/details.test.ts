import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS, startPeopleApp } from './helpers.ts';

/** A complete, valid details form for Aisha, as the edit page would send it. */
function aishaForm(version: string, changes: Record<string, string> = {}): Record<string, string> {
  return {
    version,
    given_name: 'Aisha',
    family_name: 'Khan',
    preferred_name: '',
    'date_of_birth-day': '14',
    'date_of_birth-month': '3',
    'date_of_birth-year': '1948',
    nhs_number: '999 000 0018',
    address_line_1: '12 Orchard Road',
    address_line_2: '',
    town: 'Northbridge',
    postcode: 'NB2 4QT',
    phone: '07700 900123',
    email: '',
    gp_practice_id: '',
    language: 'Urdu',
    communication_needs: 'Prefers to speak Urdu for important conversations; reads English well.',
    interpreter_needed: 'yes',
    ...changes,
  };
}

const versionOn = (page: Page): string =>
  /name="version" value="([^"]+)"/.exec(page.text)?.[1] ?? assert.fail('no version on the edit page');

describe(`a person's details (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let gpPracticeId: string;
  const savedAisha = () =>
    app.db.selectFrom('person').selectAll().where('person_id', '=', aisha).executeTakeFirstOrThrow();

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    gpPracticeId = app.ids.organisations.gp!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
  });
  after(() => app.close());

  test('Priya sees all of Aisha’s details, and the read is logged', async () => {
    let page!: Page;
    const rows = await logRowsDuring(app, aisha, async () => (page = await priya.get(`/people/${aisha}/details`)));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Aisha Khan Details Details Change \(Details\) Name Aisha Khan/);
    assert.match(text, /NHS number 999 000 0018 Address 12 Orchard Road Northbridge NB2 4QT Phone 07700 900123/);
    assert.match(text, /GP practice Riverside Medical Practice Language Urdu .* Interpreter needed Yes/);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [['Priya Shah', 'read', 'details', 'Your details']],
    );
  });

  test('George may not see Margaret’s details: 404, and no read is logged', async () => {
    const george = await signedIn(app, CITIZEN_EMAILS.george);
    const margaret = app.ids.people.margaret!;
    const rows = await logRowsDuring(app, margaret, async () => {
      assert.equal((await george.get(`/people/${margaret}/details`)).status, 404);
      assert.equal((await george.get(`/people/${margaret}/details/edit`)).status, 404);
    });
    assert.equal(rows.filter((row) => row.action !== 'refused').length, 0);
  });

  test('Grace, outside Aisha’s care team, gets 404 and cannot change anything, whatever she sends', async () => {
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    const before = await savedAisha();
    assert.equal((await grace.get(`/people/${aisha}/details`)).status, 404);
    assert.equal(
      (
        await grace.post(
          `/people/${aisha}/details/edit`,
          aishaForm(String(before.updated_at), { phone: '01632 960 001' }),
        )
      ).status,
      404,
    );
    assert.equal(
      (await grace.post(`/people/${aisha}/details/edit`, aishaForm('x', { given_name: '' }))).status,
      404,
      'a bad form says nothing either',
    );
    assert.deepEqual(await savedAisha(), before);
    assert.equal((await priya.get('/people/not-an-id/details')).status, 404);
  });

  test('Aisha changes her own details; the change is tidied, saved and logged by field', async () => {
    const client = await signedIn(app, CITIZEN_EMAILS.aisha);
    const form = await client.get(`/people/${aisha}/details/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="given_name"[^>]*value="Aisha"/);
    assert.match(form.text, /name="date_of_birth-year"[^>]*value="1948"/);
    assert.match(form.text, /name="nhs_number"[^>]*value="999 000 0018"/);
    const before = await savedAisha();
    let saved!: Page;
    const rows = await logRowsDuring(app, aisha, async () => {
      saved = await client.post(
        `/people/${aisha}/details/edit`,
        aishaForm(versionOn(form), {
          preferred_name: 'Ash',
          phone: '01632 960 001',
          postcode: ' nb2  4qt ',
          nhs_number: '9990000018',
          gp_practice_id: gpPracticeId,
          address_line_2: 'Flat <2>',
        }),
      );
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/people/${aisha}/details`);
    const after = await savedAisha();
    assert.equal(after.preferred_name, 'Ash');
    assert.equal(after.phone, '01632 960 001');
    assert.equal(after.postcode, 'NB2 4QT');
    assert.equal(after.nhs_number, '9990000018');
    assert.ok(after.updated_at.getTime() > before.updated_at.getTime(), 'updated_at moves on');
    const write = rows.find((row) => row.action === 'write');
    assert.equal(write?.summary, 'Your details: preferred name, address, phone number');
    assert.equal(write?.actor_name, 'Aisha Khan');
    const details = await client.get(`/people/${aisha}/details`);
    assert.match(visibleText(details.text), /Preferred name Ash/);
    assert.match(
      details.text,
      /12 Orchard Road<br>Flat &lt;2&gt;<br>Northbridge/,
      'what people type is shown as text, never as markup',
    );
  });

  test('saving with nothing changed writes nothing', async () => {
    const form = await priya.get(`/people/${aisha}/details/edit`);
    const before = await savedAisha();
    const rows = await logRowsDuring(app, aisha, async () => {
      const saved = await priya.post(
        `/people/${aisha}/details/edit`,
        aishaForm(versionOn(form), {
          preferred_name: before.preferred_name!,
          phone: before.phone!,
          address_line_2: before.address_line_2!,
          gp_practice_id: gpPracticeId,
        }),
      );
      assert.equal(saved.status, 303);
    });
    assert.equal(rows.filter((row) => row.action === 'write').length, 0);
    assert.deepEqual(await savedAisha(), before);
  });

  test('a form with problems comes back with every message, keeps what was typed, and saves nothing', async () => {
    const form = await priya.get(`/people/${aisha}/details/edit`);
    const before = await savedAisha();
    const long = 'x'.repeat(101);
    const rows = await logRowsDuring(app, aisha, async () => {
      const page = await priya.post(`/people/${aisha}/details/edit`, {
        ...aishaForm(versionOn(form)),
        given_name: ' ',
        preferred_name: long,
        'date_of_birth-day': '31',
        'date_of_birth-month': '2',
        'date_of_birth-year': '2000',
        nhs_number: '999 000 0019',
        postcode: 'NB2 4QC',
        phone: 'call me',
        email: 'not-an-email',
        gp_practice_id: app.ids.organisations.council!,
        language: '',
        interpreter_needed: '',
        address_line_1: 'y'.repeat(201),
      });
      assert.equal(page.status, 400);
      const text = visibleText(page.text);
      for (const message of [
        'Enter first name',
        'Preferred name must be 100 characters or fewer',
        'Date of birth must be a real date',
        'Enter a real NHS number: check each of the 10 digits',
        'Address line 1 must be 200 characters or fewer',
        'Enter a real postcode, like NB2 4QT',
        'Enter a phone number, like 01632 960 001',
        'Enter an email address in the correct format',
        'Select a GP practice from the list',
        'Enter the language to use',
        'Select yes if an interpreter is needed',
      ])
        assert.ok(text.includes(message), message);
      assert.match(text, /^Error: /);
      assert.match(page.text, /href="#date_of_birth-day"/, 'the summary points at the day box');
      assert.match(page.text, new RegExp(`value="${long}"`), 'keeps what was typed');
      assert.match(page.text, /name="version" value="/);
    });
    assert.equal(rows.filter((row) => row.action !== 'refused').length, 0);
    assert.deepEqual(await savedAisha(), before);
  });

  test('a date of birth in the future, before 1900 or missing a part gets its own message', async () => {
    const form = await priya.get(`/people/${aisha}/details/edit`);
    const cases: [Record<string, string>, string][] = [
      [{ 'date_of_birth-year': String(new Date().getFullYear() + 1) }, 'Date of birth must be today or in the past'],
      [{ 'date_of_birth-year': '1899' }, 'Date of birth must be on or after 1 January 1900'],
      [{ 'date_of_birth-month': '' }, 'Date of birth must include a month'],
      [{ nhs_number: '12345' }, 'NHS number must be 10 digits'],
    ];
    for (const [changes, message] of cases) {
      const page = await priya.post(`/people/${aisha}/details/edit`, aishaForm(versionOn(form), changes));
      assert.equal(page.status, 400, message);
      assert.ok(visibleText(page.text).includes(message), message);
    }
  });

  test('two people editing at once: the second save is refused with what is saved now, and keeps nothing of its own', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    const priyaForm = await priya.get(`/people/${aisha}/details/edit`);
    const fatimaForm = await fatima.get(`/people/${aisha}/details/edit`);
    const first = await fatima.post(
      `/people/${aisha}/details/edit`,
      aishaForm(versionOn(fatimaForm), { phone: '07700 900456', gp_practice_id: gpPracticeId }),
    );
    assert.equal(first.status, 303);
    const afterFirst = await savedAisha();
    let stale!: Page;
    const rows = await logRowsDuring(app, aisha, async () => {
      stale = await priya.post(
        `/people/${aisha}/details/edit`,
        aishaForm(versionOn(priyaForm), { phone: '07700 900789', town: 'Southbridge', gp_practice_id: gpPracticeId }),
      );
    });
    assert.equal(stale.status, 409);
    const text = visibleText(stale.text);
    assert.match(text, /Someone else changed these details/);
    assert.match(text, /Phone 07700 900456/);
    assert.doesNotMatch(stale.text, /07700 900789|Southbridge/);
    assert.doesNotMatch(stale.text, /name="version"/);
    assert.deepEqual(await savedAisha(), afterFirst);
    assert.equal(rows.filter((row) => row.action === 'write').length, 0);
  });

  test('an edit page with a made-up version is treated as out of date', async () => {
    const before = await savedAisha();
    const page = await priya.post(
      `/people/${aisha}/details/edit`,
      aishaForm('2020-01-01T00:00:00.000000Z', { phone: '07700 900111', gp_practice_id: gpPracticeId }),
    );
    assert.equal(page.status, 409);
    assert.deepEqual(await savedAisha(), before);
  });
});
