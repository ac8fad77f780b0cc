import { createHash, randomInt } from 'node:crypto';
import type { IdentityStore } from './store.ts';

/** How many recovery codes a member of staff holds at a time. */
export const RECOVERY_CODE_COUNT = 10;

/**
 * Crockford's base 32: digits and lower-case letters without i, l, o and u, so a code read aloud or copied
 * from paper is hard to get wrong. Twelve characters carry 60 random bits: too many to guess, so a plain
 * sha256 is enough to store them.
 */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const LENGTH = 12;
const NORMALISED = /^[0-9a-hjkmnp-tv-z]{12}$/;

/** A code as it is shown and printed: three groups of four, like `7kq2-m9xd-3fvb`. */
export const formatRecoveryCode = (normalised: string): string => normalised.match(/.{4}/g)!.join('-');

/**
 * A code as typed, made comparable: case, spaces and hyphens do not matter, and the letters people mistake for
 * digits (o, i, l) are read as the digits. Undefined when what was typed cannot be a recovery code.
 */
export function normaliseRecoveryCode(typed: string): string | undefined {
  const code = typed.toLowerCase().replace(/[\s-]/g, '').replace(/o/g, '0').replace(/[il]/g, '1');
  return NORMALISED.test(code) ? code : undefined;
}

export const hashRecoveryCode = (normalised: string): string => createHash('sha256').update(normalised).digest('hex');

function newRecoveryCode(): string {
  let code = '';
  for (let index = 0; index < LENGTH; index++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export type RecoveryCodeUse = { used: true; left: number } | { used: false };

/** Staff recovery codes: issued when a one-time-code app is enrolled, each usable once in place of a code. */
export function createRecoveryCodes(store: IdentityStore) {
  return {
    /**
     * Ten new codes for a member of staff, replacing any they have not used. The codes are returned once, to
     * show them; only their hashes are kept.
     */
    async issue(staffId: string, now = new Date()): Promise<string[]> {
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
      await store.replaceRecoveryCodes(staffId, codes.map(hashRecoveryCode), now);
      return codes.map(formatRecoveryCode);
    },

    /**
     * Uses a code in place of a one-time code. A code is spent by a conditional update, so two requests with the
     * same code cannot both succeed.
     */
    async use(staffId: string, typed: string, now = new Date()): Promise<RecoveryCodeUse> {
      const code = normaliseRecoveryCode(typed);
      if (!code) return { used: false };
      const spent = await store.spendRecoveryCode(staffId, hashRecoveryCode(code), now);
      if (!spent) return { used: false };
      return { used: true, left: await store.countUnusedRecoveryCodes(staffId) };
    },

    /** How many unused codes a member of staff has left. */
    left: (staffId: string): Promise<number> => store.countUnusedRecoveryCodes(staffId),
  };
}

export type RecoveryCodes = ReturnType<typeof createRecoveryCodes>;
