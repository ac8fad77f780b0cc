import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { staffActor } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, signedIn, STAFF_EMAILS, startPeopleApp } from './helpers.ts';

/** A complete registration form, as the page sends it. */
function registration(changes: Record<string, string> = {}): Record<string, string> {
  return {
    given_name: 'Olu',
    family_name: 'Adeyemi',
    preferred_name: '',
    'date_of_birth-day': '9',
    'date_of_birth-month': '11',
    'date_of_birth-year': '1952',
    nhs_number: '',
    address_line_1: '3 Mill Lane',
    address_line_2: '',
    town: 'Northbridge',
    postcode: 'nb3 2pw',
    phone: '07700 900314',
    email: '',
    ...changes,
  };
}

const personIdFrom = (page: Page): string =>
  /^\/people\/([0-9a-f-]{36})\?registered=1$/.exec(page.location ?? '')?.[1] ??
  assert.fail(`not sent to a new record: ${page.status} ${page.location}`);

describe(`registering a person (${testBackend()})`, () => {
  let app: TestApp;
  let priya: TestClient;
  const countPeople = async () =>
    Number(
      (
        await app.db
          .selectFrom('person')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const withNhsNumber = (nhsNumber: string) =>
    app.db.selectFrom('person').select(['person_id', 'given_name']).where('nhs_number', '=', nhsNumber).execute();

  before(async () => {
    app = await startPeopleApp();
    priya = await signedIn(app, STAFF_EMAILS.priya);
  });
  after(() => app.close());

  test('Priya registers a person with an NHS number: the record, her key-worker place, the starting choices and the log', async () => {
    const home = await priya.get('/staff');
    assert.match(home.text, /href="\/people\/register"/, 'the staff home links to registering');
    const form = await priya.get('/people/register');
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /Leave it blank if you do not know it/);

    const sent = await priya.post(
      '/people/register',
      registration({ nhs_number: '999 000 0042', preferred_name: 'Olu', email: 'olu@example.org' }),
    );
    assert.equal(sent.status, 303);
    const personId = personIdFrom(sent);

    const person = await app.db
      .selectFrom('person')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        names: [person.given_name, person.family_name, person.preferred_name],
        born: person.date_of_birth,
        nhs: person.nhs_number,
        postcode: person.postcode,
        email: person.email,
        language: person.language,
      },
      {
        names: ['Olu', 'Adeyemi', 'Olu'],
        born: '1952-11-09',
        nhs: '9990000042',
        postcode: 'NB3 2PW',
        email: 'olu@example.org',
        language: 'English',
      },
    );
    const team = await app.db
      .selectFrom('care_team_member')
      .select(['staff_account_id', 'organisation_id', 'team_role', 'is_key_worker', 'until_date'])
      .where('person_id', '=', personId)
      .execute();
    assert.deepEqual(team, [
      {
        staff_account_id: app.ids.staff.priya,
        organisation_id: app.ids.organisations.council,
        team_role: 'Social worker',
        is_key_worker: true,
        until_date: null,
      },
    ]);
    const choices = await app.db
      .selectFrom('sharing_choice')
      .select(['part', 'audience_kind', 'audience_id', 'decision', 'made_by_kind'])
      .where('person_id', '=', personId)
      .orderBy('part')
      .execute();
    assert.deepEqual(
      choices.map((row) => row.part),
      ['about_me', 'budget', 'contacts', 'details', 'notes', 'plan'],
    );
    assert.ok(
      choices.every(
        (row) =>
          row.audience_kind === 'organisation' &&
          row.audience_id === app.ids.organisations.council &&
          row.decision === 'share' &&
          row.made_by_kind === 'system',
      ),
    );
    const log = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'action', 'part', 'purpose', 'summary'])
      .where('person_id', '=', personId)
      .execute();
    assert.deepEqual(log, [
      {
        actor_name: 'Priya Shah',
        action: 'write',
        part: 'details',
        purpose: 'care',
        summary: 'Registered you, and started your record',
      },
    ]);

    const record = await priya.get(sent.location!);
    assert.equal(record.status, 200);
    const text = visibleText(record.text);
    assert.match(text, /Success You registered Olu Adeyemi\./);
    assert.match(text, /NHS number 999 000 0042/);
    const staffHome = visibleText((await priya.get('/staff')).text);
    assert.match(staffHome, /Olu Adeyemi 9 November 1952 Social worker Yes/);
  });

  test('a person without an NHS number is registered with none, and so is a second one', async () => {
    const first = await priya.post('/people/register', registration({ given_name: 'Ada', family_name: 'Nowak' }));
    const second = await priya.post('/people/register', registration({ given_name: 'Ben', family_name: 'Nowak' }));
    for (const page of [first, second]) {
      const person = await app.db
        .selectFrom('person')
        .select('nhs_number')
        .where('person_id', '=', personIdFrom(page))
        .executeTakeFirstOrThrow();
      assert.equal(person.nhs_number, null);
    }
  });

  test('mistakes are named by the field, what was typed is kept, and nobody is registered', async () => {
    const before = await countPeople();
    const cases: [Record<string, string>, string[]][] = [
      [{ nhs_number: '999 000 0043' }, ['Enter a real NHS number: check each of the 10 digits']],
      [{ nhs_number: '12345' }, ['NHS number must be 10 digits']],
      [{ given_name: ' ', family_name: '' }, ['Enter first name', 'Enter last name']],
      [{ 'date_of_birth-year': String(new Date().getFullYear() + 1) }, ['Date of birth must be today or in the past']],
      [{ 'date_of_birth-year': '1899' }, ['Date of birth must be on or after 1 January 1900']],
      [{ 'date_of_birth-day': '', 'date_of_birth-month': '', 'date_of_birth-year': '' }, ['Enter date of birth']],
      [{ postcode: 'NB2 4QC', email: 'not-an-email' }, ['Enter a real postcode', 'Enter an email address']],
    ];
    for (const [changes, messages] of cases) {
      const page = await priya.post('/people/register', registration(changes));
      assert.equal(page.status, 400, messages.join(', '));
      const text = visibleText(page.text);
      assert.match(text, /^Error: Register a person/);
      assert.match(text, /There is a problem/);
      for (const message of messages) assert.ok(text.includes(message), message);
      assert.match(page.text, /name="address_line_1"[^>]*value="3 Mill Lane"/, 'keeps what was typed');
    }
    assert.equal(await countPeople(), before);
  });

  test('an NHS number already registered stops the registration, and says nothing about whose it is', async () => {
    const before = await countPeople();
    // Aisha's number, typed by someone who is in her care team and by someone who is not.
    for (const client of [priya, await signedIn(app, STAFF_EMAILS.grace)]) {
      const page = await client.post(
        '/people/register',
        registration({ nhs_number: '9990000018', given_name: 'Ayesha', 'date_of_birth-year': '1950' }),
      );
      assert.equal(page.status, 400);
      const text = visibleText(page.text);
      assert.match(text, /There is a problem A person with this NHS number is already registered/);
      assert.match(page.text, /href="#nhs_number"/);
      assert.match(page.text, /href="\/staff\/find"/, 'points to finding them');
      assert.doesNotMatch(text, /Aisha|Khan|14 March 1948|Orchard/);
    }
    assert.equal(await countPeople(), before);
    assert.deepEqual(
      (await withNhsNumber('9990000018')).map((row) => row.given_name),
      ['Aisha'],
    );
  });

  test('two registrations of the same person sent at once make one record', async () => {
    const form = registration({ given_name: 'Cara', family_name: 'Twice', nhs_number: '999 000 0069' });
    const other = await signedIn(app, STAFF_EMAILS.priya);
    const pages = await Promise.all([priya.post('/people/register', form), other.post('/people/register', form)]);
    assert.deepEqual(pages.map((page) => page.status).sort(), [303, 400]);
    assert.equal((await withNhsNumber('9990000069')).length, 1);
  });

  test(
    'a registration that meets another connection adding the same NHS number is refused, not a 500',
    { skip: testBackend() === 'pglite' && 'the embedded database runs one transaction at a time' },
    async () => {
      // The other connection holds the number uncommitted: this registration finds it free, then waits on the
      // key at its insert, and meets the unique index when the other commits.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertHeld = new Promise<void>((resolve) => (inserted = resolve));
      const other = app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('person')
          .values({
            person_id: crypto.randomUUID(),
            given_name: 'Dee',
            family_name: 'Racer',
            preferred_name: null,
            date_of_birth: '1970-01-01',
            nhs_number: '9990000077',
            address_line_1: null,
            address_line_2: null,
            town: null,
            postcode: null,
            phone: null,
            email: null,
            gp_practice_id: null,
            communication_needs: null,
          })
          .execute();
        inserted();
        await held;
      });
      await insertHeld;
      const registering = priya.post(
        '/people/register',
        registration({ given_name: 'Dee', family_name: 'Other', nhs_number: '9990000077' }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await other;
      const page = await registering;
      assert.equal(page.status, 400);
      assert.match(visibleText(page.text), /A person with this NHS number is already registered/);
      assert.deepEqual(
        (await withNhsNumber('9990000077')).map((row) => row.given_name),
        ['Dee'],
      );
      assert.equal(
        (await app.db.selectFrom('person').select('person_id').where('family_name', '=', 'Other').execute()).length,
        0,
      );
    },
  );

  test('the same name and date of birth is a warning; "a different person" registers them, "go back" keeps the form', async () => {
    const before = await countPeople();
    // Daniel Brooks, born 2 September 1985, in another case.
    const form = registration({
      given_name: 'daniel',
      family_name: 'BROOKS',
      'date_of_birth-day': '2',
      'date_of_birth-month': '9',
      'date_of_birth-year': '1985',
      nhs_number: '',
      address_line_1: '8 Quay Street',
    });
    const warning = await priya.post('/people/register', form);
    assert.equal(warning.status, 200);
    const text = visibleText(warning.text);
    assert.match(text, /Someone with this name and date of birth is already registered/);
    assert.match(text, /A person called daniel BROOKS, born 2 September 1985, already has a record/);
    assert.doesNotMatch(text, /Canal Street|Advocate|Ruth/, 'nothing of the registered person shows');
    assert.match(warning.text, /type="hidden" name="address_line_1" value="8 Quay Street"/);
    assert.equal(await countPeople(), before, 'a warning registers nobody');

    const back = await priya.post('/people/register', { ...form, confirm: 'change' });
    assert.equal(back.status, 200);
    assert.match(back.text, /name="address_line_1"[^>]*value="8 Quay Street"/);
    assert.doesNotMatch(back.text, /There is a problem/);
    assert.equal(await countPeople(), before);

    const confirmed = await priya.post('/people/register', { ...form, confirm: 'different' });
    assert.equal(confirmed.status, 303);
    const person = await app.db
      .selectFrom('person')
      .select(['given_name', 'address_line_1'])
      .where('person_id', '=', personIdFrom(confirmed))
      .executeTakeFirstOrThrow();
    assert.deepEqual(person, { given_name: 'daniel', address_line_1: '8 Quay Street' });
  });

  test('only practitioners register: managers, administrators, privacy officers and people get 404', async () => {
    const before = await countPeople();
    const emails = [
      STAFF_EMAILS.helen,
      'marcus.lee@council.example.org',
      STAFF_EMAILS.joan,
      'alan.ward@council.example.org',
      'nadia.brooks@council.example.org',
      CITIZEN_EMAILS.aisha,
      CITIZEN_EMAILS.fatima,
    ];
    for (const email of emails) {
      const client = await signedIn(app, email);
      assert.equal((await client.get('/people/register')).status, 404, email);
      assert.equal((await client.post('/people/register', registration({ given_name: 'Eve' }))).status, 404, email);
      assert.doesNotMatch((await client.get('/staff')).text, /href="\/people\/register"/, email);
    }
    assert.equal(await countPeople(), before);
  });

  test('the data context registers only for staff whose role registers people', async () => {
    const helen = await staffActor(app, app.ids.staff.helen!);
    const data = app.services.contextFor(helen);
    await assert.rejects(
      data.register('A test', async () => undefined),
      (error: { code?: string }) => error.code === 'CW_NOT_FOUND',
    );
    // Nor does the registration service say to anyone else whether a number is in use.
    const aishasNumber = {
      given_name: 'Any',
      family_name: 'One',
      preferred_name: null,
      date_of_birth: '1948-03-14',
      nhs_number: '9990000018',
      address_line_1: null,
      address_line_2: null,
      town: null,
      postcode: null,
      phone: null,
      email: null,
    };
    await assert.rejects(
      app.services.access.registration.register(data, aishasNumber, { differentPerson: true }, new Date()),
      (error: { code?: string }) => error.code === 'CW_NOT_FOUND',
    );
    const priyaActor = await staffActor(app, app.ids.staff.priya!);
    // A registration that leaves its registrant outside the record keeps nothing.
    const before = await countPeople();
    await assert.rejects(
      app.services.contextFor(priyaActor).register('A test', async ({ people }) => {
        await people.insertPerson({
          given_name: 'No',
          family_name: 'Place',
          preferred_name: null,
          date_of_birth: '1980-01-01',
          nhs_number: null,
          address_line_1: null,
          address_line_2: null,
          town: null,
          postcode: null,
          phone: null,
          email: null,
          gp_practice_id: null,
          communication_needs: null,
        });
      }),
      /must leave the new record open/,
    );
    assert.equal(await countPeople(), before);
  });

  test('changing a record’s NHS number to one already in use is refused by the field, and logged', async () => {
    const daniel = app.ids.people.daniel!;
    const form = await priya.get(`/people/${daniel}/details/edit`);
    const version = /name="version" value="([^"]+)"/.exec(form.text)![1]!;
    const page = await priya.post(`/people/${daniel}/details/edit`, {
      version,
      given_name: 'Daniel',
      family_name: 'Brooks',
      preferred_name: '',
      'date_of_birth-day': '2',
      'date_of_birth-month': '9',
      'date_of_birth-year': '1985',
      nhs_number: '999 000 0018',
      address_line_1: '4 Canal Street',
      address_line_2: '',
      town: '',
      postcode: 'NB1 7HS',
      phone: '',
      email: '',
      gp_practice_id: '',
      language: 'English',
      communication_needs: '',
      interpreter_needed: 'no',
    });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /There is a problem A person with this NHS number is already registered/);
    assert.match(page.text, /name="nhs_number"[^>]*value="999 000 0018"/);
    const saved = await app.db
      .selectFrom('person')
      .select('nhs_number')
      .where('person_id', '=', daniel)
      .executeTakeFirstOrThrow();
    assert.equal(saved.nhs_number, '9990000026');
    const refusedRows = await app.db
      .selectFrom('access_log')
      .select('summary')
      .where('person_id', '=', daniel)
      .where('action', '=', 'refused')
      .execute();
    assert.equal(refusedRows.length, 1);
    assert.match(refusedRows[0]!.summary, /^Tried to change: Your details: NHS number/);
  });

  test('guessing who is registered is limited: after 20 answers that someone is, a practitioner must wait', async () => {
    const tom = await signedIn(app, STAFF_EMAILS.tom);
    const guess = () => tom.post('/people/register', registration({ nhs_number: '9990000018', given_name: 'Ayesha' }));
    for (let tries = 0; tries < 20; tries++) assert.equal((await guess()).status, 400);
    const page = await guess();
    assert.match(
      visibleText(page.text),
      /There is a problem You have entered too many details that match someone already registered\. Wait 1[45] minutes/,
    );
    assert.doesNotMatch(visibleText(page.text), /A person with this NHS number is already registered/);
  });
});
