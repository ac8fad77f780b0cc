import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/** One-time codes and sessions hardened (filled in by the sign-in hardening work). */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, []);
}
