import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Recipient } from '../notifications/index.ts';
import { authorityInForce, circleStandingJson, type CircleStanding } from '../people/index.ts';

// Who is told of something that happens to a person's record: their key workers today, and the accounts of people
// who act for them (a circle member who may act, whose place and authority are in force today).

/** The key workers holding a care-team place today: staff accounts. */
const keyWorkers = async (db: Db, personId: string, today: string): Promise<Recipient[]> =>
  (
    await db
      .selectFrom('care_team_member')
      .select('staff_account_id')
      .distinct()
      .where('person_id', '=', personId)
      .where('is_key_worker', '=', true)
      .where('from_date', '<=', today)
      .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', today)]))
      .orderBy('staff_account_id')
      .execute()
  ).map((row) => ({ kind: 'staff', accountId: row.staff_account_id }));

/** The accounts of circle members who act for the person today, by the same rule as the access policy's. */
export const representatives = async (db: Db, personId: string, today: string): Promise<Recipient[]> => {
  const { rows } = await sql<{ account_id: string; circle: CircleStanding | null }>`select
      l.person_account_id as account_id, ${circleStandingJson(personId, sql.ref('l.circle_member_id'))} as circle
    from person_account_link l
    where l.person_id = ${personId} and l.acting_as = 'circle_member'
    order by l.person_account_id`.execute(db);
  return rows
    .filter(
      ({ circle }) =>
        circle?.mayAct &&
        !circle.ended &&
        authorityInForce({ from: circle.authorityFrom, until: circle.authorityUntil }, today),
    )
    .map((row) => ({ kind: 'citizen', accountId: row.account_id }));
};

/** The person's own accounts (a record has one at most, but the link allows more). */
export const ownAccounts = async (db: Db, personId: string): Promise<Recipient[]> =>
  (
    await db
      .selectFrom('person_account_link')
      .select('person_account_id')
      .where('person_id', '=', personId)
      .where('acting_as', '=', 'self')
      .orderBy('person_account_id')
      .execute()
  ).map((row) => ({ kind: 'citizen', accountId: row.person_account_id }));

/** Key workers and representatives, for notifications about the person. */
export const keyWorkersAndRepresentatives = async (db: Db, personId: string, today: string): Promise<Recipient[]> => [
  ...(await keyWorkers(db, personId, today)),
  ...(await representatives(db, personId, today)),
];
