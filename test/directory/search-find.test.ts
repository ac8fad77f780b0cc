import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isRefusal } from '../../src/errors.ts';
import type { ServiceQuery } from '../../src/modules/directory/search-service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addListing, addPostcode, addTerm } from '../support/directory-builder.ts';
import { carersCounselling, HOME_POSTCODE } from '../support/search-listings.ts';

// The search contract the pages and the Open Referral UK API share: `directory.search.find`.
describe(`Finding services in the directory (${testBackend()})`, () => {
  let app: TestApp;
  let counselling: string;
  let walking: string;
  const find = (query: Partial<ServiceQuery>, now?: Date) =>
    app.services.directory.search.find({ page: 1, perPage: 20, byStaff: false, ...query }, now);
  const names = async (query: Partial<ServiceQuery>, now?: Date) =>
    (await find(query, now)).services.map((service) => service.name);
  const searchRows = () => app.db.selectFrom('directory_search').selectAll().orderBy('id').execute();

  before(async () => {
    app = await startTestApp({ publicRequestsPerMinute: 100_000 });
    counselling = await addTerm(app.db, 'Counselling');
    walking = await addTerm(app.db, 'Walking groups');
    await addPostcode(app.db, HOME_POSTCODE.postcode, HOME_POSTCODE.latitude, HOME_POSTCODE.longitude);
    await addPostcode(app.db, 'ZZ9 9ZZ', 55.0, -3.0);
    await addListing(app.db, carersCounselling([counselling]));
    await addListing(app.db, {
      name: 'Young people counselling',
      needs: [counselling],
      latitude: 52.05,
      longitude: -1.0,
      minimumAge: 11,
      maximumAge: 25,
      costPence: 500,
      schedule: { byday: 'SA', opensAt: '10:00', closesAt: '16:00' },
    });
    await addListing(app.db, {
      name: 'Riverside walking group',
      description: 'A gentle walk and a cup of tea.',
      needs: [walking],
      latitude: 52.3,
      longitude: -1.0,
    });
    await addListing(app.db, { name: 'Counselling drop-in', needs: [counselling], status: 'temporarily closed' });
  });
  after(() => app.close());

  test('by need, only active services, with what a card shows', async () => {
    const found = await find({ termIds: [counselling] });
    assert.equal(found.total, 2);
    assert.deepEqual(found.services.map((service) => service.name).toSorted(), [
      'Counselling for carers',
      'Young people counselling',
    ]);
    const carers = found.services.find((service) => service.name === 'Counselling for carers')!;
    assert.equal(carers.organisationName, 'Counselling for carers group');
    assert.equal(carers.free, true);
    assert.equal(carers.assuredDate, '2026-03-03');
    assert.deepEqual(carers.address, { line: '1 Synthetic Street', city: 'Testford', postcode: 'ZZ1 1AB' });
    assert.deepEqual(carers.openingTimes, ['Mondays and Wednesdays, 9am to 12pm']);
    assert.equal(carers.distanceKm, null);
  });

  test('by words, with typos', async () => {
    assert.deepEqual(await names({ text: 'walkng' }), ['Riverside walking group']);
    assert.deepEqual((await names({ text: 'counciling' })).toSorted(), [
      'Counselling for carers',
      'Young people counselling',
    ]);
    assert.deepEqual(await names({ text: 'cup of tea' }), ['Riverside walking group']);
  });

  test('by distance: nearest first, outside the radius left out, exact kilometres', async () => {
    const found = await find({ postcode: 'zz1 1aa', withinKm: 10 });
    assert.deepEqual(
      found.services.map((service) => service.name),
      ['Counselling for carers', 'Young people counselling'],
    );
    assert.ok(Math.abs(found.services[0]!.distanceKm! - 1.112) < 0.01, String(found.services[0]!.distanceKm));
    assert.ok(Math.abs(found.services[1]!.distanceKm! - 5.56) < 0.01, String(found.services[1]!.distanceKm));
    assert.deepEqual(await names({ postcode: 'ZZ1 1AA', withinKm: 5 }), ['Counselling for carers']);
    assert.deepEqual(await names({ postcode: 'ZZ1 1AA', withinKm: 40 }), [
      'Counselling for carers',
      'Young people counselling',
      'Riverside walking group',
    ]);
    assert.deepEqual(await names({ postcode: 'ZZ9 9ZZ', withinKm: 10 }), []);
  });

  test('by day and time, and open now in London time', async () => {
    assert.deepEqual(await names({ day: 'WE' }), ['Counselling for carers']);
    assert.deepEqual(await names({ day: 'WE', startTime: '11:30' }), ['Counselling for carers']);
    assert.deepEqual(await names({ day: 'WE', startTime: '12:00' }), []);
    assert.deepEqual(await names({ day: 'SA', startTime: '10:00', endTime: '16:00' }), ['Young people counselling']);
    // Saturday 6 June 2026, 10:30 in London is 09:30 UTC (summer time).
    assert.deepEqual(await names({ openNow: true }, new Date('2026-06-06T09:30:00Z')), ['Young people counselling']);
    assert.deepEqual(await names({ openNow: true }, new Date('2026-06-06T08:30:00Z')), []);
    // Monday 7 December 2026, 9:00 in London is 09:00 UTC.
    assert.deepEqual(await names({ openNow: true }, new Date('2026-12-07T09:00:00Z')), ['Counselling for carers']);
  });

  test('by age, cost, language and step-free access', async () => {
    assert.deepEqual(await names({ age: 14 }), ['Riverside walking group', 'Young people counselling']);
    assert.deepEqual(await names({ age: 40, termIds: [counselling] }), ['Counselling for carers']);
    assert.deepEqual(await names({ free: true, termIds: [counselling] }), ['Counselling for carers']);
    assert.deepEqual(await names({ free: false }), ['Young people counselling']);
    assert.deepEqual(await names({ language: 'urdu' }), ['Counselling for carers']);
    assert.deepEqual(await names({ accessibility: 'step free' }), ['Counselling for carers']);
    assert.deepEqual(await names({ minimumAge: 30, maximumAge: 40, termIds: [counselling] }), [
      'Counselling for carers',
    ]);
  });

  test('paging counts every match', async () => {
    const first = await find({ perPage: 2, page: 1 });
    const second = await find({ perPage: 2, page: 2 });
    const past = await find({ perPage: 2, page: 9 });
    assert.equal(first.total, 3);
    assert.equal(second.total, 3);
    assert.equal(past.total, 3);
    assert.equal(first.services.length, 2);
    assert.equal(second.services.length, 1);
    assert.equal(past.services.length, 0);
    assert.ok(!first.services.some((service) => service.id === second.services[0]!.id));
  });

  test('odd characters, quotes, operators, long and empty input never fail', async () => {
    for (const text of [
      '',
      '   ',
      '"',
      "'",
      '&|!:*()',
      '!!!',
      'a & | b',
      '<script>',
      '\\',
      '%_',
      'x'.repeat(5000),
      'café ☕',
    ])
      await find({ text });
    assert.equal((await find({ text: '  ' })).total, 3);
    assert.deepEqual(await names({ text: '"cup of tea"' }), ['Riverside walking group']);
    assert.deepEqual(await names({ text: 'walking OR counselling', termIds: [walking] }), ['Riverside walking group']);
  });

  test('an unknown postcode or a value out of range is refused with what to fix, and not logged', async () => {
    const before = (await searchRows()).length;
    const refusals: [Partial<ServiceQuery>, RegExp][] = [
      [{ postcode: 'ZZ5 5ZZ' }, /could not find the postcode ZZ5 5ZZ/],
      [{ postcode: 'not a postcode' }, /full postcode/],
      [{ age: -1 }, /age must be a whole number/],
      [{ age: 2.5 }, /age must be a whole number/],
      [{ minimumAge: 40, maximumAge: 30 }, /minimum age must not be more/],
      [{ withinKm: 0, postcode: 'ZZ1 1AA' }, /distance/],
      [{ withinKm: 5 }, /postcode/],
      [{ perPage: 1000 }, /results a page/],
      [{ page: 0 }, /page/],
      [{ termIds: ['nope'] }, /need/],
      [{ startTime: '25:00', day: 'MO' }, /24-hour/],
    ];
    for (const [query, message] of refusals)
      await assert.rejects(find(query), (error) => isRefusal(error, 'CW_REFUSED') && message.test(error.message));
    assert.equal((await searchRows()).length, before);
  });

  test('each search is logged by area and need, naming nobody', async () => {
    await find({ postcode: 'zz1 1aa', withinKm: 10, termIds: [counselling], text: 'talk', byStaff: true });
    const row = (await searchRows()).at(-1)!;
    assert.equal(row.area, 'ZZ1');
    assert.equal(row.taxonomy_term_id, counselling);
    assert.equal(row.had_text, true);
    assert.equal(row.results, 1);
    assert.equal(row.by_staff, true);
    await find({ termIds: [counselling, walking] });
    const both = (await searchRows()).at(-1)!;
    assert.equal(both.area, null);
    assert.equal(both.taxonomy_term_id, null);
    assert.equal(both.had_text, false);
    assert.equal(both.results, 3);
    assert.equal(both.by_staff, false);
  });
});
