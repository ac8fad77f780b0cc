import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/** People registered in the service and invited to accounts. */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, []);
}
