import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUuid, newId } from '../src/ids.ts';

// Identifiers are UUIDv7: time-ordered, so rows added later sort later, and drawn from a pool of random bytes.

test('identifiers are version-7 UUIDs, each later than the one before, none repeated, across refills of the pool', () => {
  const made = Array.from({ length: 10_000 }, newId); // more than the 4,096 one filling of the pool gives
  for (const id of made) assert.ok(isUuid(id) && id[14] === '7' && '89ab'.includes(id[19]!), id);
  for (let index = 1; index < made.length; index += 1)
    assert.ok(made[index]! > made[index - 1]!, `${made[index]} after ${made[index - 1]}`);
  assert.equal(new Set(made).size, made.length);
  const stamp = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  assert.ok(Math.abs(stamp(made.at(-1)!) - Date.now()) < 5_000, 'the time is now');
  // The random part differs from one identifier to the next, and from one filling of the pool to the next.
  const tails = new Set(made.map((id) => id.slice(24)));
  assert.equal(tails.size, made.length);
});
