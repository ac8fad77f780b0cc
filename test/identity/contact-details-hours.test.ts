import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  daysInWords,
  parseTime,
  timeInWords,
  WORKING_DAYS,
  workingHoursInWords,
  type WorkingDay,
} from '../../src/modules/identity/working-hours.ts';
import { telHref, workContact } from '../../src/modules/identity/contact-details.ts';

describe('when a member of staff works, in words', () => {
  test('typed times read as the 24-hour clock', () => {
    const cases: [string, string | null][] = [
      ['9am', '09:00'],
      ['9 am', '09:00'],
      ['9.30am', '09:30'],
      ['5:30 PM', '17:30'],
      ['12pm', '12:00'],
      ['12am', '00:00'],
      ['09:00', '09:00'],
      ['17:30', '17:30'],
      ['0:05', '00:05'],
      ['9', null],
      ['13pm', null],
      ['0am', null],
      ['24:00', null],
      ['9:60', null],
      ['nine', null],
      ['', null],
    ];
    for (const [typed, expected] of cases) assert.equal(parseTime(typed), expected, typed);
  });

  test('times read as people say them', () => {
    assert.equal(timeInWords('09:00'), '9am');
    assert.equal(timeInWords('17:30'), '5:30pm');
    assert.equal(timeInWords('12:00'), 'midday');
    assert.equal(timeInWords('00:00'), 'midnight');
    assert.equal(timeInWords('00:30'), '12:30am');
    assert.equal(timeInWords('12:45'), '12:45pm');
  });

  test('any time on the clock reads back as itself from its words', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hours, minutes) => {
        const time = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
        const words = timeInWords(time);
        const typed = words === 'midday' ? '12pm' : words === 'midnight' ? '12am' : words;
        assert.equal(parseTime(typed), time);
        assert.equal(parseTime(time), time);
      }),
    );
  });

  test('three or more days in a row read as a range, others one by one, in week order', () => {
    assert.equal(daysInWords(['monday', 'tuesday', 'wednesday', 'thursday']), 'Monday to Thursday');
    assert.equal(daysInWords(['friday', 'monday', 'wednesday']), 'Monday, Wednesday and Friday');
    assert.equal(daysInWords(['monday', 'tuesday']), 'Monday and Tuesday');
    assert.equal(
      daysInWords(['monday', 'tuesday', 'wednesday', 'friday', 'saturday']),
      'Monday to Wednesday, Friday and Saturday',
    );
    assert.equal(daysInWords([...WORKING_DAYS]), 'Monday to Sunday');
    assert.equal(daysInWords(['sunday']), 'Sunday');
  });

  test('days and hours together, either alone, or nothing', () => {
    const weekdays: WorkingDay[] = ['monday', 'tuesday', 'wednesday', 'thursday'];
    assert.equal(workingHoursInWords(weekdays, '09:00', '17:00'), 'Monday to Thursday, 9am to 5pm');
    assert.equal(workingHoursInWords([], '08:30', '16:30'), '8:30am to 4:30pm');
    assert.equal(workingHoursInWords(['saturday'], null, null), 'Saturday');
    assert.equal(workingHoursInWords([], null, null), null);
  });

  test('a contact uses the sign-in email unless a work email is given, and dials digits only', () => {
    const row = {
      email: 'priya.shah@council.example.org',
      work_email: null,
      work_phone: '+44 113 496 0112',
      team: null,
      working_days: [] as WorkingDay[],
      working_from: null,
      working_until: null,
    };
    assert.deepEqual(workContact(row), {
      phone: '+44 113 496 0112',
      phoneHref: 'tel:+441134960112',
      email: 'priya.shah@council.example.org',
      team: null,
      hours: null,
    });
    assert.equal(workContact({ ...row, work_email: 'team@council.example.org' }).email, 'team@council.example.org');
    assert.equal(telHref('0113 496 0112'), 'tel:01134960112');
  });
});
