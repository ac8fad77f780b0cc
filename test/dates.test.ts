import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, daysBetween, formatUkDate } from '../src/dates.ts';

test('addDays moves a date on the calendar, across months, years and leap days', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2023-02-28', 1), '2023-03-01');
  assert.equal(addDays('2026-01-01', -1), '2025-12-31');
  assert.equal(addDays('2026-03-29', 1), '2026-03-30', 'the clocks changing in the UK makes no difference');
  assert.equal(addDays('2026-05-01', 365), '2027-05-01');
  assert.equal(addDays('2026-05-01', 0), '2026-05-01');
});

test('daysBetween counts the days from one date to another', () => {
  assert.equal(daysBetween('2026-05-01', '2026-05-29'), 28);
  assert.equal(daysBetween('2026-05-29', '2026-05-01'), -28);
  assert.equal(daysBetween('2024-02-28', '2024-03-01'), 2);
});

test('adding days and counting them agree', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.integer({ min: -20_000, max: 20_000 }),
      (moment, days) => {
        const date = moment.toISOString().slice(0, 10);
        assert.equal(daysBetween(date, addDays(date, days)), days);
        assert.equal(addDays(addDays(date, days), -days), date);
      },
    ),
  );
});

test('formatUkDate names a calendar date as the UK formatter does, for any day, and says nothing for a non-date', () => {
  const uk = new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1850-01-01'), max: new Date('2150-12-31'), noInvalidDate: true }),
      (moment) => {
        const date = moment.toISOString().slice(0, 10);
        assert.equal(formatUkDate(date), uk.format(new Date(`${date}T12:00:00Z`)));
      },
    ),
  );
  assert.equal(formatUkDate('2024-02-29'), '29 February 2024');
  assert.equal(formatUkDate('2026-03-29T23:30:00Z'), '29 March 2026', 'a date and time is named by its date');
  assert.equal(formatUkDate(new Date('2026-03-29T23:30:00Z')), '30 March 2026', 'a moment is named in UK time');
  for (const nonsense of ['', 'someday', '2026-13-01', null, undefined]) assert.equal(formatUkDate(nonsense), '');
});
