import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ValidateFunction } from 'ajv';
import { createDirectoryReference, createListingsService } from '../../src/modules/directory/index.ts';
import { seedDirectoryDemo } from '../../src/seed/directory-demo.ts';
import { startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { openApiPaths, responseValidator, schemaValidator, STANDARD_FOLDER } from '../support/open-referral.ts';

// The Open Referral UK read API, public and without an account: every answer is checked against the profile's
// OpenAPI document and JSON Schemas (the unchanged copy in test/standards), and bad parameters and unknown ids get
// JSON that says what is wrong.

const API = '/api/v1/directory';
const EXAMPLE_SERVICE = 'ac148810-d857-441c-9679-408f346de14b';
const EXAMPLE_PLACE = 'e94c9f38-1e8f-4564-91d4-d53501ab1765';
const EXAMPLE_ORGANISATION = 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610';
const EXAMPLE_TAXONOMY = '5c4d79d7-cc55-470e-9f1f-8cad074e4892';
const EXAMPLE_TERM = '3f7b145d-84af-42d7-8fae-eaca714b02b2';
const UNKNOWN = '00000000-0000-4000-a000-000000000999';

type Json = Record<string, unknown> & { contents?: Record<string, unknown>[] };

const valid = (validate: ValidateFunction, body: unknown, what: string) =>
  assert.ok(validate(body), `${what}: ${JSON.stringify(validate.errors?.slice(0, 5))}`);

describe(`the Open Referral UK read API (${testBackend()})`, () => {
  let app: TestApp;

  /** A request with no account, as any member of the public sends it. */
  const get = async (pathAndQuery: string) => {
    const response = await fetch(`${app.baseUrl}${API}${pathAndQuery}`);
    return { status: response.status, body: (await response.json()) as Json, headers: response.headers };
  };
  /** A 200 answer that the OpenAPI document's schema for `apiPath` passes. */
  const getValid = async (pathAndQuery: string, apiPath: string) => {
    const { status, body } = await get(pathAndQuery);
    assert.equal(status, 200, JSON.stringify(body));
    valid(responseValidator(apiPath), body, pathAndQuery);
    return body;
  };
  const assertBad = async (pathAndQuery: string, message: RegExp) => {
    const { status, body } = await get(pathAndQuery);
    assert.equal(status, 400, `${pathAndQuery}: ${JSON.stringify(body)}`);
    assert.match(String(body.code), /^CW_(VALIDATION|REFUSED)$/);
    assert.match(String(body.message), message, pathAndQuery);
  };

  before(async () => {
    app = await startTestApp({ publicRequestsPerMinute: 100_000 });
    await seedDirectoryDemo(app.db);
    // The standard's example service (its latitude put on the earth: see listings-import.test.ts), then its taxonomy.
    for (const file of ['service_full.json', 'taxonomy.json']) {
      const example = fs
        .readFileSync(path.join(STANDARD_FOLDER, 'examples', file), 'utf8')
        .replace('"latitude": 100', '"latitude": 52.1');
      const report = await createListingsService(createDirectoryReference(app.db)).import(
        { name: file, json: JSON.parse(example) },
        { skipInvalid: false, now: new Date() },
      );
      assert.equal(report.refused, false);
    }
  });
  after(() => app.close());

  test('every path of the OpenAPI document is served, and organisations too', async () => {
    assert.deepEqual(openApiPaths().sort(), [
      '/',
      '/service_at_locations',
      '/service_at_locations/{id}',
      '/services',
      '/services/{id}',
      '/taxonomies',
      '/taxonomies/{id}',
      '/taxonomy_terms',
      '/taxonomy_terms/{id}',
    ]);
    // The checks can fail: a page with a count that is not a number, or a service with no name, is refused.
    assert.equal(responseValidator('/services')({ total_items: 'many', contents: [] }), false);
    assert.equal(responseValidator('/services/{id}')({ id: EXAMPLE_SERVICE, status: 'active' }), false);
    const meta = await getValid('/', '/');
    assert.equal(meta.version, '3.0');
    assert.match(String(meta.openapi_url), /^https:\/\/.*openapi\.json$/);
  });

  test('/services pages the services found, with the Page fields', async () => {
    const all = await getValid('/services?per_page=100', '/services');
    assert.equal(all.total_items, 26);
    assert.equal(all.contents!.length, 26);
    assert.deepEqual(
      [all.page_number, all.total_pages, all.first_page, all.last_page, all.empty],
      [1, 1, true, true, false],
    );
    const second = await getValid('/services?page=2&per_page=5', '/services');
    assert.deepEqual(
      [second.total_items, second.total_pages, second.page_number, second.size, second.first_page, second.last_page],
      [26, 6, 2, 5, false, false],
    );
    const firstIds = new Set((await getValid('/services?per_page=5', '/services')).contents!.map((s) => s.id));
    assert.ok(second.contents!.every((service) => !firstIds.has(service.id)));
    // A list carries a service's own fields and its organisation, nothing nested further.
    const listed = all.contents!.find((service) => service.id === EXAMPLE_SERVICE)!;
    assert.equal((listed.organization as Json).name, 'Example Organization Inc.');
    assert.equal(listed.schedules, undefined);
    const beyond = await getValid('/services?page=9&per_page=5', '/services');
    assert.deepEqual([beyond.size, beyond.empty, beyond.last_page], [0, true, true]);
  });

  test('/services filters by words, need, taxonomy, age, day and time through the directory search', async () => {
    const yoga = await getValid('/services?search=yoga', '/services');
    assert.equal(yoga.contents![0]!.name, 'Chair Yoga for Beginners');
    const terms = (await getValid('/taxonomy_terms?per_page=100', '/taxonomy_terms')).contents!;
    const money = terms.find((term) => term.name === 'Money advice')!;
    const advice = await getValid(`/services?taxonomy_term_id=${String(money.id)}`, '/services');
    assert.deepEqual(advice.contents!.map((service) => service.name).sort(), [
      'Benefits and Bills Clinic',
      'Carers Advice Line Drop-in',
      'Community Pantry',
      'Money Confidence Course',
      'Online Safety Workshop',
    ]);
    const taxonomy = await getValid(`/services?taxonomy_id=${EXAMPLE_TAXONOMY}`, '/services');
    assert.deepEqual(
      taxonomy.contents!.map((service) => service.id),
      [EXAMPLE_SERVICE],
    );
    const young = await getValid('/services?maximum_age=17', '/services');
    assert.ok(young.contents!.some((service) => service.name === 'Young Carers Club'));
    const sunday = await getValid('/services?day=SU&start_time=10:00&end_time=11:00', '/services');
    assert.deepEqual(sunday.contents!.map((service) => service.name).sort(), [
      'Grow Your Own Allotment',
      'Walking Football',
    ]);
    const early = await getValid('/services?day=SU&start_time=09:00', '/services');
    assert.equal(early.total_items, 0);
  });

  test('/service_at_locations finds places near a postcode', async () => {
    const near = await getValid('/service_at_locations?postcode=ZZ1%201AA&proximity=1500', '/service_at_locations');
    assert.ok(near.contents!.length > 0 && near.contents!.length < 25);
    for (const place of near.contents!) {
      assert.equal((place.location as Json).location_type, 'physical');
      assert.ok((place.service as Json).name);
    }
    const everywhere = await getValid('/service_at_locations?per_page=100', '/service_at_locations');
    assert.equal(everywhere.contents!.length, 26);
  });

  test('each record by id is fully nested and passes its schema', async () => {
    const service = await getValid(`/services/${EXAMPLE_SERVICE}`, '/services/{id}');
    valid(schemaValidator('compiled/service.json'), service, 'service');
    assert.equal((service.service_at_locations as Json[])[0]!.id, EXAMPLE_PLACE);
    assert.equal(((service.attributes as Json[])[0]!.taxonomy_term as Json).id, EXAMPLE_TERM);
    assert.deepEqual((service.cost_options as Json[])[0]!.amount, 35);

    // The OpenAPI document names the service schema for a service at a location; what is served is a service at a
    // location, so it is checked against the standard's own schema for one.
    const { status, body: place } = await get(`/service_at_locations/${EXAMPLE_PLACE}`);
    assert.equal(status, 200);
    valid(schemaValidator('compiled/service_at_location.json'), place, 'service at location');
    assert.equal((place.service as Json).id, EXAMPLE_SERVICE);
    assert.equal((place.location as Json).name, 'MyCity Civic Center');

    const taxonomy = await getValid(`/taxonomies/${EXAMPLE_TAXONOMY}`, '/taxonomies/{id}');
    assert.equal(taxonomy.name, 'name');
    await getValid(`/taxonomy_terms/${EXAMPLE_TERM}`, '/taxonomy_terms/{id}');
    await getValid('/taxonomies', '/taxonomies');

    const organisation = await get(`/organizations/${EXAMPLE_ORGANISATION}`);
    assert.equal(organisation.status, 200);
    valid(schemaValidator('compiled/organization.json'), organisation.body, 'organization');
    assert.equal((organisation.body.services as Json[])[0]!.id, EXAMPLE_SERVICE);
    const organisations = await get('/organizations?per_page=3');
    assert.equal(organisations.status, 200);
    for (const item of organisations.body.contents!)
      valid(schemaValidator('compiled/organization_list.json'), item, 'organization');
    assert.equal(organisations.body.size, 3);
  });

  test('an unknown or malformed id is 404 JSON', async () => {
    for (const list of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms', 'organizations'])
      for (const id of [UNKNOWN, 'not-an-id']) {
        const { status, body } = await get(`/${list}/${id}`);
        assert.equal(status, 404, `${list}/${id}`);
        assert.equal(body.code, 'CW_NOT_FOUND');
      }
  });

  test('a bad parameter is 400 JSON naming it, and odd text never errors', async () => {
    await assertBad('/services?per_page=101', /per_page must be a whole number from 1 to 100/);
    await assertBad('/services?page=0', /page must be a whole number from 1/);
    await assertBad('/taxonomies?page=two', /page must be a whole number from 1/);
    await assertBad('/services?minimum_age=old', /minimum_age must be a whole number from 0 to 150/);
    await assertBad('/services?day=Monday', /day must be one of MO, TU, WE, TH, FR, SA, SU/);
    await assertBad('/services?start_time=9am', /start_time must be a time on the 24-hour clock/);
    await assertBad('/services?taxonomy_term_id=loneliness', /taxonomy_term_id must be an id/);
    await assertBad('/services?postcode=ZZ1%201AA', /postcode is not one this list takes/);
    await assertBad('/services?page=1&page=2', /Give the parameter page once/);
    await assertBad('/service_at_locations?proximity=500', /proximity needs a postcode/);
    await assertBad('/service_at_locations?postcode=nowhere', /postcode/i);
    await assertBad('/taxonomy_terms?search=x', /search is not one this list takes/);
    // A control character is refused before any search, as JSON like every other answer here.
    const hidden = await get('/services?search=a%00b');
    assert.deepEqual([hidden.status, hidden.body.code], [400, 'CW_HIDDEN_CHARACTER']);
    for (const words of ["'; drop table dir_service; --", '%%%', '(((', 'ünïcödé ✓', ' ']) {
      const { status } = await get(`/services?search=${encodeURIComponent(words)}`);
      assert.equal(status, 200, words);
    }
  });

  test('anyone may use it: the same answers signed in as staff, a person or not at all, and the public is rate-limited', async () => {
    const anonymous = await get(`/services/${EXAMPLE_SERVICE}`);
    assert.ok(anonymous.headers.get('x-ratelimit-limit'), 'public requests are counted');
    for (const email of ['priya.shah@council.example.org', 'aisha.khan@example.org']) {
      const client = new TestClient(app.baseUrl);
      await client.signIn(email, app.db);
      const page = await client.get(`${API}/services/${EXAMPLE_SERVICE}`);
      assert.equal(page.status, 200, email);
      assert.deepEqual(JSON.parse(page.text), anonymous.body);
    }
  });
});
