import { newId } from '../../ids.ts';
import type { IdentityStore } from './store.ts';
import type { LimitedAction } from './tables.ts';

/** How long failed attempts count against an account or a client address. */
export const LIMIT_WINDOW_MS = 15 * 60_000;

/** The most failed attempts allowed in the window: by one account, and from one client address. */
const LIMITS: Record<LimitedAction, { perAccount: number; perClient: number }> = {
  one_time_code: { perAccount: 10, perClient: 20 },
  // Finding a person by NHS number and date of birth: a search that finds nobody counts as failed.
  find_person: { perAccount: 20, perClient: 40 },
};

export type Attempt = { action: LimitedAction; accountId: string; clientKey: string; sessionId?: string };

/** Counts failed attempts at limited actions, and says how long to wait once there have been too many. */
export function createAttemptLimits(store: IdentityStore) {
  return {
    /** Whole minutes until the account and client may try again; 0 when they may try now. */
    async minutesToWait({ action, accountId, clientKey }: Attempt, now = new Date()): Promise<number> {
      const since = new Date(now.getTime() - LIMIT_WINDOW_MS);
      const [byAccount, byClient] = await Promise.all([
        store.limitedFailures(action, 'account_id', accountId, since),
        store.limitedFailures(action, 'client_key', clientKey, since),
      ]);
      const blocked = [
        byAccount.count >= LIMITS[action].perAccount ? byAccount.first : null,
        byClient.count >= LIMITS[action].perClient ? byClient.first : null,
      ].filter((first) => first !== null);
      if (blocked.length === 0) return 0;
      // The wait ends when the earliest failure leaves the window.
      const until = Math.max(...blocked.map((first) => first.getTime() + LIMIT_WINDOW_MS));
      return Math.max(1, Math.ceil((until - now.getTime()) / 60_000));
    },

    record: ({ action, accountId, clientKey, sessionId }: Attempt, succeeded: boolean, now = new Date()) =>
      store.recordLimitedAttempt({
        id: newId(),
        action,
        account_id: accountId,
        session_id: sessionId ?? null,
        client_key: clientKey,
        succeeded,
        at: now,
      }),

    /** Failed attempts within one sign-in. */
    failuresInSession: async (action: LimitedAction, sessionId: string): Promise<number> =>
      (await store.limitedFailures(action, 'session_id', sessionId, new Date(0))).count,
  };
}

export type AttemptLimits = ReturnType<typeof createAttemptLimits>;
