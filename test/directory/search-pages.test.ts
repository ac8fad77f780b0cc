import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addListing, addPostcode, addTerm } from '../support/directory-builder.ts';
import { carersCounselling, HOME_POSTCODE } from '../support/search-listings.ts';

// "Find support" over HTTP: anyone may search and read a service's page without an account.
describe(`Finding support on the public pages (${testBackend()})`, () => {
  let app: TestApp;
  let visitor: TestClient;
  let counselling: string;
  let lunch: string;
  let carers: string;
  let closedForNow: string;
  let defunct: string;
  const words = async (client: TestClient, path: string, status = 200) => {
    const page = await client.get(path);
    assert.equal(page.status, status, `${path}: ${visibleText(page.text).slice(0, 400)}`);
    return visibleText(page.text);
  };
  /** The services' names on a results page, in order. */
  const found = async (query: string) => {
    const page = await visitor.get(`/directory?${query}`);
    assert.equal(page.status, 200, query);
    return [...page.text.matchAll(/<a class="govuk-link" href="\/directory\/services\/[^"]+">([^<]+)<\/a>/g)].map(
      (match) => match[1],
    );
  };
  const searchRows = () => app.db.selectFrom('directory_search').selectAll().orderBy('id').execute();

  before(async () => {
    app = await startTestApp({ publicRequestsPerMinute: 100_000 });
    visitor = new TestClient(app.baseUrl);
    counselling = await addTerm(app.db, 'Counselling');
    lunch = await addTerm(app.db, 'Lunch clubs');
    await addPostcode(app.db, HOME_POSTCODE.postcode, HOME_POSTCODE.latitude, HOME_POSTCODE.longitude);
    carers = (await addListing(app.db, carersCounselling([counselling], { organisation: 'Testford Carers Centre' })))
      .serviceId;
    await addListing(app.db, {
      name: 'Young people counselling',
      needs: [counselling],
      latitude: 52.05,
      longitude: -1.0,
      minimumAge: 11,
      maximumAge: 25,
      costPence: 500,
      assuredDate: '2020-01-01',
    });
    await addListing(app.db, {
      name: 'Riverside walking group',
      description: 'A gentle walk and a cup of tea.',
      latitude: 52.3,
      longitude: -1.0,
    });
    for (let number = 1; number <= 25; number += 1)
      await addListing(app.db, { name: `Lunch club ${String(number).padStart(2, '0')}`, needs: [lunch] });
    closedForNow = (
      await addListing(app.db, { name: 'Counselling drop-in', needs: [counselling], status: 'temporarily closed' })
    ).serviceId;
    defunct = (await addListing(app.db, { name: 'Old counselling line', needs: [counselling], status: 'defunct' }))
      .serviceId;
  });
  after(() => app.close());

  test('anyone can open the search page and search by need, without an account', async () => {
    const first = await words(visitor, '/directory');
    assert.match(first, /Find support/);
    assert.match(first, /What do you need help with\? Counselling Lunch clubs/);
    assert.doesNotMatch(first, /services found/);
    const text = await words(visitor, `/directory?need=${counselling}`);
    assert.match(text, /2 services found/);
    assert.match(text, /Counselling for carers Run by Testford Carers Centre Someone to talk to when caring gets hard/);
    assert.match(text, /Mondays and Wednesdays, 9am to 12pm Free Checked 3 March 2026/);
    assert.match(text, /Young people counselling .*There is a cost Last checked 1 January 2020: it may be out of date/);
    assert.doesNotMatch(text, /Counselling drop-in|Old counselling line/);
  });

  test('words find names with a typo', async () => {
    assert.deepEqual(await found('words=walkng'), ['Riverside walking group']);
    assert.deepEqual((await found('words=counciling')).toSorted(), [
      'Counselling for carers',
      'Young people counselling',
    ]);
  });

  test('from a postcode: nearest first, in miles, further than chosen left out', async () => {
    assert.deepEqual(await found('postcode=zz1+1aa&miles=1'), ['Counselling for carers']);
    assert.deepEqual(await found('postcode=ZZ11AA&miles=5'), ['Counselling for carers', 'Young people counselling']);
    assert.deepEqual(await found('postcode=ZZ1+1AA&miles=25'), [
      'Counselling for carers',
      'Young people counselling',
      'Riverside walking group',
    ]);
    const text = await words(visitor, '/directory?postcode=ZZ1+1AA&miles=5');
    assert.match(text, /0\.7 miles away: 1 Synthetic Street, ZZ1 1AB/);
    assert.match(text, /3\.5 miles away/);
  });

  test('by day, age, cost, language and step-free access', async () => {
    assert.deepEqual(await found('when=WE'), ['Counselling for carers']);
    assert.deepEqual(await found('when=SU'), []);
    assert.deepEqual(await found(`need=${counselling}&age=14`), ['Young people counselling']);
    assert.deepEqual(await found(`need=${counselling}&free=yes`), ['Counselling for carers']);
    assert.deepEqual(await found('language=Urdu'), ['Counselling for carers']);
    assert.deepEqual(await found('stepfree=yes'), ['Counselling for carers']);
    assert.match(await words(visitor, '/directory?language=Urdu'), /Language Any language English Urdu/);
  });

  test('results come 20 a page, and the other pages keep the search', async () => {
    const first = await visitor.get(`/directory?need=${lunch}`);
    assert.match(visibleText(first.text), /25 services found Page 1 of 2/);
    assert.equal((await found(`need=${lunch}`)).length, 20);
    assert.match(first.text, new RegExp(`href="/directory\\?need=${lunch}&amp;page=2"`));
    assert.deepEqual(await found(`need=${lunch}&page=2`), [
      'Lunch club 21',
      'Lunch club 22',
      'Lunch club 23',
      'Lunch club 24',
      'Lunch club 25',
    ]);
  });

  test('nothing found says what to try', async () => {
    const text = await words(visitor, '/directory?words=zebra+grooming&when=SU');
    assert.match(text, /0 services found We could not find any services .* choose a longer distance/);
  });

  test('odd characters and empty input never fail', async () => {
    for (const typed of ['', '"', "'", '&|!:*()', '<script>alert(1)</script>', '%', '\\', 'x'.repeat(3000), 'ü ☕'])
      await words(visitor, `/directory?words=${encodeURIComponent(typed)}`);
    assert.match(await words(visitor, '/directory?words=&postcode=&age='), /28 services found/);
  });

  test('a bad or unknown postcode, or an age that is not a number, is shown by the field and not searched', async () => {
    const before = await searchRows();
    const unknown = await visitor.get('/directory?postcode=ZZ9+9ZZ&miles=5');
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /govuk-error-summary/);
    assert.match(unknown.text, /href="#postcode">We could not find the postcode ZZ9 9ZZ/);
    assert.match(unknown.text, /id="postcode-error"/);
    const bad = await visitor.get('/directory?postcode=not+a+postcode&age=ten');
    assert.equal(bad.status, 400);
    assert.match(
      visibleText(bad.text),
      /There is a problem Enter a full postcode, like ZZ1 1AA Enter an age as a whole number/,
    );
    assert.match(bad.text, /value="not a postcode"/);
    assert.equal((await visitor.get('/directory?miles=500')).status, 400);
    assert.equal((await visitor.get('/directory?need=not-an-id')).status, 400);
    assert.deepEqual(await searchRows(), before);
  });

  test('each search is logged by area, need and who searched, never the words or the postcode', async () => {
    await visitor.get(`/directory?need=${counselling}&postcode=zz1+1aa&miles=3&words=talk`);
    const publicRow = (await searchRows()).at(-1)!;
    assert.deepEqual(
      { area: publicRow.area, term: publicRow.taxonomy_term_id, text: publicRow.had_text, results: publicRow.results },
      { area: 'ZZ1', term: counselling, text: true, results: 1 },
    );
    assert.equal(publicRow.by_staff, false);
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    await words(priya, `/directory?need=${lunch}`);
    const staffRow = (await searchRows()).at(-1)!;
    assert.equal(staffRow.by_staff, true);
    assert.equal(staffRow.area, null);
    assert.equal(staffRow.results, 25);
    // The same search's second page, and a list of everything through the API, are not searches anyone made.
    const counted = (await searchRows()).length;
    await words(priya, `/directory?need=${lunch}&page=2`);
    await visitor.get('/api/v1/directory/services?page=2');
    await visitor.get('/api/v1/directory/services');
    assert.equal((await searchRows()).length, counted);
  });

  test("a service's page says who it is for, where, when, cost, languages and access", async () => {
    const text = await words(visitor, `/directory/services/${carers}`);
    assert.match(text, /Testford Carers Centre Counselling for carers Checked 3 March 2026 Someone to talk to/);
    assert.match(text, /Who it is for For people aged 18 and over/);
    assert.match(text, /Where 1 Synthetic Street, Testford, ZZ1 1AB Access: Step-free access/);
    assert.match(text, /When Mondays and Wednesdays, 9am to 12pm Cost Free Languages English, Urdu/);
    assert.match(text, /Suggest a change to this listing/);
    assert.doesNotMatch(text, /Refer someone|Ask to be referred/);
    const page = await visitor.get(`/directory/services/${carers}`);
    assert.match(page.text, new RegExp(`href="/directory/services/${carers}/suggest"`));
  });

  test('signed in, a practitioner may refer someone and a person may ask to be referred', async () => {
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    const staffPage = await priya.get(`/directory/services/${carers}`);
    assert.match(
      staffPage.text,
      new RegExp(`href="/directory/services/${carers}/refer">Refer someone to this service`),
    );
    const aisha = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.match(await words(aisha, `/directory/services/${carers}`), /Ask to be referred to this service/);
    assert.match(await words(aisha, '/my'), /Find support/);
    assert.match(await words(priya, '/staff'), /Find support/);
  });

  test('a service closed for now says so; one closed for good, or no service, is not found', async () => {
    assert.match(await words(visitor, `/directory/services/${closedForNow}`), /This service is closed for now/);
    await words(visitor, `/directory/services/${defunct}`, 404);
    await words(visitor, '/directory/services/01a234a2-c5d3-72bb-aa8f-1ab21ad6380c', 404);
    await words(visitor, '/directory/services/not-an-id', 404);
  });

  test('the sign-in page links to finding support', async () => {
    const page = await visitor.get('/sign-in');
    assert.match(page.text, /href="\/directory">find support near you<\/a>/);
  });
});

describe(`Public search pages are limited per client, signed-in staff never (${testBackend()})`, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ publicRequestsPerMinute: 3 });
  });
  after(() => app.close());

  test('the fourth public request in a minute is refused; a practitioner goes on', async () => {
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    const visitor = new TestClient(app.baseUrl);
    for (let request = 1; request <= 3; request += 1) assert.equal((await visitor.get('/directory')).status, 200);
    const refused = await visitor.get('/directory?words=more');
    assert.equal(refused.status, 429);
    assert.match(visibleText(refused.text), /Too many requests/);
    for (let request = 1; request <= 5; request += 1) assert.equal((await priya.get('/directory')).status, 200);
  });
});
