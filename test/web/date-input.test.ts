import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import { dateBoxes, dateField, dateInputView, withDateFields } from '../../src/web/date-field.ts';
import {
  bornBy,
  DATE_PARTS,
  dateOfBirthInput,
  inFuture,
  notInPast,
  parseDateInput,
  withinAYear,
  type DateInput,
  type DatePart,
} from '../../src/web/date-input.ts';
import { checkForm } from '../../src/web/forms.ts';

const TODAY = '2026-05-01';
const THE_DATE: DateInput = { label: 'The date' };

/** What parseDateInput says about three typed boxes. */
const parse = (day: string, month: string, year: string, input: DateInput = THE_DATE) =>
  parseDateInput({ day, month, year }, input);

describe('date input', () => {
  test('reads a date typed as numbers, with or without leading zeros and spaces', () => {
    assert.deepEqual(parse('14', '3', '1948'), { ok: true, date: '1948-03-14' });
    assert.deepEqual(parse(' 04 ', '03', ' 2001'), { ok: true, date: '2001-03-04' });
  });

  test('accepts month names and their first three letters', () => {
    assert.deepEqual(parse('1', 'March', '2020'), { ok: true, date: '2020-03-01' });
    assert.deepEqual(parse('1', 'sep', '2020'), { ok: true, date: '2020-09-01' });
    assert.deepEqual(parse('1', 'Sept', '2020'), { ok: true, date: '2020-09-01' });
    assert.deepEqual(parse('21', 'NOV', '1937'), { ok: true, date: '1937-11-21' });
    assert.deepEqual(parse('31', ' december ', '1999'), { ok: true, date: '1999-12-31' });
    assert.equal(parse('1', 'Marc', '2020').ok, false);
    assert.deepEqual(parse('1', 'Nox', '2020', { label: 'Date of birth' }), {
      ok: false,
      message: 'Date of birth must be a real date',
      parts: ['month'],
    });
    assert.deepEqual(parse('30', 'Feb', '2020'), {
      ok: false,
      message: 'The date must be a real date',
      parts: ['day'],
    });
  });

  test('all boxes empty: "Enter ..." for a required date, or the form\'s own message', () => {
    assert.deepEqual(parse('', '', '', { label: 'Date of birth' }), {
      ok: false,
      message: 'Enter date of birth',
      parts: ['day', 'month', 'year'],
    });
    assert.deepEqual(
      parse(' ', ' ', '', { label: 'The date they joined', missing: 'Enter the date they joined the care team' }),
      {
        ok: false,
        message: 'Enter the date they joined the care team',
        parts: ['day', 'month', 'year'],
      },
    );
  });

  test('an optional date left empty is no date (null); partly typed is still checked', () => {
    const optional: DateInput = { label: 'The date sharing stops', optional: true, check: notInPast(TODAY) };
    assert.deepEqual(parse('', '', '', optional), { ok: true, date: null });
    assert.deepEqual(parse(' ', '', '', optional), { ok: true, date: null });
    assert.deepEqual(parse('', '', '2', optional), {
      ok: false,
      message: 'The date sharing stops must include a day and month',
      parts: ['day', 'month'],
    });
    assert.deepEqual(parse('1', '1', '2020', optional), {
      ok: false,
      message: 'The date sharing stops must be today or in the future',
      parts: ['day', 'month', 'year'],
    });
  });

  test('says what is missing, and marks those boxes', () => {
    assert.deepEqual(parse('', '', '', { label: 'Date of birth' }), {
      ok: false,
      message: 'Enter date of birth',
      parts: ['day', 'month', 'year'],
    });
    assert.deepEqual(parse('1', '', '2000', { label: 'Date of birth' }), {
      ok: false,
      message: 'Date of birth must include a month',
      parts: ['month'],
    });
    assert.deepEqual(parse('', '3', '2000', { label: 'Date of birth' }), {
      ok: false,
      message: 'Date of birth must include a day',
      parts: ['day'],
    });
    assert.deepEqual(parse('1', '3', ' ', { label: 'Date of birth' }), {
      ok: false,
      message: 'Date of birth must include a year',
      parts: ['year'],
    });
    assert.deepEqual(parse('', '', '2000', { label: 'Date of birth' }), {
      ok: false,
      message: 'Date of birth must include a day and month',
      parts: ['day', 'month'],
    });
    assert.deepEqual(parse('3', '', '', { label: 'The date sharing stops' }), {
      ok: false,
      message: 'The date sharing stops must include a month and year',
      parts: ['month', 'year'],
    });
    assert.deepEqual(parse('', '3', '', THE_DATE), {
      ok: false,
      message: 'The date must include a day and year',
      parts: ['day', 'year'],
    });
  });

  test('refuses dates that do not exist', () => {
    for (const [day, month, year] of [
      ['31', '4', '2020'],
      ['29', '2', '2023'],
      ['0', '1', '2020'],
      ['1', '13', '2020'],
      ['1', '0', '2020'],
      ['x', '1', '2020'],
      ['1.5', '1', '2020'],
    ]) {
      const result = parse(day!, month!, year!, { label: 'Date of birth' });
      assert.equal(result.ok, false, `${day}/${month}/${year}`);
      if (!result.ok) assert.equal(result.message, 'Date of birth must be a real date');
    }
    assert.deepEqual(parse('29', '2', '2024'), { ok: true, date: '2024-02-29' });
  });

  test('31 February is not a real date, and only the day is marked', () => {
    assert.deepEqual(parse('31', '2', '2030'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
    assert.deepEqual(parse('30', '02', '2024'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
  });

  test('29 February only in a leap year, century years included', () => {
    assert.deepEqual(parse('29', '2', '2024'), { ok: true, date: '2024-02-29' });
    assert.deepEqual(parse('29', '2', '2000'), { ok: true, date: '2000-02-29' });
    assert.deepEqual(parse('29', 'February', '1600'), { ok: true, date: '1600-02-29' });
    assert.deepEqual(parse('29', '2', '2023'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
    assert.deepEqual(parse('29', '2', '1900'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
    assert.deepEqual(parse('29', '2', '2100'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
  });

  test('boxes that are not numbers (or month names) are marked, all of them', () => {
    assert.deepEqual(parse('x', '1', '2020'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
    assert.deepEqual(parse('1', '1st', '2020'), {
      ok: false,
      message: 'The date must be a real date',
      parts: ['month'],
    });
    assert.deepEqual(parse('1', '1', 'abcd'), { ok: false, message: 'The date must be a real date', parts: ['year'] });
    assert.deepEqual(parse('-1', '1', '2020'), { ok: false, message: 'The date must be a real date', parts: ['day'] });
    assert.deepEqual(parse('one', 'two', '2020'), {
      ok: false,
      message: 'The date must be a real date',
      parts: ['day', 'month'],
    });
    assert.deepEqual(parse('1', 'x', '20'), {
      ok: false,
      message: 'The date must be a real date',
      parts: ['month', 'year'],
    });
    assert.deepEqual(
      parse('١', '1', '2020'),
      { ok: false, message: 'The date must be a real date', parts: ['day'] },
      'only the digits 0 to 9',
    );
  });

  test('the year has four numbers', () => {
    assert.deepEqual(parse('1', '1', '48'), { ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
    assert.deepEqual(parse('1', '1', '19480'), { ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
    assert.deepEqual(parse('1', 'Jan', '2'), { ok: false, message: 'Year must include 4 numbers', parts: ['year'] });
  });

  test('any real calendar date comes back as the same YYYY-MM-DD', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        (moment) => {
          const iso = moment.toISOString().slice(0, 10);
          const [year, month, day] = iso.split('-');
          assert.deepEqual(parse(String(Number(day)), month!, year!), { ok: true, date: iso });
        },
      ),
    );
  });

  test('a saved date put back in the boxes reads as the same date', () => {
    assert.deepEqual(dateBoxes('when', '2024-03-05'), { 'when-day': '5', 'when-month': '3', 'when-year': '2024' });
    assert.deepEqual(dateBoxes('when', null), {});
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }),
        (moment) => {
          const iso = moment.toISOString().slice(0, 10);
          const boxes = dateBoxes('when', iso);
          assert.deepEqual(parse(boxes['when-day']!, boxes['when-month']!, boxes['when-year']!), {
            ok: true,
            date: iso,
          });
        },
      ),
    );
  });
});

describe('date input checks', () => {
  test('a date of birth is not in the future and not before 1900', () => {
    const dateOfBirth = dateOfBirthInput(TODAY);
    assert.deepEqual(parse('1', '5', '2026', dateOfBirth), { ok: true, date: '2026-05-01' });
    assert.equal(parse('2', '5', '2026', dateOfBirth).ok, false);
    assert.match(JSON.stringify(parse('2', '5', '2026', dateOfBirth)), /must be today or in the past/);
    assert.match(JSON.stringify(parse('31', '12', '1899', dateOfBirth)), /on or after 1 January 1900/);
    assert.deepEqual(parse('1', '1', '1900', dateOfBirth), { ok: true, date: '1900-01-01' });
  });

  test('a date of birth says which box is wrong: all of them for the future, the year for before 1900', () => {
    assert.deepEqual(parse('2', '5', '2026', dateOfBirthInput(TODAY)), {
      ok: false,
      message: 'Date of birth must be today or in the past',
      parts: ['day', 'month', 'year'],
    });
    assert.deepEqual(parse('1', '1', '1889', dateOfBirthInput(TODAY)), {
      ok: false,
      message: 'Date of birth must be on or after 1 January 1900',
      parts: ['year'],
    });
    assert.deepEqual(parse('', '', '', dateOfBirthInput(TODAY)), {
      ok: false,
      message: 'Enter date of birth',
      parts: ['day', 'month', 'year'],
    });
    assert.deepEqual(parse('', '', '', dateOfBirthInput(TODAY, 'Enter their date of birth')), {
      ok: false,
      message: 'Enter their date of birth',
      parts: ['day', 'month', 'year'],
    });
    assert.deepEqual(parse('29', '2', '2024', { label: 'Born', check: bornBy(TODAY) }), {
      ok: true,
      date: '2024-02-29',
    });
  });

  test('a future date must be after today', () => {
    assert.match(
      JSON.stringify(parse('1', '5', '2026', { label: 'The end date', check: inFuture(TODAY) })),
      /The end date must be in the future/,
    );
    assert.deepEqual(parse('2', '5', '2026', { label: 'The end date', check: inFuture(TODAY) }), {
      ok: true,
      date: '2026-05-02',
    });
  });

  test('not in the past allows today', () => {
    const input: DateInput = { label: 'The review date', check: notInPast(TODAY) };
    assert.deepEqual(parse('1', '5', '2026', input), { ok: true, date: '2026-05-01' });
    assert.deepEqual(parse('30', 'April', '2026', input), {
      ok: false,
      message: 'The review date must be today or in the future',
      parts: ['day', 'month', 'year'],
    });
  });

  test('within a year either way', () => {
    const input: DateInput = { label: 'The date they joined', check: withinAYear(TODAY) };
    assert.deepEqual(parse('1', '5', '2025', input), { ok: true, date: '2025-05-01' });
    assert.deepEqual(parse('1', '5', '2027', input), { ok: true, date: '2027-05-01' });
    assert.deepEqual(parse('30', '4', '2025', input), {
      ok: false,
      message: 'The date they joined must be within the last year',
      parts: ['day', 'month', 'year'],
    });
    assert.deepEqual(parse('2', '5', '2027', input), {
      ok: false,
      message: 'The date they joined must be within the next year',
      parts: ['day', 'month', 'year'],
    });
  });

  test('a check runs only on a real date, after the rules for the boxes', () => {
    let called = 0;
    const input: DateInput = { label: 'The date', check: () => ((called += 1), 'never') };
    assert.equal(parse('31', '2', '2030', input).ok, false);
    assert.equal(parse('1', '', '2030', input).ok, false);
    assert.equal(parse('1', '1', '30', input).ok, false);
    assert.equal(called, 0);
    assert.deepEqual(parse('1', '1', '2030', input), { ok: false, message: 'never', parts: ['day', 'month', 'year'] });
  });
});

describe('date field in a form', () => {
  const form = (today: string) =>
    withDateFields(
      ['when', 'dob'],
      z.object({
        name: z.string().default('').pipe(z.string().min(1, 'Enter a name')),
        when: dateField({ label: 'The date it starts', optional: true, check: notInPast(today) }),
        dob: dateField(dateOfBirthInput(today)),
      }),
    );

  /** Checks the form, then builds both date inputs' views as the page would. */
  const submit = (body: Record<string, string>) => {
    const result = checkForm(form(TODAY), body);
    if (result.ok) return { result, views: undefined };
    const views = {
      when: dateInputView('when', result.values, result.errors, {
        label: 'The date it starts',
        optional: true,
        check: notInPast(TODAY),
      }),
      dob: dateInputView('dob', result.values, result.errors, dateOfBirthInput(TODAY)),
    };
    return { result, views };
  };
  const marked = (view: { items: { name: DatePart; error: boolean }[] }) =>
    view.items.filter((item) => item.error).map((item) => item.name);

  test('a good form gives the dates as YYYY-MM-DD, and null for an optional one left empty', () => {
    const { result } = submit({ name: 'A', 'dob-day': '14', 'dob-month': 'Mar', 'dob-year': '1948' });
    assert.deepEqual(result, { ok: true, data: { name: 'A', when: null, dob: '1948-03-14' } });
    const both = submit({
      name: 'A',
      'when-day': '1',
      'when-month': '5',
      'when-year': '2026',
      'dob-day': '14',
      'dob-month': '3',
      'dob-year': '1948',
    });
    assert.deepEqual(both.result, { ok: true, data: { name: 'A', when: '2026-05-01', dob: '1948-03-14' } });
  });

  test('messages sit in the summary in page order, each linking to the first box in error', () => {
    const { result, views } = submit({
      'when-day': '3',
      'when-month': '',
      'when-year': '',
      'dob-day': '1',
      'dob-month': '1',
      'dob-year': '1899',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.list, [
      { text: 'Enter a name', href: '#name' },
      { text: 'The date it starts must include a month and year', href: '#when-month' },
      { text: 'Date of birth must be on or after 1 January 1900', href: '#dob-year' },
    ]);
    assert.deepEqual(result.errors.byField.when, { text: 'The date it starts must include a month and year' });
    assert.deepEqual(marked(views!.when), ['month', 'year']);
    assert.deepEqual(marked(views!.dob), ['year']);
  });

  test('a problem with the whole date marks every box and links to the day', () => {
    const { result, views } = submit({
      name: 'A',
      'when-day': '1',
      'when-month': '1',
      'when-year': '2020',
      'dob-day': '31',
      'dob-month': '2',
      'dob-year': '1950',
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.list, [
      { text: 'The date it starts must be today or in the future', href: '#when-day' },
      { text: 'Date of birth must be a real date', href: '#dob-day' },
    ]);
    assert.deepEqual(marked(views!.when), ['day', 'month', 'year']);
    assert.deepEqual(marked(views!.dob), ['day']);
  });

  test('the view shows what was typed, and marks nothing for a date without a problem', () => {
    const { result, views } = submit({
      'when-day': ' 2 ',
      'when-month': 'June',
      'when-year': '2026',
      'dob-day': '',
      'dob-month': '',
      'dob-year': '',
    });
    assert.equal(result.ok, false);
    assert.deepEqual(views!.when, {
      values: { day: ' 2 ', month: 'June', year: '2026' },
      items: DATE_PARTS.map((name) => ({ name, error: false })),
    });
    assert.deepEqual(marked(views!.dob), ['day', 'month', 'year']);
    assert.deepEqual(
      dateInputView('when', { 'when-day': ['1', '2'] }, undefined, THE_DATE).values,
      { day: '', month: '', year: '' },
      'anything but text is nothing typed',
    );
  });
});

describe('date input never throws', () => {
  const typedBox = fc.oneof(
    fc.string(),
    fc.integer({ min: -5, max: 10_050 }).map(String),
    fc.constantFrom('', ' ', 'Feb', 'february', 'Sept', 'sep', '02', '0', '00', '29', '31', '1900', '2024', '٣'),
  );
  const inputs: DateInput[] = [
    THE_DATE,
    { label: 'The date', optional: true },
    { label: 'The review date', optional: true, check: notInPast(TODAY) },
    { label: 'The date they joined', missing: 'Enter the date they joined', check: withinAYear(TODAY) },
    dateOfBirthInput(TODAY),
  ];

  test('any strings typed into the boxes give a real date (or null when optional) or a message, never a throw', () => {
    fc.assert(
      fc.property(typedBox, typedBox, typedBox, fc.constantFrom(...inputs), (day, month, year, input) => {
        const result = parseDateInput({ day, month, year }, input);
        if (result.ok) {
          if (result.date === null) {
            assert.ok(input.optional, 'only an optional date may be no date');
            assert.equal(`${day}${month}${year}`.trim(), '');
          } else {
            assert.match(result.date, /^\d{4}-\d{2}-\d{2}$/);
            assert.equal(
              new Date(`${result.date}T00:00:00Z`).toISOString().slice(0, 10),
              result.date,
              'a real calendar date',
            );
          }
        } else {
          assert.ok(result.message.length > 0);
          assert.ok(result.parts.length > 0 && result.parts.every((part) => DATE_PARTS.includes(part)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('a form with any typed boxes gives a date or a message with a link to a marked box', () => {
    const schema = withDateFields(['when'], z.object({ when: dateField(THE_DATE) }));
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('when-day', 'when-month', 'when-year', 'other'),
          fc.oneof(typedBox, fc.array(fc.string()), fc.integer()),
        ),
        (body) => {
          const result = checkForm(schema, body);
          if (result.ok) return;
          const view = dateInputView('when', result.values, result.errors, THE_DATE);
          const first = view.items.find((item) => item.error);
          assert.ok(first);
          assert.equal(result.errors.list[0]?.href, `#when-${first.name}`);
        },
      ),
    );
  });
});
