import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { daysInWords, londonNow, openingTimesInWords, timeInWords } from '../../src/modules/directory/opening-times.ts';
import { checkPostcodeRow, missingColumns } from '../../src/modules/directory/postcode-rows.ts';
import { milesAway } from '../../src/modules/directory/routes/search-form.ts';
import { agesInWords, costInWords } from '../../src/modules/directory/routes/service-page.ts';
import {
  displayPostcode,
  MAX_TEXT,
  normalisePostcode,
  outwardCode,
  searchWords,
} from '../../src/modules/directory/search-query.ts';

// The search's plain rules: opening times and distances in words, postcodes, typed words, rows of the postcode file.

describe('opening times in words', () => {
  test('times on the 12-hour clock, days as a reader says them', () => {
    assert.deepEqual(['09:00', '12:00', '13:30', '00:00', '23:59'].map(timeInWords), [
      '9am',
      '12pm',
      '1:30pm',
      '12am',
      '11:59pm',
    ]);
    assert.equal(daysInWords('MO,WE'), 'Mondays and Wednesdays');
    assert.equal(daysInWords('mo, tu ,FR'), 'Mondays, Tuesdays and Fridays');
    assert.equal(daysInWords('MO,TU,WE,TH,FR'), 'Monday to Friday');
    assert.equal(daysInWords('SU,SA,FR,TH,WE,TU,MO'), 'Every day');
    assert.equal(daysInWords('SA'), 'Saturdays');
    assert.equal(daysInWords('XX'), '');
  });

  test('one line an opening; its description when it has no days or hours', () => {
    assert.deepEqual(
      openingTimesInWords([
        { byday: 'MO,WE', opensAt: '09:00', closesAt: '12:00', description: null },
        { byday: null, opensAt: null, closesAt: null, description: 'First Tuesday of the month' },
        { byday: 'SA', opensAt: null, closesAt: null, description: null },
        { byday: null, opensAt: null, closesAt: null, description: null },
      ]),
      ['Mondays and Wednesdays, 9am to 12pm', 'First Tuesday of the month', 'Saturdays'],
    );
  });

  test('now in London, in winter and in summer time', () => {
    assert.deepEqual(londonNow(new Date('2026-12-07T09:05:00Z')), { day: 'MO', time: '09:05', date: '2026-12-07' });
    assert.deepEqual(londonNow(new Date('2026-06-06T23:30:00Z')), { day: 'SU', time: '00:30', date: '2026-06-07' });
  });
});

describe('postcodes and typed words', () => {
  test('a postcode is kept upper case without spaces; anything else is not a postcode', () => {
    assert.equal(normalisePostcode(' zz1  1aa '), 'ZZ11AA');
    assert.equal(normalisePostcode('ZZ11 1AA'), 'ZZ111AA');
    assert.equal(normalisePostcode('Z1 1AA'), 'Z11AA');
    for (const bad of ['', 'ZZ1', 'ZZ1 1A', '11 1AA', 'ZZ1 1AA1', "ZZ1'1AA", 'ZZ1 1AA; drop'])
      assert.equal(normalisePostcode(bad), undefined, bad);
    assert.equal(displayPostcode('ZZ11AA'), 'ZZ1 1AA');
    assert.equal(outwardCode('ZZ11AA'), 'ZZ1');
    assert.equal(outwardCode('Z11AA'), 'Z1');
  });

  test('typed words lose control characters and extra spaces, are cut to length, and nothing is nothing', () => {
    assert.equal(searchWords('  walking\u0000 \t group  '), 'walking group');
    assert.equal(searchWords('   '), undefined);
    assert.equal(searchWords(undefined), undefined);
    assert.equal(searchWords('x'.repeat(5000))!.length, MAX_TEXT);
  });
});

describe('a service in words', () => {
  test('distance in miles, ages and cost', () => {
    assert.equal(milesAway(null), undefined);
    assert.equal(milesAway(1.112), '0.7 miles away');
    assert.equal(milesAway(1.609344), '1 mile away');
    assert.equal(milesAway(0.05), 'Less than 0.1 miles away');
    assert.equal(milesAway(33.4), '21 miles away');
    assert.equal(agesInWords(18, null), 'For people aged 18 and over');
    assert.equal(agesInWords(11, 25), 'For people aged 11 to 25');
    assert.equal(agesInWords(null, 25), 'For people aged up to 25');
    assert.equal(agesInWords(0, null), undefined);
    assert.equal(agesInWords(null, null), undefined);
    assert.deepEqual(costInWords({ costs: [], feesDescription: null }), ['Free']);
    assert.deepEqual(
      costInWords({
        costs: [
          { option: 'Per session', amountPence: 500, description: null },
          { option: 'Carers', amountPence: 0, description: null },
        ],
        feesDescription: 'Ask about help with costs',
      }),
      ['Per session: £5.00', 'Ask about help with costs'],
    );
  });
});

describe('rows of the national postcode directory', () => {
  test('a row is a place, ended, without a location, or a problem naming its field', () => {
    assert.deepEqual(checkPostcodeRow({ pcds: 'ZZ1 1AA', lat: '52.5', long: '-1.25', doterm: '' }), {
      kind: 'place',
      postcode: 'ZZ11AA',
      latitude: 52.5,
      longitude: -1.25,
    });
    assert.deepEqual(checkPostcodeRow({ pcd: 'ZZ1  1AA', lat: '52.5', long: '-1.25', doterm: '' }).kind, 'place');
    assert.deepEqual(checkPostcodeRow({ pcds: 'ZZ1 1AA', lat: '52.5', long: '-1.25', doterm: '202001' }), {
      kind: 'ended',
    });
    assert.deepEqual(checkPostcodeRow({ pcds: 'ZZ1 1AA', lat: '99.999999', long: '0.000000', doterm: '' }), {
      kind: 'no location',
    });
    assert.deepEqual(checkPostcodeRow({ pcds: 'ZZ1 1AA', lat: '1e3', long: '0', doterm: '' }), {
      kind: 'problem',
      problem: 'lat "1e3" is not a latitude from -90 to 90',
    });
    assert.deepEqual(checkPostcodeRow({ pcds: 'ZZ1 1AA', lat: '52', long: '', doterm: '' }), {
      kind: 'problem',
      problem: 'long "" is not a longitude from -180 to 180',
    });
    assert.deepEqual(checkPostcodeRow({ pcd: 'nope', lat: '52', long: '1', doterm: '' }), {
      kind: 'problem',
      problem: 'pcd "nope" is not a postcode',
    });
    assert.deepEqual(missingColumns(['pcd', 'lat', 'long', 'doterm']), []);
    assert.deepEqual(missingColumns(['pcds', 'lat']), ['long', 'doterm']);
  });
});
