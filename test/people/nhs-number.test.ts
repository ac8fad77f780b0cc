import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit } from '../../src/modules/people/nhs-number.ts';

/** Any nine digits that have a check digit, completed with it: every valid NHS number can be made this way. */
const validNhsNumber = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((digits) => digits.join(''))
  .filter((firstNine) => nhsCheckDigit(firstNine) !== undefined)
  .map((firstNine) => `${firstNine}${nhsCheckDigit(firstNine)}`);

describe('NHS number', () => {
  test('the demo numbers and a published test number pass', () => {
    for (const number of ['9990000018', '9990000026', '9990000034', '9434765919', '943 476 5919', '943-476-5919'])
      assert.ok(isValidNhsNumber(number), number);
  });

  test('wrong length, letters and empty input fail', () => {
    for (const number of ['', '999000001', '99900000188', '99900000I8', 'abcdefghij', '9990000019'])
      assert.equal(isValidNhsNumber(number), false, number);
  });

  test('nine digits whose check would be 10 have no valid number', () => {
    // 1,2,3,...: total 10+18+24+28+30+30+28+24+18 = 210, 210 mod 11 = 1, 11 - 1 = 10.
    assert.equal(nhsCheckDigit('123456789'), undefined);
    for (let last = 0; last <= 9; last += 1) assert.equal(isValidNhsNumber(`123456789${last}`), false);
  });

  test('any generated valid number passes, typed with or without spaces', () => {
    fc.assert(
      fc.property(validNhsNumber, (number) => {
        assert.ok(isValidNhsNumber(number));
        assert.ok(isValidNhsNumber(formatNhsNumber(number)));
      }),
    );
  });

  test('changing any one digit of a valid number makes it fail', () => {
    fc.assert(
      fc.property(
        validNhsNumber,
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        (number, position, shift) => {
          const changed = (Number(number[position]) + shift) % 10;
          const typo = `${number.slice(0, position)}${changed}${number.slice(position + 1)}`;
          assert.equal(isValidNhsNumber(typo), false, `${number} → ${typo}`);
        },
      ),
    );
  });

  test('swapping two different neighbouring digits makes it fail', () => {
    fc.assert(
      fc.property(validNhsNumber, fc.integer({ min: 0, max: 8 }), (number, position) => {
        fc.pre(number[position] !== number[position + 1]);
        const swapped = `${number.slice(0, position)}${number[position + 1]}${number[position]}${number.slice(position + 2)}`;
        assert.equal(isValidNhsNumber(swapped), false, `${number} → ${swapped}`);
      }),
    );
  });

  test('is shown in groups of 3, 3 and 4', () => {
    assert.equal(formatNhsNumber('9990000018'), '999 000 0018');
    assert.equal(formatNhsNumber(null), '');
  });
});
