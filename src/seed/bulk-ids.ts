import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

// Identifiers for seeding many people: the same time-ordered UUIDv7 as newId, with their random bytes cut from
// a large buffer filled at once. newId asks the operating system for 16 bytes each time, which is most of the
// time it takes to make a million people's eleven million rows.

const pool = new Uint8Array(64 * 1024);
let used = pool.length;
let lastMsecs = -1;
let sequence = 0;

/** A new UUIDv7, later than every one this function made before it. */
export function bulkId(): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, (used += 16));
  const now = Date.now();
  // Within one millisecond the 31-bit counter keeps them in order; it starts at random, as newId's does.
  if (now > lastMsecs) {
    lastMsecs = now;
    sequence = ((random[6]! << 23) | (random[7]! << 15) | (random[8]! << 7) | random[9]!) >>> 1;
  } else sequence += 1;
  return v7({ random, msecs: lastMsecs, seq: sequence });
}
