// Long lists page through a large caseload: the staff home's people (25 at a time) and reviews due (50) page, in their
// order, count everyone they would list, leave out exactly who the short lists left out, and read and log only
// the people shown on the page.
import assert from 'node:assert/strict';
import { RECORD_PARTS } from '../../src/data/person-data.ts';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { seedSyntheticPeople } from '../../src/seed/scale.ts';
import { startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { grantEmergencyAccess, recordSharingChoice } from '../support/access-fixtures.ts';
import { plansLedFrom, syntheticPractitioner } from '../support/caseload.ts';
import { testBackend } from '../support/database.ts';

const LISTED = 'Your name and date of birth, in their list of people they work with';
const REVIEW_LISTED = 'Your name and plan review date, in their list of reviews due';
const CAREWORKLOAD = 130;

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const idsOn = (html: string, suffix = '') =>
  [
    ...html.matchAll(
      new RegExp(
        `<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/people/([0-9a-f-]{36})${suffix}"`,
        'g',
      ),
    ),
  ].map((match) => match[1]!);

describe(`paging through a large caseload (${testBackend()})`, () => {
  let app: TestApp;
  let client: TestClient;
  let staffId: string;
  let organisationId: string;
  /** Everyone the staff home should list, in its order. */
  let listed: string[];
  /** Everyone reviews due should list, in its order. */
  let reviewsDue: string[];
  const today = ukDate(new Date());

  const logged = async (summary: string, since: Date) =>
    (
      await app.db
        .selectFrom('access_log')
        .select('person_id')
        .where('actor_id', '=', staffId)
        .where('summary', '=', summary)
        .where('at', '>=', since)
        .execute()
    )
      .map((row) => row.person_id)
      .toSorted();
  before(async () => {
    app = await startTestApp();
    await seedSyntheticPeople(app.db, CAREWORKLOAD, { progress: false, seed: 9 });
    const practitioner = await syntheticPractitioner(app.db);
    [staffId, organisationId] = [practitioner.id, practitioner.organisationId];
    const places = practitioner.places;
    assert.equal(places.length, CAREWORKLOAD);
    const byName = places.toSorted(
      (a, b) =>
        compare(a.family_name, b.family_name) ||
        compare(a.given_name, b.given_name) ||
        compare(a.person_id, b.person_id),
    );
    // One person withholds their whole record from this practitioner: on neither list, nor counted.
    const withholding = byName[7]!.person_id;
    for (const part of RECORD_PARTS)
      await recordSharingChoice(app.db, {
        personId: withholding,
        part,
        audience: { kind: 'staff', id: staffId },
        decision: 'withhold',
      });
    // Someone outside their care teams, whom they may see only under an emergency grant, and whose plan names
    // them: an emergency grant puts nobody on either list.
    const stranger = app.ids.people.margaret!;
    await grantEmergencyAccess(app.db, stranger, { id: staffId, organisationId });
    listed = byName.map((place) => place.person_id).filter((id) => id !== withholding);

    // Plans led from their place: 70 reviews due within 28 days or overdue, 10 not due for months, and the
    // withholding person's, due but not theirs to see.
    const due: { personId: string; date: string }[] = [];
    const plans = byName.slice(0, 81).map((place, index) => {
      const date = index < 70 ? addDays(today, (index % 40) - 12) : addDays(today, 90 + index);
      if (index < 70 && index !== 7) due.push({ personId: place.person_id, date });
      return { personId: place.person_id, placeId: place.id, reviewDate: index === 7 ? addDays(today, -30) : date };
    });
    await plansLedFrom(app.db, staffId, plans);
    reviewsDue = due
      .toSorted((a, b) => compare(a.date, b.date) || compare(a.personId, b.personId))
      .map((row) => row.personId);

    client = new TestClient(app.baseUrl);
    await client.signIn(practitioner.email, app.db);
  });
  after(() => app.close());

  test('the staff home counts everyone they work with and shows 25 at a time, by family name', async () => {
    assert.equal(listed.length, 129);
    const pages = [];
    for (const page of [1, 2, 6]) {
      const since = new Date();
      const response = await client.get(page === 1 ? '/staff' : `/staff?page=${page}`);
      assert.equal(response.status, 200);
      const expected = listed.slice((page - 1) * 25, page * 25);
      assert.deepEqual(idsOn(response.text), expected, `page ${page} holds the next people by name`);
      assert.deepEqual(await logged(LISTED, since), expected.toSorted(), `page ${page} logs only its people`);
      pages.push({ text: visibleText(response.text), html: response.text });
    }
    assert.match(pages[0]!.text, /You work with 129 people\. Showing 1 to 25, by family name\./);
    assert.match(pages[1]!.text, /Showing 26 to 50/);
    assert.match(pages[2]!.text, /Showing 126 to 129/);
    // GOV.UK pagination: no previous link on the first page, no next on the last, and the current page marked.
    assert.doesNotMatch(pages[0]!.html, /govuk-pagination__prev/);
    assert.match(pages[0]!.html, /<a class="govuk-link govuk-pagination__link" href="\/staff\?page=2" rel="next">/);
    assert.match(pages[1]!.html, /href="\/staff" rel="prev"/);
    assert.match(pages[1]!.html, /href="\/staff\?page=2" aria-label="Page 2" aria-current="page"/);
    assert.doesNotMatch(pages[2]!.html, /govuk-pagination__next/);
    assert.match(pages[0]!.html, /<nav class="govuk-pagination" aria-label="Pages of people you work with">/);
  });

  test('a page past the end shows the last page, and a page number that is not one shows the first', async () => {
    assert.deepEqual(idsOn((await client.get('/staff?page=99')).text), listed.slice(125));
    for (const asked of ['0', '-1', '2.5', 'two', '', '1e1', '99999999999999999999'])
      assert.deepEqual(idsOn((await client.get(`/staff?page=${asked}`)).text), listed.slice(0, 25), `?page=${asked}`);
  });

  test('reviews due counts every review due and shows 50 at a time, earliest first, logging only those shown', async () => {
    assert.equal(reviewsDue.length, 69);
    const since = new Date();
    const first = await client.get('/staff/reviews');
    assert.equal(first.status, 200);
    assert.deepEqual(idsOn(first.text, '/plan'), reviewsDue.slice(0, 50));
    assert.deepEqual(await logged(REVIEW_LISTED, since), reviewsDue.slice(0, 50).toSorted());
    assert.match(visibleText(first.text), /69 reviews are due\. Showing 1 to 50\. .* Overdue by 12 days/);
    assert.match(first.text, /href="\/staff\/reviews\?page=2" rel="next"/);
    const secondSince = new Date();
    const second = await client.get('/staff/reviews?page=2');
    assert.deepEqual(idsOn(second.text, '/plan'), reviewsDue.slice(50));
    assert.deepEqual(await logged(REVIEW_LISTED, secondSince), reviewsDue.slice(50).toSorted());
    assert.deepEqual(idsOn((await client.get('/staff/reviews?page=7')).text, '/plan'), reviewsDue.slice(50));
    assert.deepEqual(idsOn((await client.get('/staff/reviews?page=x')).text, '/plan'), reviewsDue.slice(0, 50));
  });
});
