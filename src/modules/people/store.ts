import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { DetailsChange } from './record-changes.ts';
import type { AuthorityType } from './tables.ts';
import { fullName } from './names.ts';
import { bindNoticeStore } from './store-notices.ts';
import { nameOrderReference } from './store-name-order.ts';

/** A new row for one of this module's person tables; the binding supplies whose. */
type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

// Queries of the people module's own tables. Nothing outside this file runs them: the data context hands
// services a store already bound to one person (bindPeopleStore), and reference lists come unbound.

/** A version stamp for `updated_at` to the microsecond, so a stale edit can be told apart from a fresh one. */
const VERSION = sql<string>`to_char(person.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const personName = (db: Db, personId: string) =>
  db
    .selectFrom('person')
    .select(['given_name', 'family_name', 'preferred_name', 'date_of_birth'])
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();

const personSummary = (db: Db, personId: string) =>
  db
    .selectFrom('person')
    .select(['given_name', 'family_name', 'preferred_name', 'date_of_birth', 'nhs_number'])
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();

const personDetails = (db: Db, personId: string) =>
  db
    .selectFrom('person')
    .leftJoin('organisation', 'organisation.id', 'person.gp_practice_id')
    .select([
      'person.given_name',
      'person.family_name',
      'person.preferred_name',
      'person.date_of_birth',
      'person.nhs_number',
      'person.address_line_1',
      'person.address_line_2',
      'person.town',
      'person.postcode',
      'person.phone',
      'person.email',
      'person.gp_practice_id',
      'organisation.name as gp_practice_name',
      'person.language',
      'person.communication_needs',
      'person.interpreter_needed',
      'person.updated_at',
      VERSION.as('version'),
    ])
    .where('person.person_id', '=', personId)
    .executeTakeFirstOrThrow();

export type PersonDetails = Awaited<ReturnType<typeof personDetails>>;
export type PersonSummary = Awaited<ReturnType<typeof personSummary>>;

/** Saves the details only if nobody has saved since `version`; false when someone has. */
async function updateDetails(db: Db, personId: string, version: string, change: DetailsChange): Promise<boolean> {
  const result = await db
    .updateTable('person')
    .set({ ...change, updated_at: sql<Date>`now()` })
    .where('person_id', '=', personId)
    .where('updated_at', '=', sql<Date>`cast(${version} as timestamptz)`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The newest revision of each About me heading. */
const currentAboutMe = (db: Db, personId: string) =>
  db
    .selectFrom('about_me_revision')
    .select(['heading', 'body', 'written_by_name', 'written_at'])
    .distinctOn('heading')
    .where('person_id', '=', personId)
    .orderBy('heading')
    .orderBy('written_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

const appendAboutMe = (db: Db, personId: string, row: Bound<'about_me_revision'>) =>
  db
    .insertInto('about_me_revision')
    .values({ ...row, person_id: personId })
    .execute();

/** The person's own ways of being reached. */
const contactDetails = (db: Db, personId: string) =>
  db
    .selectFrom('person')
    .select(['phone', 'email', 'address_line_1', 'address_line_2', 'town', 'postcode'])
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();

/** Everyone who is or was in the circle of support, current members first, each group oldest first. */
const circleMembers = (db: Db, personId: string) =>
  db
    .selectFrom('circle_member')
    .select([
      'id',
      'name',
      'relationship',
      'kind',
      'phone',
      'email',
      'may_act_for_person',
      'authority',
      'authority_type',
      'authority_reference',
      'authority_from',
      'authority_until',
      'created_at',
      'ended_at',
    ])
    .where('person_id', '=', personId)
    .orderBy(sql`ended_at is not null`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export type CircleMember = Awaited<ReturnType<typeof circleMembers>>[number];

const currentCircleMember = (db: Db, personId: string, memberId: string) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship', 'kind'])
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();

/** The current members of the circle of support, by name. */
const currentCircleMembers = (db: Db, personId: string) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship'])
    .where('person_id', '=', personId)
    .where('ended_at', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .execute();

/** Members of the circle of support, past and present: those with these ids, or everyone when no ids are given. */
const circleMembersById = (db: Db, personId: string, ids?: readonly string[]) =>
  db
    .selectFrom('circle_member')
    .select(['id', 'name', 'relationship'])
    .where('person_id', '=', personId)
    .$if(ids !== undefined, (query) => query.where('id', 'in', ids!))
    .execute();

const insertCircleMember = (db: Db, personId: string, row: Bound<'circle_member'>) =>
  db
    .insertInto('circle_member')
    .values({ ...row, person_id: personId })
    .execute();

/** Ends a current membership; false when it had already ended or does not exist. */
async function endCircleMembership(db: Db, personId: string, memberId: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('circle_member')
    .set({ ended_at: at })
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Not about one person: the GP practices a person can choose from. */
const gpPractices = (db: Db) =>
  db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where('kind', '=', 'gp_practice')
    .orderBy('name')
    .orderBy('id')
    .execute();

/** The person with exactly this NHS number and date of birth: their id only, or undefined. */
const personIdByNhsNumber = async (db: Db, nhsNumber: string, dateOfBirth: string): Promise<string | undefined> =>
  (
    await db
      .selectFrom('person')
      .select('person_id')
      .where('nhs_number', '=', nhsNumber)
      .where('date_of_birth', '=', dateOfBirth)
      .orderBy('person_id')
      .executeTakeFirst()
  )?.person_id;

/** Whether any record holds this NHS number. */
const nhsNumberInUse = async (db: Db, nhsNumber: string): Promise<boolean> =>
  Boolean(await db.selectFrom('person').select('person_id').where('nhs_number', '=', nhsNumber).executeTakeFirst());

/** Whether any record has this first and last name (in any case) and this date of birth. */
const nameAndBirthInUse = async (
  db: Db,
  named: { given_name: string; family_name: string; date_of_birth: string },
): Promise<boolean> =>
  Boolean(
    await db
      .selectFrom('person')
      .select('person_id')
      .where('date_of_birth', '=', named.date_of_birth)
      .where(sql<string>`lower(family_name)`, '=', named.family_name.toLowerCase())
      .where(sql<string>`lower(given_name)`, '=', named.given_name.toLowerCase())
      .executeTakeFirst(),
  );

/** Whether a person exists, as a condition for another module's access facts (so they stay one query). */
export const personExistsCondition = (personId: string | RawBuilder<unknown>) =>
  sql<boolean>`exists (select 1 from person where person_id = ${personId})`;

/** A circle member's standing: whether they may act, with what authority and when, and whether their place ended. */
export type CircleStanding = {
  mayAct: boolean;
  authorityType: AuthorityType | null;
  authorityFrom: string | null;
  authorityUntil: string | null;
  ended: boolean;
};

/**
 * A circle member's standing, as JSON (CircleStanding), for the access facts of the account linked to them;
 * `memberId` is a column of the caller's query.
 */
export const circleStandingJson = (personId: string, memberId: RawBuilder<unknown>) =>
  sql<CircleStanding | null>`(select json_build_object(
    'mayAct', m.may_act_for_person, 'authorityType', m.authority_type, 'authorityFrom', m.authority_from,
    'authorityUntil', m.authority_until, 'ended', m.ended_at is not null)
    from circle_member m where m.person_id = ${personId} and m.id = ${memberId})`;

/** The people module's store for one person: every query is about them and no one else. */
export function bindPeopleStore(db: Db, personId: string) {
  return {
    /** 'Aisha Khan': the person's full name. */
    name: async () => fullName(await personName(db, personId)),
    /** Their names and date of birth, as lists of people show them. */
    names: () => personName(db, personId),
    /** Who they are, as the top of their record shows it: names, date of birth and NHS number, and nothing else. */
    summary: () => personSummary(db, personId),
    details: () => personDetails(db, personId),
    updateDetails: (version: string, change: DetailsChange) => updateDetails(db, personId, version, change),
    aboutMe: () => currentAboutMe(db, personId),
    appendAboutMe: (row: Bound<'about_me_revision'>) => appendAboutMe(db, personId, row),
    contactDetails: () => contactDetails(db, personId),
    circleMembers: () => circleMembers(db, personId),
    currentCircleMember: (memberId: string) => currentCircleMember(db, personId, memberId),
    currentCircle: () => currentCircleMembers(db, personId),
    /** Names of circle members, past and present, by id: those asked for, or everyone when `ids` is left out. */
    circleNames: async (ids?: readonly string[]): Promise<Map<string, { name: string; relationship: string }>> => {
      if (ids?.length === 0) return new Map();
      const rows = await circleMembersById(db, personId, ids);
      return new Map(rows.map((row) => [row.id, { name: row.name, relationship: row.relationship }]));
    },
    /** Starts the record of a person being registered: the one insert into `person`. */
    insertPerson: (row: Bound<'person'>) =>
      db
        .insertInto('person')
        .values({ ...row, person_id: personId })
        .execute(),
    insertCircleMember: (row: Bound<'circle_member'>) => insertCircleMember(db, personId, row),
    endCircleMembership: (memberId: string, at: Date) => endCircleMembership(db, personId, memberId, at),
    ...bindNoticeStore(db, personId),
  };
}

export type PeopleStore = ReturnType<typeof bindPeopleStore>;

/** Reference lists that are not about one person, and the one lookup that finds a person before any check. */
export function createPeopleReference(db: Db) {
  return {
    gpPractices: () => gpPractices(db),
    /** Whether there is such a person: nothing about them. */
    personExists: async (personId: string) =>
      Boolean(await db.selectFrom('person').select('person_id').where('person_id', '=', personId).executeTakeFirst()),
    /** An id only: the caller must still read the person through the data context. */
    personIdByNhsNumber: (nhsNumber: string, dateOfBirth: string) => personIdByNhsNumber(db, nhsNumber, dateOfBirth),
    /** Yes or no only, for a registration that may be a duplicate: never who. */
    nhsNumberInUse: (nhsNumber: string) => nhsNumberInUse(db, nhsNumber),
    /** Yes or no only, for a registration that may be a duplicate: never who. */
    nameAndBirthInUse: (named: { given_name: string; family_name: string; date_of_birth: string }) =>
      nameAndBirthInUse(db, named),
    /** Ids only: a page of many people in the order lists show them. */
    ...nameOrderReference(db),
  };
}

export type PeopleReference = ReturnType<typeof createPeopleReference>;
