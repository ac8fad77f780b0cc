import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isUkPostcode, normalisePostcode } from '../../src/modules/people/postcode.ts';

const letter = (allowed: string) => fc.constantFrom(...allowed.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
const FIRST = 'ABCDEFGHIJKLMNOPRSTUWYZ';
const SECOND = 'ABCDEFGHKLMNOPQRSTUVWXY';
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Postcodes in each of the six shapes, built only from letters allowed in each position. */
const validPostcode = fc
  .oneof(
    fc.tuple(letter(FIRST), digit).map((parts) => parts.join('')),
    fc.tuple(letter(FIRST), digit, digit).map((parts) => parts.join('')),
    fc.tuple(letter(FIRST), letter(SECOND), digit).map((parts) => parts.join('')),
    fc.tuple(letter(FIRST), letter(SECOND), digit, digit).map((parts) => parts.join('')),
    fc.tuple(letter(FIRST), digit, letter('ABCDEFGHJKPSTUW')).map((parts) => parts.join('')),
    fc.tuple(letter(FIRST), letter(SECOND), digit, letter('ABEHMNPRVWXY')).map((parts) => parts.join('')),
  )
  .chain((outward) =>
    fc.tuple(digit, letter(INWARD_LETTERS), letter(INWARD_LETTERS)).map((inward) => `${outward} ${inward.join('')}`),
  );

describe('UK postcode', () => {
  test('accepts real shapes, in any case and spacing, and tidies them', () => {
    assert.equal(normalisePostcode('nb2 4qt'), 'NB2 4QT');
    assert.equal(normalisePostcode('  SW1A1AA '), 'SW1A 1AA');
    assert.equal(normalisePostcode('EC1A  1BB'), 'EC1A 1BB');
    assert.equal(normalisePostcode('M1 1AE'), 'M1 1AE');
    assert.equal(normalisePostcode('B33 8TH'), 'B33 8TH');
    assert.equal(normalisePostcode('W1A 0AX'), 'W1A 0AX');
    assert.equal(normalisePostcode('gir 0aa'), 'GIR 0AA');
  });

  test('refuses what is not a postcode', () => {
    for (const typed of ['', 'NB2', '4QT', 'NB24 4QTT', '123 456', 'QB2 4QT', 'NB2 4QC', 'N1 OAA', 'hello', 'NB2-4QT'])
      assert.equal(isUkPostcode(typed), false, typed);
  });

  test('any generated postcode passes and comes back unchanged', () => {
    fc.assert(fc.property(validPostcode, (postcode) => assert.equal(normalisePostcode(postcode), postcode)));
  });

  test('never throws on any text', () => {
    fc.assert(fc.property(fc.string(), (typed) => assert.equal(typeof isUkPostcode(typed), 'boolean')));
  });
});
