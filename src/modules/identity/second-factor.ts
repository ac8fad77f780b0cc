import type { AttemptLimits } from './attempt-limits.ts';
import { totpCodeStep } from './credentials.ts';
import type { RecoveryCodes } from './recovery-codes.ts';
import type { IdentityStore } from './store.ts';

/** Wrong codes allowed in one sign-in: after this many, that sign-in ends and they start again. */
export const WRONG_CODES_PER_SIGN_IN = 5;

/** What a code typed at sign-in came to. */
export type SecondFactorResult =
  | { outcome: 'signed-in'; token: string; recoveryCodesLeft: number | undefined }
  | { outcome: 'wrong'; triesLeft: number }
  | { outcome: 'start-again' }
  | { outcome: 'wait'; minutes: number };

/** A sign-in waiting for its second factor: the session and whose it is. */
export type PendingSignIn = { id: string; actor: { id: string; kind: 'staff' | 'citizen' } };

/** What was typed: a one-time code from the app, or one of the recovery codes. */
export type SecondFactor = { kind: 'one-time-code' | 'recovery-code'; code: string };

/**
 * The second step of a member of staff's sign-in. Wrong codes are limited per sign-in and per account; a
 * one-time code works once (only a later time step than the last one used is accepted, by a conditional
 * update); on success the password-only session is replaced by a new one, so its token is worthless.
 */
export function createSecondFactor(deps: {
  store: IdentityStore;
  limits: AttemptLimits;
  recoveryCodes: RecoveryCodes;
  /** Ends the pending session and starts a complete one; the new session's token. */
  renewSession: (session: PendingSignIn, now: Date) => Promise<string>;
}) {
  const { store, limits, recoveryCodes, renewSession } = deps;

  /** Whether the code is accepted (and now spent); for a recovery code, how many are left. */
  async function accepted(staffId: string, typed: SecondFactor, now: Date): Promise<{ used: boolean; left?: number }> {
    if (typed.kind === 'recovery-code') return recoveryCodes.use(staffId, typed.code, now);
    const row = await store.findStaffSecondFactor(staffId);
    if (!row?.totp_secret) return { used: false };
    const step = await totpCodeStep(row.totp_secret, typed.code.replace(/\s/g, ''), row.totp_last_step, now);
    return { used: step !== undefined && (await store.useTotpStep(staffId, step)) };
  }

  return {
    async confirm(
      session: PendingSignIn,
      typed: SecondFactor,
      clientKey: string,
      now = new Date(),
    ): Promise<SecondFactorResult> {
      const attempt = {
        action: 'one_time_code' as const,
        accountId: session.actor.id,
        clientKey,
        sessionId: session.id,
      };
      if ((await limits.failuresInSession('one_time_code', session.id)) >= WRONG_CODES_PER_SIGN_IN) {
        await store.endSession(session.id, session.actor.id, now);
        return { outcome: 'start-again' };
      }
      const minutes = await limits.minutesToWait(attempt, now);
      if (minutes > 0) return { outcome: 'wait', minutes };

      const result = session.actor.kind === 'staff' ? await accepted(session.actor.id, typed, now) : { used: false };
      await limits.record(attempt, result.used, now);
      if (result.used) {
        const token = await renewSession(session, now);
        return { outcome: 'signed-in', token, recoveryCodesLeft: result.left };
      }

      const failures = await limits.failuresInSession('one_time_code', session.id);
      if (failures >= WRONG_CODES_PER_SIGN_IN) {
        await store.endSession(session.id, session.actor.id, now);
        return { outcome: 'start-again' };
      }
      const wait = await limits.minutesToWait(attempt, now);
      if (wait > 0) return { outcome: 'wait', minutes: wait };
      return { outcome: 'wrong', triesLeft: WRONG_CODES_PER_SIGN_IN - failures };
    },
  };
}
