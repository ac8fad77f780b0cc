import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { nhsCheckDigit } from '../../src/modules/people/nhs-number.ts';
import { dateOfBirthInput, parseDateInput } from '../../src/web/date-input.ts';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const EMAIL: Record<string, string> = {
  priya: 'priya.shah@council.example.org',
  tom: 'tom.okafor@gp.example.org',
  grace: 'grace.mensah@trust.example.org',
  sam: 'sam.reid@hub.example.org',
  lena: 'lena.varga@carers.example.org',
  helen: 'helen.price@council.example.org',
  marcus: 'marcus.lee@council.example.org',
  joan: 'joan.clarke@trust.example.org',
  alan: 'alan.ward@council.example.org',
};
const LISTED = 'Your name and date of birth, in their list of people they work with';
const FOUND = 'Your name, found by your NHS number and date of birth';

/** A valid NHS number that no demo person has. */
const unusedNhsNumber = (): string => {
  for (let n = 999_100_000; ; n += 1) {
    const check = nhsCheckDigit(String(n));
    if (check !== undefined) return `${n}${check}`;
  }
};

describe(`staff home and finding a person (${testBackend()})`, () => {
  let app: TestApp;
  const clients: Record<string, TestClient> = {};
  const staffClient = async (key: string) => {
    if (!clients[key]) {
      clients[key] = new TestClient(app.baseUrl);
      await clients[key].signIn(EMAIL[key]!, app.db);
    }
    return clients[key];
  };
  const logRows = (filter: { actorKey?: string; summary?: string } = {}) =>
    app.db
      .selectFrom('access_log')
      .selectAll()
      .$if(Boolean(filter.actorKey), (query) => query.where('actor_id', '=', app.ids.staff[filter.actorKey!]!))
      .$if(Boolean(filter.summary), (query) => query.where('summary', '=', filter.summary!))
      .orderBy('at')
      .orderBy('id')
      .execute();
  const countLog = async () =>
    Number(
      (
        await app.db
          .selectFrom('access_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  const peopleOnHome = async (key: string) => {
    const page = await (await staffClient(key)).get('/staff');
    assert.equal(page.status, 200);
    const ids = [...page.text.matchAll(/href="\/people\/([0-9a-f-]{36})"/g)].map((match) => match[1]);
    const names = Object.entries(app.ids.people)
      .filter(([, id]) => ids.includes(id))
      .map(([name]) => name)
      .sort();
    return { names, text: visibleText(page.text) };
  };

  test('each member of staff sees exactly the people whose care team they are in, and each listing is logged', async () => {
    const expected: Record<string, string[]> = {
      priya: ['aisha', 'daniel'],
      tom: ['aisha', 'margaret'],
      grace: ['daniel'],
      sam: ['aisha'],
      lena: ['margaret'],
      helen: [],
      marcus: [],
      joan: [],
      alan: [],
    };
    for (const [key, people] of Object.entries(expected)) {
      const before = await logRows({ actorKey: key, summary: LISTED });
      const { names } = await peopleOnHome(key);
      assert.deepEqual(names, people, `people listed for ${key}`);
      const added = (await logRows({ actorKey: key, summary: LISTED })).slice(before.length);
      assert.deepEqual(
        added.map((row) => Object.entries(app.ids.people).find(([, id]) => id === row.person_id)![0]).sort(),
        people,
        `log rows for ${key}`,
      );
      for (const row of added) {
        assert.equal(row.action, 'read');
        assert.equal(row.part, 'details');
        assert.equal(row.purpose, 'care');
      }
    }
  });

  test('the list shows date of birth, role in the team and whether they are the key worker', async () => {
    const { text } = await peopleOnHome('tom');
    assert.match(text, /Aisha Khan 14 March 1948 GP No/);
    assert.match(text, /Your role in their team You are their key worker/);
    assert.match(text, /Margaret Owen 21 November 1937 GP Yes/);
  });

  test('roles with nobody to list are told so plainly', async () => {
    assert.match((await peopleOnHome('helen')).text, /You are not in anyone's care team at the moment/);
    assert.match((await peopleOnHome('marcus')).text, /You are not in anyone's care team at the moment/);
    assert.match((await peopleOnHome('alan')).text, /Your role does not include working with people's records/);
    const joan = await peopleOnHome('joan');
    assert.match(joan.text, /No emergency access is waiting for your review/);
    assert.doesNotMatch((await peopleOnHome('priya')).text, /emergency access reviews/i);
  });

  test('a person the staff member no longer shares with, or whose team they have left, is not listed', async () => {
    const aisha = app.ids.people.aisha!;
    const withhold = (part: 'details' | 'about_me') =>
      app.db
        .insertInto('sharing_choice')
        .values({
          person_id: aisha,
          id: newId(),
          part,
          audience_kind: 'staff',
          audience_id: app.ids.staff.sam!,
          decision: 'withhold',
          until_date: null,
          made_by_kind: 'citizen',
          made_by_id: null,
          made_by_name: 'Aisha Khan',
          made_at: new Date(),
        })
        .execute();
    // Details withheld but About me still shared: Sam finds Aisha by her name alone, and that is what is logged.
    await withhold('details');
    const named = (await peopleOnHome('sam')).text;
    assert.match(named, /Aisha Khan Not shared with you Link worker/);
    assert.doesNotMatch(named, /1948/);
    const nameOnly = await logRows({ actorKey: 'sam' });
    assert.equal(nameOnly.at(-1)?.summary, 'Your name, in their list of people they work with');
    assert.equal(nameOnly.at(-1)?.part, 'about_me');

    await withhold('about_me');
    const before = (await logRows({ actorKey: 'sam' })).length;
    assert.deepEqual((await peopleOnHome('sam')).names, []);
    assert.equal((await logRows({ actorKey: 'sam' })).length, before, 'nothing logged for a person not listed');

    await app.db
      .updateTable('care_team_member')
      .set({ until_date: '2026-01-31' })
      .where('staff_account_id', '=', app.ids.staff.lena!)
      .execute();
    assert.deepEqual((await peopleOnHome('lena')).names, []);
    await app.db
      .updateTable('care_team_member')
      .set({ until_date: null, from_date: '2999-01-01' })
      .where('staff_account_id', '=', app.ids.staff.lena!)
      .execute();
    assert.deepEqual((await peopleOnHome('lena')).names, []);
  });

  test('citizens are sent to their own home', async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn('aisha.khan@example.org');
    assert.equal((await client.get('/staff')).location, '/my');
  });

  test('alerts show unread first and can be marked as read, but only by the person they are for', async () => {
    const insertAlert = (staffKey: string, message: string, createdAt: Date) => {
      const id = newId();
      return app.db
        .insertInto('staff_alert')
        .values({
          person_id: app.ids.people.daniel!,
          id,
          staff_account_id: app.ids.staff[staffKey]!,
          message,
          created_at: createdAt,
          read_at: null,
        })
        .execute()
        .then(() => id);
    };
    const older = await insertAlert('grace', 'An older alert about a team change.', new Date(Date.now() - 86_400_000));
    await insertAlert('grace', 'A newer alert about a referral.', new Date());
    const grace = await staffClient('grace');
    let text = visibleText((await grace.get('/staff')).text);
    assert.match(text, /Your alerts New A newer alert about a referral\..*New An older alert about a team change\./);

    const someoneElse = await staffClient('priya');
    assert.equal((await someoneElse.post(`/staff/alerts/${app.ids.people.daniel}/${older}/read`, {})).status, 404);
    assert.equal((await grace.post(`/staff/alerts/${app.ids.people.daniel}/not-an-id/read`, {})).status, 404);

    assert.equal((await grace.post(`/staff/alerts/${app.ids.people.daniel}/${older}/read`, {})).location, '/staff');
    text = visibleText((await grace.get('/staff')).text);
    assert.match(text, /New A newer alert about a referral\..*An older alert about a team change\./);
    assert.doesNotMatch(text, /New An older alert/);
    const row = await app.db
      .selectFrom('staff_alert')
      .select('read_at')
      .where('id', '=', older)
      .executeTakeFirstOrThrow();
    assert.ok(row.read_at);
  });

  describe('finding a person by NHS number and date of birth', () => {
    const find = async (key: string, form: Record<string, string>) =>
      (await staffClient(key)).post('/staff/find', form);
    const margaret = { nhsNumber: '999 000 0034', 'dob-day': '21', 'dob-month': '11', 'dob-year': '1937' };

    test('a match the practitioner may read links to the record, and the match is logged', async () => {
      const page = await find('tom', margaret);
      assert.equal(page.status, 200);
      const text = visibleText(page.text);
      assert.match(text, /Margaret Owen Born 21 November 1937\. NHS number 999 000 0034\. Open Margaret Owen's record/);
      assert.match(page.text, new RegExp(`href="/people/${app.ids.people.margaret}"`));
      const [row] = (await logRows({ actorKey: 'tom', summary: FOUND })).slice(-1);
      assert.equal(row?.person_id, app.ids.people.margaret);
      assert.equal(row?.action, 'read');
      assert.equal(row?.part, 'details');
      assert.equal(row?.purpose, 'care');
    });

    test('a match out of scope names nobody and offers emergency access; the attempt is logged as refused', async () => {
      const page = await find('grace', {
        nhsNumber: '9990000018',
        'dob-day': '14',
        'dob-month': '3',
        'dob-year': '1948',
      });
      assert.equal(page.status, 200);
      const text = visibleText(page.text);
      assert.match(text, /You do not have access to this person's record/);
      assert.doesNotMatch(text, /Aisha|Khan/);
      assert.match(page.text, new RegExp(`href="/people/${app.ids.people.aisha}/emergency-access"`));
      const [row] = (await logRows({ actorKey: 'grace' })).slice(-1);
      assert.equal(row?.person_id, app.ids.people.aisha);
      assert.equal(row?.action, 'refused');
    });

    test('a wrong date of birth, or an NHS number nobody has, is simply no match and writes nothing', async () => {
      for (const form of [
        { ...margaret, 'dob-day': '22' },
        { ...margaret, nhsNumber: unusedNhsNumber() },
      ]) {
        const before = await countLog();
        const page = await find('tom', form);
        assert.equal(page.status, 200);
        const text = visibleText(page.text);
        assert.match(text, /No one matches that NHS number and date of birth/);
        assert.doesNotMatch(text, /Margaret|emergency access/i);
        assert.match(page.text, new RegExp(`value="${form.nhsNumber}"`), 'keeps what was typed');
        assert.equal(await countLog(), before);
      }
    });

    test('bad input gets a clear message by each field, status 400, and writes nothing', async () => {
      const cases: [Record<string, string>, RegExp[]][] = [
        [
          { nhsNumber: '', 'dob-day': '', 'dob-month': '', 'dob-year': '' },
          [/Enter their NHS number/, /Enter their date of birth/],
        ],
        [{}, [/Enter their NHS number/, /Enter their date of birth/]],
        [{ ...margaret, nhsNumber: '999 000 0035' }, [/Enter a real NHS number: 10 digits/]],
        [{ ...margaret, nhsNumber: '99900000' }, [/Enter a real NHS number/]],
        [{ ...margaret, 'dob-month': '' }, [/Date of birth must include a month/]],
        [{ ...margaret, 'dob-day': '', 'dob-year': '' }, [/Date of birth must include a day and year/]],
        [{ ...margaret, 'dob-day': '31', 'dob-month': '2' }, [/Date of birth must be a real date/]],
        [{ ...margaret, 'dob-month': 'Nox' }, [/Date of birth must be a real date/]],
        [{ ...margaret, 'dob-year': '1899' }, [/Date of birth must be on or after 1 January 1900/]],
        [{ ...margaret, 'dob-year': '37' }, [/Year must include 4 numbers/]],
        [{ ...margaret, 'dob-year': '2999' }, [/Date of birth must be today or in the past/]],
      ];
      for (const [form, messages] of cases) {
        const before = await countLog();
        const page = await find('tom', form);
        assert.equal(page.status, 400, JSON.stringify(form));
        const text = visibleText(page.text);
        assert.match(text, /There is a problem/);
        for (const message of messages)
          assert.equal(
            text.match(new RegExp(message.source, 'g'))?.length,
            2,
            `${message} in the summary and by the field`,
          );
        assert.equal(await countLog(), before);
      }
    });

    test('the month may be typed as a word, as in every date input', async () => {
      const page = await find('tom', { ...margaret, 'dob-month': 'Nov' });
      assert.equal(page.status, 200);
      assert.match(visibleText(page.text), /Margaret Owen Born 21 November 1937\./);
    });

    test('error links go to the first date field with a problem', async () => {
      const page = await find('tom', { ...margaret, 'dob-month': '' });
      assert.match(page.text, /href="#dob-month"/);
      assert.match(page.text, /govuk-input--error" id="dob-month"/, 'the month is highlighted');
      assert.doesNotMatch(page.text, /govuk-input--error" id="dob-(day|year)"/, 'the day and year are not');
    });

    test('only practitioners can find people', async () => {
      for (const key of ['helen', 'marcus', 'joan', 'alan']) {
        const client = await staffClient(key);
        assert.equal((await client.get('/staff/find')).status, 404, key);
        assert.equal((await client.post('/staff/find', margaret)).status, 404, key);
      }
      assert.equal((await (await staffClient('priya')).get('/staff/find')).status, 200);
    });
  });

  test('date of birth rules', () => {
    const today = '2026-03-01';
    const dateOfBirthProblem = (typed: { day: string; month: string; year: string }) => {
      const result = parseDateInput(typed, dateOfBirthInput(today, 'Enter their date of birth'));
      return result.ok ? undefined : { message: result.message, parts: result.parts };
    };
    assert.equal(dateOfBirthProblem({ day: '1', month: '3', year: '2026' }), undefined);
    assert.equal(dateOfBirthProblem({ day: '29', month: '2', year: '2024' }), undefined);
    assert.equal(
      dateOfBirthProblem({ day: '29', month: '2', year: '2023' })?.message,
      'Date of birth must be a real date',
    );
    assert.equal(
      dateOfBirthProblem({ day: '2', month: '3', year: '2026' })?.message,
      'Date of birth must be today or in the past',
    );
    assert.deepEqual(dateOfBirthProblem({ day: '1', month: '', year: '' }), {
      message: 'Date of birth must include a month and year',
      parts: ['month', 'year'],
    });
    assert.equal(
      dateOfBirthProblem({ day: '1', month: '1', year: '1889' })?.message,
      'Date of birth must be on or after 1 January 1900',
    );
  });
});
