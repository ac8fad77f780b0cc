import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/** Every care-team membership of a person, past, present and future, with who and where they are. */
export const careTeamMembers = (db: Db, personId: string) =>
  db
    .selectFrom('care_team_member')
    .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
    .innerJoin('organisation', 'organisation.id', 'care_team_member.organisation_id')
    .select([
      'care_team_member.id', 'care_team_member.staff_account_id', 'care_team_member.organisation_id', 'care_team_member.team_role',
      'care_team_member.is_key_worker', 'care_team_member.from_date', 'care_team_member.until_date',
      'staff_account.display_name as staff_name', 'staff_account.job_title', 'organisation.name as organisation_name',
    ])
    .where('care_team_member.person_id', '=', personId)
    .orderBy('organisation.name')
    .orderBy('staff_account.display_name')
    .orderBy('care_team_member.from_date')
    .orderBy('care_team_member.id')
    .execute();

export type CareTeamMemberRow = Awaited<ReturnType<typeof careTeamMembers>>[number];

/** Care-team places, past and present, with who holds them: those with these ids, or every place when no ids are given. */
export const careTeamPlacesById = (db: Db, personId: string, ids?: readonly string[]) =>
  db
    .selectFrom('care_team_member')
    .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
    .select(['care_team_member.id', 'staff_account.display_name as staff_name', 'staff_account.job_title'])
    .where('care_team_member.person_id', '=', personId)
    .$if(ids !== undefined, (query) => query.where('care_team_member.id', 'in', ids!))
    .execute();

/** Care-team places a member of staff holds today, for everyone they work with (or for one person). */
export const currentPlacesOf = (db: Db, staffAccountId: string, today: string, personId?: string) =>
  db
    .selectFrom('care_team_member')
    .select(['person_id', 'id'])
    .where('staff_account_id', '=', staffAccountId)
    .where('from_date', '<=', today)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', today)]))
    .$if(personId !== undefined, (query) => query.where('person_id', '=', personId!))
    .orderBy('person_id')
    .orderBy('id')
    .execute();

export const insertCareTeamMember = (db: Db, row: Insertable<Database['care_team_member']>) => db.insertInto('care_team_member').values(row).execute();

/** Sets the last day of a membership; answers false when it is not this person's or has already ended. */
export const endCareTeamMember = async (db: Db, personId: string, memberId: string, lastDay: string, today: string): Promise<boolean> => {
  const result = await db
    .updateTable('care_team_member')
    .set({ until_date: lastDay })
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', today)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** People in the circle of support who have their own account, so sharing choices can reach them. */
export const circleMembersWithAccounts = (db: Db, personId: string) =>
  db
    .selectFrom('person_account_link')
    .innerJoin('circle_member', (join) =>
      join.onRef('circle_member.person_id', '=', 'person_account_link.person_id').onRef('circle_member.id', '=', 'person_account_link.circle_member_id'),
    )
    .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
    .select(['circle_member.id', 'circle_member.name', 'circle_member.relationship', 'circle_member.may_act_for_person', 'circle_member.authority_until'])
    .where('person_account_link.person_id', '=', personId)
    .where('person_account_link.acting_as', '=', 'circle_member')
    .where('circle_member.ended_at', 'is', null)
    .where('person_account.disabled_at', 'is', null)
    .orderBy('circle_member.name')
    .orderBy('circle_member.id')
    .execute();

/** Every sharing decision the person has made, newest first. */
export const sharingChoices = (db: Db, personId: string) =>
  db
    .selectFrom('sharing_choice')
    .select(['id', 'part', 'audience_kind', 'audience_id', 'decision', 'until_date', 'made_by_kind', 'made_by_id', 'made_by_name', 'made_at'])
    .where('person_id', '=', personId)
    .orderBy('made_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export type SharingChoiceRow = Awaited<ReturnType<typeof sharingChoices>>[number];

export const insertSharingChoices = (db: Db, rows: Insertable<Database['sharing_choice']>[]) =>
  rows.length ? db.insertInto('sharing_choice').values(rows).execute() : Promise.resolve([]);

/** Staff who can join a care team: practitioners and managers whose accounts are in use. Directory data, not person data. */
export const staffWhoCanJoinCareTeams = (db: Db) =>
  db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select(['staff_account.id', 'staff_account.display_name', 'staff_account.job_title', 'staff_account.organisation_id', 'organisation.name as organisation_name'])
    .where('staff_account.role', 'in', ['practitioner', 'manager'])
    .where('staff_account.disabled_at', 'is', null)
    .orderBy('organisation.name')
    .orderBy('staff_account.display_name')
    .orderBy('staff_account.id')
    .execute();

export type StaffOption = Awaited<ReturnType<typeof staffWhoCanJoinCareTeams>>[number];
