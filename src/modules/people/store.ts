import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { DetailsChange } from './details-form.ts';

// Every function takes the transaction the access-checked data context hands over, except the two
// marked otherwise, which read lists that are not about one person's record.

/** A version stamp for `updated_at` to the microsecond, so a stale edit can be told apart from a fresh one. */
const VERSION = sql<string>`to_char(person.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const personName = (db: Db, personId: string) =>
  db.selectFrom('person').select(['given_name', 'family_name', 'preferred_name']).where('person_id', '=', personId).executeTakeFirstOrThrow();

/** The person's names, or undefined when there is no such person. */
export const findPersonName = (db: Db, personId: string) =>
  db.selectFrom('person').select(['given_name', 'family_name', 'preferred_name']).where('person_id', '=', personId).executeTakeFirst();

export const personDetails = (db: Db, personId: string) =>
  db
    .selectFrom('person')
    .leftJoin('organisation', 'organisation.id', 'person.gp_practice_id')
    .select([
      'person.given_name', 'person.family_name', 'person.preferred_name', 'person.date_of_birth', 'person.nhs_number',
      'person.address_line_1', 'person.address_line_2', 'person.town', 'person.postcode', 'person.phone', 'person.email',
      'person.gp_practice_id', 'organisation.name as gp_practice_name', 'person.language', 'person.communication_needs',
      'person.interpreter_needed', 'person.updated_at', VERSION.as('version'),
    ])
    .where('person.person_id', '=', personId)
    .executeTakeFirstOrThrow();

export type PersonDetails = Awaited<ReturnType<typeof personDetails>>;

/** Saves the details only if nobody has saved since `version`; false when someone has. */
export async function updateDetails(db: Db, personId: string, version: string, change: DetailsChange): Promise<boolean> {
  const result = await db
    .updateTable('person')
    .set({ ...change, updated_at: sql<Date>`now()` })
    .where('person_id', '=', personId)
    .where('updated_at', '=', sql<Date>`cast(${version} as timestamptz)`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest revision of each About me heading. */
export const currentAboutMe = (db: Db, personId: string) =>
  db
    .selectFrom('about_me_revision')
    .select(['heading', 'body', 'written_by_name', 'written_at'])
    .distinctOn('heading')
    .where('person_id', '=', personId)
    .orderBy('heading')
    .orderBy('written_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export const appendAboutMe = (db: Db, row: Insertable<Database['about_me_revision']>) => db.insertInto('about_me_revision').values(row).execute();

/** The person's own ways of being reached. */
export const contactDetails = (db: Db, personId: string) =>
  db
    .selectFrom('person')
    .select(['phone', 'email', 'address_line_1', 'address_line_2', 'town', 'postcode'])
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();

/** Everyone who is or was in the circle of support, current members first, each group oldest first. */
export const circleMembers = (db: Db, personId: string) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship', 'kind', 'phone', 'email', 'may_act_for_person', 'authority', 'authority_until', 'created_at', 'ended_at'])
    .where('person_id', '=', personId)
    .orderBy(sql`ended_at is not null`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export type CircleMember = Awaited<ReturnType<typeof circleMembers>>[number];

export const currentCircleMember = (db: Db, personId: string, memberId: string) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship', 'kind'])
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();

/** The current members of the circle of support, by name. */
export const currentCircleMembers = (db: Db, personId: string) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship'])
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();

/** Members of the circle of support, past and present: those with these ids, or everyone when no ids are given. */
export const circleMembersById = (db: Db, personId: string, ids?: readonly string[]) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship'])
    .where('person_id', '=', personId)
    .$if(ids !== undefined, (query) => query.where('id', 'in', ids!))
    .execute();

export const insertCircleMember = (db: Db, row: Insertable<Database['circle_member']>) => db.insertInto('circle_member').values(row).execute();

/** Ends a current membership; false when it had already ended or does not exist. */
export async function endCircleMembership(db: Db, personId: string, memberId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('circle_member')
    .set({ ended_at: at })
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Emergency access to the person's record since a moment, newest first, with who used it. */
export const emergencyAccessSince = (db: Db, personId: string, since: Date) =>
  db
    .selectFrom('break_glass_grant')
    .innerJoin('staff_account', 'staff_account.id', 'break_glass_grant.staff_account_id')
    .innerJoin('organisation', 'organisation.id', 'break_glass_grant.organisation_id')
    .select([
      'break_glass_grant.id', 'break_glass_grant.reason', 'break_glass_grant.granted_at', 'staff_account.display_name as staff_name',
      'staff_account.job_title as staff_job_title', 'organisation.name as organisation_name',
    ])
    .where('break_glass_grant.person_id', '=', personId)
    .where('break_glass_grant.granted_at', '>=', since)
    .orderBy('break_glass_grant.granted_at', 'desc')
    .orderBy('break_glass_grant.id', 'desc')
    .execute();

/** One emergency access grant, for the notice shown while it is in use. */
export const emergencyGrant = (db: Db, personId: string, grantId: string) =>
  db.selectFrom('break_glass_grant').select(['id', 'expires_at']).where('person_id', '=', personId).where('id', '=', grantId).executeTakeFirst();

/** Not about one person: the records a signed-in account is linked to, and how. Read with the main database. */
export const accountLinks = (db: Db, accountId: string) =>
  db.selectFrom('person_account_link').select(['person_id', 'acting_as']).where('person_account_id', '=', accountId).orderBy('created_at').orderBy('person_id').execute();

/** Not about one person: the GP practices a person can choose from. Read with the main database. */
export const gpPractices = (db: Db) =>
  db.selectFrom('organisation').select(['id', 'name']).where('kind', '=', 'gp_practice').orderBy('name').orderBy('id').execute();
