import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { expressionBuilder } from 'kysely';

// Accepting an invitation, a page at a time: what has been chosen so far is kept on the invitation row, and every
// change is conditional on the invitation still being open, so a used, withdrawn or expired one changes nothing.

/** Still open: not accepted, not withdrawn, not expired. */
const stillOpen = (now: Date) => {
  const eb = expressionBuilder<Database, 'invitation'>();
  return eb.and([eb('accepted_at', 'is', null), eb('withdrawn_at', 'is', null), eb('expires_at', '>', now)]);
};

/** How far accepting an open invitation has got. */
export async function findAcceptanceProgress(db: Db, invitationId: string, now: Date) {
  const row = await db
    .selectFrom('invitation')
    .select(['password_hash', 'totp_secret', 'totp_step', 'recovery_codes_at'])
    .where('id', '=', invitationId)
    .where(stillOpen(now))
    .executeTakeFirst();
  return (
    row && {
      hasPassword: row.password_hash !== null,
      totpSecret: row.totp_secret,
      totpProven: row.totp_step !== null,
      recoveryCodesShown: row.recovery_codes_at !== null,
    }
  );
}

/**
 * Keeps the chosen password's hash, and, for staff, makes the app's secret the first time (a later call keeps
 * the first secret, so a second tab shows the same QR code). False when the invitation is no longer open.
 */
export async function keepChosenPassword(
  db: Db,
  invitationId: string,
  passwordHash: string,
  newSecret: string | null,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('invitation')
    .set((eb) => ({
      password_hash: passwordHash,
      totp_secret: newSecret === null ? null : eb.fn.coalesce('totp_secret', eb.val(newSecret)),
    }))
    .where('id', '=', invitationId)
    .where(stillOpen(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records that the app is proven, by the time step of the code typed. False when no longer open. */
export async function keepProvenCodeStep(db: Db, invitationId: string, step: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('invitation')
    .set({ totp_step: step })
    .where('id', '=', invitationId)
    .where('totp_secret', 'is not', null)
    .where(stillOpen(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records that recovery codes were shown. False when no longer open or the app is not proven yet. */
export async function noteRecoveryCodesShown(db: Db, invitationId: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('invitation')
    .set({ recovery_codes_at: now })
    .where('id', '=', invitationId)
    .where('totp_step', 'is not', null)
    .where(stillOpen(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Accepts the invitation and gives the account what was chosen, in one transaction. Only one request can: the
 * invitation is marked accepted by a conditional update (so of two tabs, one wins and the other changes nothing),
 * and only once everything is ready (a password; for staff, a proven app and recovery codes shown). The kept
 * password hash and secret are then cleared from the invitation. False, changing nothing, otherwise, or when the
 * account has been disabled meanwhile.
 */
export const completeAcceptance = (db: Db, invitationId: string, now: Date): Promise<boolean> =>
  db
    .transaction()
    .execute(async (trx) => {
      const accepted = await trx
        .updateTable('invitation')
        .set({ accepted_at: now })
        .where('id', '=', invitationId)
        .where(stillOpen(now))
        .where('password_hash', 'is not', null)
        .where((eb) =>
          eb.or([
            eb('account_kind', '=', 'citizen'),
            eb.and([eb('totp_step', 'is not', null), eb('recovery_codes_at', 'is not', null)]),
          ]),
        )
        .returning(['account_kind', 'account_id', 'password_hash', 'totp_secret', 'totp_step'])
        .executeTakeFirst();
      if (!accepted?.password_hash) return false;
      const account =
        accepted.account_kind === 'staff'
          ? await trx
              .updateTable('staff_account')
              .set({
                password_hash: accepted.password_hash,
                totp_secret: accepted.totp_secret,
                totp_last_step: accepted.totp_step === null ? null : Number(accepted.totp_step),
              })
              .where('id', '=', accepted.account_id)
              .where('disabled_at', 'is', null)
              .executeTakeFirst()
          : await trx
              .updateTable('person_account')
              .set({ password_hash: accepted.password_hash })
              .where('id', '=', accepted.account_id)
              .where('disabled_at', 'is', null)
              .executeTakeFirst();
      // Closed meanwhile: throwing rolls the acceptance back.
      if (Number(account.numUpdatedRows) !== 1) throw new AccountClosed();
      await trx
        .updateTable('invitation')
        .set({ password_hash: null, totp_secret: null, totp_step: null })
        .where('id', '=', invitationId)
        .execute();
      return true;
    })
    .catch((error: unknown) => {
      if (error instanceof AccountClosed) return false;
      throw error;
    });

/** The account an invitation opens was closed while it was being accepted. */
class AccountClosed extends Error {}

/** Acceptance's queries, bound into the identity store beside the others. */
export const acceptanceQueries = {
  findAcceptanceProgress,
  keepChosenPassword,
  keepProvenCodeStep,
  noteRecoveryCodesShown,
  completeAcceptance,
};
