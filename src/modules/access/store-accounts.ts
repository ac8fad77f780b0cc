import type { Db } from '../../db/database.ts';

// The accounts that can open a person's record: their own, and those of people in their circle of support. The
// link rows are the access module's; joins reach only identity's reference table of people's accounts.

/** Every account linked to the person's record, with whether it is set up and in use, oldest link first. */
const linkedAccounts = (db: Db, personId: string) =>
  db
    .selectFrom('person_account_link')
    .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
    .select([
      'person_account_link.person_account_id as account_id',
      'person_account_link.acting_as',
      'person_account_link.circle_member_id',
      'person_account.email',
      'person_account.display_name',
      'person_account.disabled_at',
    ])
    .select((eb) => eb('person_account.password_hash', 'is not', null).as('set_up'))
    .where('person_account_link.person_id', '=', personId)
    .orderBy('person_account_link.created_at')
    .orderBy('person_account_link.person_account_id')
    .execute();

export type LinkedAccount = Awaited<ReturnType<typeof linkedAccounts>>[number];

/** Links an account to the record; false when it was linked already (and nothing changes). */
const linkAccount = async (
  db: Db,
  personId: string,
  link: { accountId: string; actingAs: 'self' | 'circle_member'; circleMemberId: string | null; at: Date },
): Promise<boolean> => {
  const result = await db
    .insertInto('person_account_link')
    .values({
      person_id: personId,
      person_account_id: link.accountId,
      acting_as: link.actingAs,
      circle_member_id: link.circleMemberId,
      created_at: link.at,
    })
    .onConflict((conflict) => conflict.columns(['person_id', 'person_account_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
};

/** Unlinks an account that was never set up; false when there was no such link, or the account is in use. */
const unlinkUnusedAccount = async (db: Db, personId: string, accountId: string): Promise<boolean> => {
  const result = await db
    .deleteFrom('person_account_link')
    .where('person_id', '=', personId)
    .where('person_account_id', '=', accountId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('person_account')
            .select('id')
            .where('id', '=', accountId)
            .where('password_hash', 'is not', null),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
};

/** The account functions of the access store, bound to one person. */
export const bindAccountLinks = (db: Db, personId: string) => ({
  linkedAccounts: () => linkedAccounts(db, personId),
  linkAccount: (link: Parameters<typeof linkAccount>[2]) => linkAccount(db, personId, link),
  unlinkUnusedAccount: (accountId: string) => unlinkUnusedAccount(db, personId, accountId),
});

/**
 * What inviting reads that is about nobody's record in particular: whether an e-mail address is already some
 * record's own account (a person's account opens their own record only), and how many records an account is
 * linked to. Yes or no and a count: never whose.
 */
export const accountLinksReference = (db: Db) => ({
  isOwnAccountOfARecord: async (email: string): Promise<boolean> =>
    (await db
      .selectFrom('person_account_link')
      .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
      .select('person_account_link.person_id')
      .where('person_account.email', '=', email.trim().toLowerCase())
      .where('person_account_link.acting_as', '=', 'self')
      .executeTakeFirst()) !== undefined,
  countLinksOf: async (accountId: string): Promise<number> =>
    Number(
      (
        await db
          .selectFrom('person_account_link')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_account_id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).n,
    ),
});
