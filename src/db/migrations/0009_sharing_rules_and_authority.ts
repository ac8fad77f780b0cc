import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/** Representatives' authority and sharing choices recorded by staff. */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, []);
}
