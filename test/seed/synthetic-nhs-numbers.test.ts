import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { isValidNhsNumber, nhsCheckDigit } from '../../src/modules/people/index.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { seedSyntheticPeople } from '../../src/seed/scale.ts';
import { randomSource, syntheticNhsNumber } from '../../src/seed/synthetic.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

describe('synthetic NHS numbers', () => {
  test('each is a valid number in the 999 test range, and none is given twice', () => {
    const used = new Set<string>();
    const random = randomSource(11);
    const numbers = Array.from({ length: 3000 }, () => syntheticNhsNumber(random, used));
    assert.ok(numbers.every((number) => number !== null && number.startsWith('999') && isValidNhsNumber(number)));
    assert.equal(new Set(numbers).size, 3000);
    assert.equal(used.size, 3000);
  });

  test('a number already in use is passed over, and none is left once the range is used up', () => {
    const first = syntheticNhsNumber(randomSource(5), new Set())!;
    const next = syntheticNhsNumber(randomSource(5), new Set([first]));
    assert.ok(next !== null && next !== first);
    const everyNumber = new Set<string>();
    for (let index = 0; index < 1_000_000; index += 1) {
      const firstNine = `999${String(index).padStart(6, '0')}`;
      const check = nhsCheckDigit(firstNine);
      if (check !== undefined) everyNumber.add(`${firstNine}${check}`);
    }
    assert.equal(syntheticNhsNumber(randomSource(5), everyNumber), null);
  });
});

describe(`adding synthetic people (${testBackend()})`, () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await freshDatabase();
    await seedDemo(handle.db);
  });
  after(() => handle.close());

  test('the same seed twice adds people with numbers of their own: an NHS number names one person', async () => {
    await seedSyntheticPeople(handle.db, 300, { progress: false, seed: 7 });
    await seedSyntheticPeople(handle.db, 300, { progress: false, seed: 7 });
    const numbers = await handle.db.selectFrom('person').select('nhs_number').execute();
    assert.equal(numbers.length, 3 + 600);
    assert.equal(new Set(numbers.map((row) => row.nhs_number)).size, 603);
  });
});
