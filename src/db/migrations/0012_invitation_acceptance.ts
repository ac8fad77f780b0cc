import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * Accepting an invitation takes a few pages: a password, then (staff) a one-time-code app and recovery codes. What
 * is chosen on the way is kept on the invitation, server-side, until the last page: nothing of it is sent back by
 * the browser, and the account changes only when the invitation is accepted. The password is kept as its hash;
 * the app's secret is made here, once, so two tabs show the same QR code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `alter table invitation add column password_hash text`,
    `alter table invitation add column totp_secret text`,
    `alter table invitation add column totp_step bigint`,
    `alter table invitation add column recovery_codes_at timestamptz`,
  ]);
}
