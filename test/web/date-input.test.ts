import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isDateInputEmpty, parseDateInput, parseDateOfBirth, parseFutureDate } from '../../src/web/date-input.ts';

const TODAY = '2026-05-01';

describe('date input', () => {
  test('reads a date typed as numbers, with or without leading zeros and spaces', () => {
    assert.deepEqual(parseDateInput('14', '3', '1948'), { ok: true, date: '1948-03-14' });
    assert.deepEqual(parseDateInput(' 04 ', '03', ' 2001'), { ok: true, date: '2001-03-04' });
  });

  test('accepts month names and their first three letters', () => {
    assert.deepEqual(parseDateInput('1', 'March', '2020'), { ok: true, date: '2020-03-01' });
    assert.deepEqual(parseDateInput('1', 'sep', '2020'), { ok: true, date: '2020-09-01' });
    assert.deepEqual(parseDateInput('1', 'Sept', '2020'), { ok: true, date: '2020-09-01' });
    assert.equal(parseDateInput('1', 'Marc', '2020').ok, false);
  });

  test('says what is missing, and marks those boxes', () => {
    assert.deepEqual(parseDateInput('', '', '', 'Date of birth'), { ok: false, message: 'Enter date of birth', parts: ['day', 'month', 'year'] });
    assert.deepEqual(parseDateInput('1', '', '2000', 'Date of birth'), { ok: false, message: 'Date of birth must include a month', parts: ['month'] });
    assert.deepEqual(parseDateInput('', '', '2000', 'Date of birth'), { ok: false, message: 'Date of birth must include a day and month', parts: ['day', 'month'] });
  });

  test('refuses dates that do not exist', () => {
    for (const [day, month, year] of [['31', '4', '2020'], ['29', '2', '2023'], ['0', '1', '2020'], ['1', '13', '2020'], ['1', '0', '2020'], ['x', '1', '2020'], ['1.5', '1', '2020']]) {
      const result = parseDateInput(day!, month!, year!, 'Date of birth');
      assert.equal(result.ok, false, `${day}/${month}/${year}`);
      if (!result.ok) assert.equal(result.message, 'Date of birth must be a real date');
    }
    assert.deepEqual(parseDateInput('29', '2', '2024'), { ok: true, date: '2024-02-29' });
  });

  test('the year has four numbers', () => {
    assert.deepEqual(parseDateInput('1', '1', '48'), { ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
  });

  test('any real calendar date comes back as the same YYYY-MM-DD', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (moment) => {
        const iso = moment.toISOString().slice(0, 10);
        const [year, month, day] = iso.split('-');
        assert.deepEqual(parseDateInput(String(Number(day)), month!, year!), { ok: true, date: iso });
      }),
    );
  });

  test('never throws: any typed text gets a date or a message', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (day, month, year) => {
        const result = parseDateInput(day, month, year);
        if (result.ok) assert.match(result.date, /^\d{4}-\d{2}-\d{2}$/);
        else assert.ok(result.message.length > 0 && result.parts.length > 0);
      }),
    );
  });

  test('a date of birth is not in the future and not before 1900', () => {
    assert.deepEqual(parseDateOfBirth('1', '5', '2026', TODAY), { ok: true, date: '2026-05-01' });
    assert.equal(parseDateOfBirth('2', '5', '2026', TODAY).ok, false);
    assert.match(JSON.stringify(parseDateOfBirth('2', '5', '2026', TODAY)), /must be today or in the past/);
    assert.match(JSON.stringify(parseDateOfBirth('31', '12', '1899', TODAY)), /on or after 1 January 1900/);
    assert.deepEqual(parseDateOfBirth('1', '1', '1900', TODAY), { ok: true, date: '1900-01-01' });
  });

  test('a future date must be after today', () => {
    assert.match(JSON.stringify(parseFutureDate('1', '5', '2026', TODAY, 'The end date')), /The end date must be in the future/);
    assert.deepEqual(parseFutureDate('2', '5', '2026', TODAY, 'The end date'), { ok: true, date: '2026-05-02' });
  });

  test('knows when nothing was typed', () => {
    assert.equal(isDateInputEmpty(' ', '', ''), true);
    assert.equal(isDateInputEmpty('', '', '2'), false);
  });
});
