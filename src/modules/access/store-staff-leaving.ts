import type { Db } from '../../db/database.ts';

// What handing over a leaver's care-team places reads that is about nobody's record: the member of staff who
// is leaving, the colleagues who could take their places, and (for the data context) the people whose care
// teams they are in. Joins reach only identity's reference tables.

/** A member of one organisation's staff, whether or not they have left; undefined for anyone else's staff. */
const staffMemberOf = (db: Db, organisationId: string, staffId: string) =>
  db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'staff_account.id',
      'staff_account.display_name',
      'staff_account.job_title',
      'staff_account.role',
      'staff_account.organisation_id',
      'staff_account.disabled_at',
      'organisation.name as organisation_name',
    ])
    .where('staff_account.id', '=', staffId)
    .where('staff_account.organisation_id', '=', organisationId)
    .executeTakeFirst();

export type StaffMember = NonNullable<Awaited<ReturnType<typeof staffMemberOf>>>;

/** An organisation's practitioners whose accounts are in use: who may take over a leaver's places. */
const practitionersOf = (db: Db, organisationId: string) =>
  db
    .selectFrom('staff_account')
    .select(['id', 'display_name', 'job_title'])
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'practitioner')
    .where('disabled_at', 'is', null)
    .orderBy('display_name')
    .orderBy('id')
    .execute();

export type Practitioner = Awaited<ReturnType<typeof practitionersOf>>[number];

/**
 * Ids only: the people in whose care team a member of staff holds a place that has not ended, taken on behalf of
 * their organisation, which must be `organisationId`. A place the leaver holds for another organisation is not
 * this organisation's to hand over. `onceLeft`: only when their account is closed.
 */
export const peopleWithPlacesHeldFor = async (
  db: Db,
  staffId: string,
  organisationId: string,
  today: string,
  onceLeft: boolean,
): Promise<string[]> =>
  (
    await db
      .selectFrom('care_team_member')
      .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
      .select('care_team_member.person_id')
      .distinct()
      .where('care_team_member.staff_account_id', '=', staffId)
      .where('care_team_member.organisation_id', '=', organisationId)
      .where('staff_account.organisation_id', '=', organisationId)
      .$if(onceLeft, (query) => query.where('staff_account.disabled_at', 'is not', null))
      .where((eb) =>
        eb.or([eb('care_team_member.until_date', 'is', null), eb('care_team_member.until_date', '>=', today)]),
      )
      .orderBy('care_team_member.person_id')
      .execute()
  ).map((row) => row.person_id);

/** The staff-leaving queries, bound into the access module's reference store. */
export const staffLeavingReference = (db: Db) => ({
  staffMemberOf: (organisationId: string, staffId: string) => staffMemberOf(db, organisationId, staffId),
  practitionersOf: (organisationId: string) => practitionersOf(db, organisationId),
  /** How many people's care teams the member of staff is in for the organisation. */
  countPeopleWithPlacesHeldFor: async (staffId: string, organisationId: string, today: string) =>
    (await peopleWithPlacesHeldFor(db, staffId, organisationId, today, false)).length,
});
