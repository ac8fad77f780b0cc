import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, daysBetween } from '../src/dates.ts';

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
