import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { LimitedAction } from './tables.ts';

/** What checking a member of staff's one-time code needs: their secret and the step of the last code used. */
export const findStaffSecondFactor = (db: Db, staffId: string) =>
  db
    .selectFrom('staff_account')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', staffId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();

/** Replaces a member of staff's unused recovery codes with new ones, in one statement. */
export const replaceRecoveryCodes = (db: Db, staffId: string, hashes: string[], now: Date) =>
  db
    .with('unused', (db) =>
      db.deleteFrom('staff_recovery_code').where('staff_account_id', '=', staffId).where('used_at', 'is', null),
    )
    .insertInto('staff_recovery_code')
    .values(hashes.map((code_hash) => ({ staff_account_id: staffId, code_hash, created_at: now, used_at: null })))
    .execute();

/** Spends a recovery code: only one request can, because the update is conditional on it being unused. */
export async function spendRecoveryCode(db: Db, staffId: string, hash: string, now: Date): Promise<boolean> {
  const spent = await db
    .updateTable('staff_recovery_code')
    .set({ used_at: now })
    .where('staff_account_id', '=', staffId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Db, staffId: string): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_code')
    .select((eb) => eb.fn.countAll<number>().as('left'))
    .where('staff_account_id', '=', staffId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.left);
}

/**
 * Records that a one-time code's time step was used, only if it is later than the last one: two requests with
 * the same code cannot both succeed, and a code cannot be used again.
 */
export async function useTotpStep(db: Db, staffId: string, step: number): Promise<boolean> {
  const used = await db
    .updateTable('staff_account')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}

export const recordLimitedAttempt = (db: Db, row: Insertable<Database['limited_attempt']>) =>
  db.insertInto('limited_attempt').values(row).execute();

/** Failed attempts at an action by one account, sign-in or client since a time, and when the first of them was. */
export async function limitedFailures(
  db: Db,
  action: LimitedAction,
  column: 'account_id' | 'session_id' | 'client_key',
  key: string,
  since: Date,
): Promise<{ count: number; first: Date | null }> {
  const row = await db
    .selectFrom('limited_attempt')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min<Date | null>('at').as('first')])
    .where('action', '=', action)
    .where(column, '=', key)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), first: row.first ? new Date(row.first) : null };
}

/**
 * Ends a session waiting for its second factor and starts its complete successor under a new id, in one
 * statement: the successor keeps the account, the browser and the absolute expiry of the sign-in. Nothing
 * happens when the pending session has already ended (two requests cannot both renew it).
 */
export async function renewPendingSession(db: Db, oldId: string, newId: string, now: Date): Promise<boolean> {
  const renewed = await db
    .with('ended', (db) =>
      db
        .updateTable('session')
        .set({ ended_at: now })
        .where('id', '=', oldId)
        .where('ended_at', 'is', null)
        .where('pending_second_factor', '=', true)
        .returning(['account_kind', 'account_id', 'user_agent', 'expires_at']),
    )
    .insertInto('session')
    .columns([
      'id',
      'account_kind',
      'account_id',
      'pending_second_factor',
      'user_agent',
      'created_at',
      'last_seen_at',
      'expires_at',
    ])
    .expression((eb) =>
      eb
        .selectFrom('ended')
        .select((eb) => [
          eb.val(newId).as('id'),
          'account_kind',
          'account_id',
          eb.val(false).as('pending_second_factor'),
          'user_agent',
          eb.val(now).as('created_at'),
          eb.val(now).as('last_seen_at'),
          'expires_at',
        ]),
    )
    .executeTakeFirst();
  return Number(renewed.numInsertedOrUpdatedRows) === 1;
}

/** Deletes sessions that ended, or expired, before a time. */
export async function deleteSessionsEndedBefore(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('ended_at', '<', before), eb('expires_at', '<', before)]))
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** Deletes sign-in attempts and other limited attempts made before a time. */
export async function deleteAttemptsBefore(db: Db, before: Date): Promise<number> {
  const signIns = await db.deleteFrom('sign_in_attempt').where('at', '<', before).executeTakeFirst();
  const limited = await db.deleteFrom('limited_attempt').where('at', '<', before).executeTakeFirst();
  return Number(signIns.numDeletedRows) + Number(limited.numDeletedRows);
}

/** The sign-in queries, for identity's store to bind with the rest. */
export const signInQueries = {
  findStaffSecondFactor,
  replaceRecoveryCodes,
  spendRecoveryCode,
  countUnusedRecoveryCodes,
  useTotpStep,
  renewPendingSession,
  recordLimitedAttempt,
  limitedFailures,
  deleteSessionsEndedBefore,
  deleteAttemptsBefore,
};
