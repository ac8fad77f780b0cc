import type { Db } from '../../db/database.ts';
import { notFound } from '../../web/errors.ts';
import { personFullName } from '../people/index.ts';

/** The person's full name, read in the plan's own transaction; 404 when there is no such person. */
export async function personName(trx: Db, personId: string): Promise<string> {
  const name = await personFullName(trx, personId);
  if (name === undefined) throw notFound();
  return name;
}
