import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { describeAccess } from '../../src/modules/access/access-log-service.ts';
import { pageNumber } from '../../src/modules/access/routes/access-log.ts';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`"Who has looked at your record" (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  const citizen = async (email: string) => {
    const client = new TestClient(app.baseUrl);
    await client.signIn(email);
    return client;
  };
  const staff = async (email: string) => {
    const client = new TestClient(app.baseUrl);
    await client.signIn(email, app.db);
    return client;
  };
  const logFor = (personId: string) => `/people/${personId}/access-log`;
  /** Access-log rows written straight into the database, one minute apart, the newest `count` minutes ago. */
  const addLogRows = (
    personId: string,
    count: number,
    row: { action: 'read' | 'write' | 'refused'; summary: string; actor_name?: string; part?: string },
    apart = 60_000,
  ) =>
    app.db
      .insertInto('access_log')
      .values(
        Array.from({ length: count }, (_, index) => ({
          person_id: personId,
          id: newId(),
          at: new Date(Date.UTC(2026, 0, 10, 9, 0) - (count - index) * apart),
          actor_kind: 'staff' as const,
          actor_id: null,
          actor_name: row.actor_name ?? 'Ravi Patel',
          actor_role: 'Occupational therapist',
          organisation_name: 'Northbridge City Council',
          action: row.action,
          part: row.part ?? 'about_me',
          purpose: row.action === 'refused' ? 'none' : 'care',
          summary: row.summary,
          break_glass_grant_id: null,
        })),
      )
      .execute();

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
  });
  after(() => app.close());

  test('the person sees, in plain words, who looked at and changed what, newest first, with refused attempts marked', async () => {
    await addLogRows(aisha, 1, { action: 'read', summary: 'Your About me' });
    await addLogRows(aisha, 1, { action: 'write', summary: 'Your details', actor_name: 'Nadia Hussain' });
    await addLogRows(aisha, 1, { action: 'refused', summary: 'Tried to see: Your plan', actor_name: 'Owen Price' });
    await (await staff('priya.shah@council.example.org')).get('/staff');

    const page = await (await citizen('aisha.khan@example.org')).get(logFor(aisha));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Who has looked at your record/);
    assert.match(
      text,
      /Priya Shah Social worker, Northbridge City Council Looked at your name and date of birth, in their list of people they work with .*Nadia Hussain Occupational therapist, Northbridge City Council Changed your details .*10 January 2026 at 8:59am Ravi Patel Occupational therapist, Northbridge City Council Looked at your About me/,
    );
    assert.match(
      text,
      /Owen Price Occupational therapist, Northbridge City Council Refused Tried to see your plan and was refused/,
    );
    assert.match(page.text, /<caption class="govuk-table__caption govuk-table__caption--m">/);
  });

  test('reading the log is itself logged', async () => {
    await (await citizen('aisha.khan@example.org')).get(logFor(aisha));
    const row = await app.db
      .selectFrom('access_log')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.actor_name, row.action, row.part, row.purpose, row.summary],
      ['Aisha Khan', 'read', 'access_log', 'self', 'The list of who has looked at your record'],
    );
    // Her own looks are left out unless she asks for them.
    const aishaClient = await citizen('aisha.khan@example.org');
    assert.doesNotMatch(visibleText((await aishaClient.get(logFor(aisha))).text), /Signed in to their own account/);
    const own = await aishaClient.get(`${logFor(aisha)}?mine=1`);
    assert.match(
      visibleText(own.text),
      /Aisha Khan Signed in to their own account Looked at the list of who has looked at your record, \d+ times/,
    );
  });

  test('a representative who may act can read it; the page speaks of "this record"', async () => {
    const page = await (await citizen('fatima.khan@example.org')).get(logFor(aisha));
    assert.equal(page.status, 200);
    assert.match(visibleText(page.text), /Who has looked at this record/);
    const row = await app.db
      .selectFrom('access_log')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.purpose, 'representative');
    assert.equal(row.actor_role, 'Acting for the person, with their authority');
    const seenByAisha = visibleText((await (await citizen('aisha.khan@example.org')).get(logFor(aisha))).text);
    assert.match(
      seenByAisha,
      /Fatima Khan Acting for you, with their authority Looked at the list of who has looked at your record/,
    );
  });

  test('the privacy officer sees refused attempts too, marked as refused', async () => {
    const page = await (await staff('joan.clarke@trust.example.org')).get(logFor(aisha));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Owen Price Occupational therapist, Northbridge City Council Refused Tried to see your plan and was refused/,
    );
    const row = await app.db
      .selectFrom('access_log')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual([row.actor_name, row.part, row.purpose], ['Joan Clarke', 'access_log', 'privacy_review']);
  });

  test('people without authority, and care staff, get 404', async () => {
    const george = await citizen('george.owen@example.org');
    assert.equal(
      (await george.get(logFor(app.ids.people.margaret!))).status,
      404,
      "George shares Margaret's plan but not her log",
    );
    assert.equal((await george.get(logFor(aisha))).status, 404);
    assert.equal((await (await citizen('aisha.khan@example.org')).get(logFor(app.ids.people.margaret!))).status, 404);
    assert.equal((await (await staff('priya.shah@council.example.org')).get(logFor(aisha))).status, 404);
    assert.equal((await (await staff('alan.ward@council.example.org')).get(logFor(aisha))).status, 404);
    assert.equal((await george.get(logFor('not-a-person'))).status, 404);
    assert.equal((await george.get(logFor(newId()))).status, 404);
    assert.equal((await new TestClient(app.baseUrl).get(logFor(aisha))).location, '/sign-in');
  });

  test('long logs come 50 to a page, with page links; a page that does not exist is not found', async () => {
    const margaret = app.ids.people.margaret!;
    // One a day: each day's looks by one person at one part make one row.
    await addLogRows(margaret, 120, { action: 'read', summary: 'Your About me' }, 86_400_000);
    const joan = await staff('joan.clarke@trust.example.org');
    const entriesOn = (html: string) => (html.match(/<tr class="govuk-table__row">/g) ?? []).length - 1;

    const first = await joan.get(logFor(margaret));
    assert.equal(entriesOn(first.text), 50);
    assert.match(visibleText(first.text), /Page 1 of 3/);
    const nextLink = new RegExp(`href="(/people/${margaret}/access-log\\?page=2&amp;upto=[0-9a-f-]{36})"`).exec(
      first.text,
    );
    assert.ok(nextLink, 'page 2 follows on from the list as first seen');
    assert.doesNotMatch(first.text, /rel="prev"/);
    assert.match(visibleText(first.text), /9 January 2026 at 9:00am .* 8 January 2026 at 9:00am/, 'newest first');

    // Reading page 1 added an entry; page 2 still starts straight after page 1's last, with none repeated.
    const rowsAsFirstSeen =
      (await app.db.selectFrom('access_log').select('id').where('person_id', '=', margaret).execute()).length - 1;
    const second = await joan.get(nextLink[1]!.replaceAll('&amp;', '&'));
    assert.equal(second.status, 200);
    assert.equal(entriesOn(second.text), 50);

    const third = await joan.get(nextLink[1]!.replaceAll('&amp;', '&').replace('page=2', 'page=3'));
    assert.equal(third.status, 200);
    assert.equal(
      entriesOn(third.text),
      rowsAsFirstSeen - 100,
      'what is left after two full pages of the list as first seen: none repeated, none added',
    );
    assert.match(
      visibleText(third.text),
      /12 September 2025 at 10:00am Ravi Patel Occupational therapist, Northbridge City Council Looked at your About me Previous page/,
      'the oldest is last',
    );
    assert.match(
      third.text,
      new RegExp(`href="/people/${margaret}/access-log\\?page=2&amp;upto=[0-9a-f-]{36}"[^>]*rel="prev"`),
    );
    assert.equal((await joan.get(`${logFor(margaret)}?upto=not-an-id`)).status, 404);

    const before = (await app.db.selectFrom('access_log').select('id').where('person_id', '=', margaret).execute())
      .length;
    for (const page of ['4', '0', '-1', 'two', '1.5'])
      assert.equal((await joan.get(`${logFor(margaret)}?page=${page}`)).status, 404, page);
    assert.equal(
      (await app.db.selectFrom('access_log').select('id').where('person_id', '=', margaret).execute()).length,
      before,
      'a page that does not exist is not logged',
    );
  });

  test('a day of looks at one part by one person is one row with a count; filters narrow the list', async () => {
    const daniel = app.ids.people.daniel!;
    await addLogRows(daniel, 5, { action: 'read', summary: 'Your name, on your home page', part: 'details' });
    await addLogRows(daniel, 2, { action: 'read', summary: 'Who can see your record', part: 'sharing' });
    await addLogRows(daniel, 1, { action: 'read', summary: 'Your plan', part: 'plan', actor_name: 'Nadia Hussain' });
    const joan = await staff('joan.clarke@trust.example.org');
    const text = visibleText((await joan.get(logFor(daniel))).text);
    assert.match(text, /Ravi Patel .* Looked at your name, on your home page, 5 times/);
    assert.match(text, /Ravi Patel .* Looked at who can see your record, 2 times/, 'sentence case');
    assert.match(text, /Nadia Hussain .* Looked at your plan/);
    assert.doesNotMatch(text, /Looked at your name, on your home page .* Looked at your name, on your home page/);

    const plans = visibleText((await joan.get(`${logFor(daniel)}?part=plan`)).text);
    assert.match(plans, /Nadia Hussain/);
    assert.doesNotMatch(plans, /Ravi Patel Occupational/);
    const someDays = (from: string, to: string) => {
      const [fy, fm, fd] = from.split('-');
      const [ty, tm, td] = to.split('-');
      return `from-day=${fd}&from-month=${fm}&from-year=${fy}&to-day=${td}&to-month=${tm}&to-year=${ty}`;
    };
    assert.match(
      visibleText((await joan.get(`${logFor(daniel)}?${someDays('2026-01-10', '2026-01-10')}`)).text),
      /5 times/,
    );
    assert.match(
      visibleText((await joan.get(`${logFor(daniel)}?${someDays('2026-01-11', '2026-01-12')}`)).text),
      /Nothing matches these filters/,
    );

    const mistakes: [string, string][] = [
      [someDays('2026-01-12', '2026-01-10'), 'The to date must be the same as or after the from date'],
      ['from-day=31&from-month=2&from-year=2026', 'The from date must be a real date'],
      ['part=secrets', 'Select a part from the list'],
      ['who=not-an-id', 'Select who from the list'],
    ];
    for (const [query, message] of mistakes) {
      const refused = await joan.get(`${logFor(daniel)}?${query}`);
      assert.equal(refused.status, 400, query);
      assert.match(visibleText(refused.text), new RegExp(`There is a problem ${message}`), query);
    }
  });

  test('what someone did reads as a plain sentence', () => {
    assert.equal(
      describeAccess({ action: 'read', purpose: 'care', summary: 'Your About me' }),
      'Looked at your About me',
    );
    assert.equal(describeAccess({ action: 'write', purpose: 'self', summary: 'Your details' }), 'Changed your details');
    assert.equal(
      describeAccess({ action: 'read', purpose: 'care', summary: "Aisha's plan" }),
      "Looked at Aisha's plan",
    );
    assert.equal(
      describeAccess({
        action: 'write',
        purpose: 'emergency',
        summary: 'Started emergency access, giving this reason: x',
      }),
      'Started emergency access to your record',
    );
    assert.equal(
      describeAccess({ action: 'write', purpose: 'privacy_review', summary: 'An emergency use of your record' }),
      'Checked an emergency use of your record',
    );
    assert.equal(
      describeAccess({ action: 'refused', purpose: 'none', summary: 'Tried to change: Your contacts' }),
      'Tried to change your contacts and was refused',
    );
    assert.equal(
      describeAccess({ action: 'refused', purpose: 'none', summary: 'Something odd' }),
      'Something odd (refused)',
    );
    assert.equal(pageNumber({}), 1);
    assert.equal(pageNumber({ page: '12' }), 12);
    assert.equal(pageNumber({ page: ['1', '2'] }), undefined);
    assert.equal(pageNumber({ page: '01' }), undefined);
  });
});
