import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/** The newest choice about printing the person's identity details; undefined when none was made. */
const printIdentityChoice = (db: Db, personId: string) =>
  db
    .selectFrom('print_identity_choice')
    .select(['prints_identity', 'made_by_name', 'made_at'])
    .where('person_id', '=', personId)
    .orderBy('made_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

export type PrintIdentityChoice = NonNullable<Awaited<ReturnType<typeof printIdentityChoice>>>;

export const bindPrintChoiceStore = (db: Db, personId: string) => ({
  printIdentityChoice: () => printIdentityChoice(db, personId),
  /** A new choice, beside the earlier ones: none is ever changed. */
  insertPrintIdentityChoice: (row: Omit<Insertable<Database['print_identity_choice']>, 'person_id'>) =>
    db
      .insertInto('print_identity_choice')
      .values({ ...row, person_id: personId })
      .execute(),
});
