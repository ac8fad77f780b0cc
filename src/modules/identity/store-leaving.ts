import type { Db } from '../../db/database.ts';
import { withdrawOpenInvitations } from './invitation-store.ts';

/**
 * Closes a member of staff's account when they leave, in one transaction: the account is disabled, every
 * session it has ends (their next request is signed out), and invitations to it that are still open are
 * withdrawn. Answers false, changing nothing, when the account was already closed or is not staff.
 */
export const closeStaffAccount = (db: Db, staffId: string, now: Date): Promise<boolean> =>
  db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('staff_account')
      .set({ disabled_at: now })
      .where('id', '=', staffId)
      .where('disabled_at', 'is', null)
      .executeTakeFirst();
    if (Number(closed.numUpdatedRows) !== 1) return false;
    await trx
      .updateTable('session')
      .set({ ended_at: now })
      .where('account_kind', '=', 'staff')
      .where('account_id', '=', staffId)
      .where('ended_at', 'is', null)
      .execute();
    await withdrawOpenInvitations(trx, staffId, now);
    return true;
  });

/** Leaving's queries, bound into the identity store beside the others. */
export const leavingQueries = { closeStaffAccount };
