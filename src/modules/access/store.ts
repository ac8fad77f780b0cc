import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { bindAccountLinks } from './store-accounts.ts';
import { bindReferrals } from './store-referrals.ts';
import { bindAccessLogView } from './store-access-log-view.ts';
import { keyWorkersAndRepresentatives, ownAccounts, representatives } from './store-recipients.ts';
import { ukDate } from '../../dates.ts';
import { citizenAccessFacts } from './store-citizen-facts.ts';
import { bindTeamContacts } from './store-team-contacts.ts';
import { careTeamQuery } from './store-care-team-query.ts';

// The access module's person tables, for one person at a time: bindAccessStore hands services a store already
// bound to the person the data context checked. Joins reach only identity's reference tables (staff and
// organisations), which every module may read.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

/** Every care-team membership of a person, past, present and future, with who and where they are. */
const careTeamMembers = (db: Db, personId: string) =>
  careTeamQuery(db, personId)
    .orderBy('organisation.name')
    .orderBy('staff_account.display_name')
    .orderBy('care_team_member.from_date')
    .orderBy('care_team_member.id')
    .execute();

export type CareTeamMemberRow = Awaited<ReturnType<typeof careTeamMembers>>[number];

/** Care-team places, past and present, with who holds them: those with these ids, or every place when no ids are given. */
const careTeamPlacesById = (db: Db, personId: string, ids?: readonly string[]) =>
  db
    .selectFrom('care_team_member')
    .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
    .select(['care_team_member.id', 'staff_account.display_name as staff_name', 'staff_account.job_title'])
    .where('care_team_member.person_id', '=', personId)
    .$if(ids !== undefined, (query) => query.where('care_team_member.id', 'in', ids!))
    .execute();

/** Care-team places a member of staff holds today, with their role in each, for everyone they work with (or for one person). */
export const currentPlacesOf = (db: Db, staffAccountId: string, today: string, personId?: string) =>
  db
    .selectFrom('care_team_member')
    .select(['person_id', 'id', 'team_role', 'is_key_worker'])
    .where('staff_account_id', '=', staffAccountId)
    .where('from_date', '<=', today)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', today)]))
    .$if(personId !== undefined, (query) => query.where('person_id', '=', personId!))
    .orderBy('person_id')
    .orderBy('id')
    .execute();

/** Sets the last day of a membership; answers false when it is not this person's or has already ended. */
const endCareTeamMember = async (
  db: Db,
  personId: string,
  memberId: string,
  lastDay: string,
  today: string,
): Promise<boolean> => {
  const result = await db
    .updateTable('care_team_member')
    .set({ until_date: lastDay })
    .where('person_id', '=', personId)
    .where('id', '=', memberId)
    .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', today)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** Circle members (by their id in the circle) whose own account, in use, is linked to the person's record. */
const circleMembersWithAccounts = async (db: Db, personId: string): Promise<Set<string>> =>
  new Set(
    (
      await db
        .selectFrom('person_account_link')
        .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
        .select('person_account_link.circle_member_id')
        .where('person_account_link.person_id', '=', personId)
        .where('person_account_link.acting_as', '=', 'circle_member')
        .where('person_account.disabled_at', 'is', null)
        .execute()
    ).flatMap((row) => (row.circle_member_id ? [row.circle_member_id] : [])),
  );

/** Every sharing decision the person has made, newest first. */
const sharingChoices = (db: Db, personId: string) =>
  db
    .selectFrom('sharing_choice')
    .select([
      'id',
      'part',
      'audience_kind',
      'audience_id',
      'decision',
      'until_date',
      'made_by_kind',
      'made_by_id',
      'made_by_name',
      'made_at',
      'told_how',
      'confirmed_by_name',
    ])
    .where('person_id', '=', personId)
    .orderBy('made_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export type SharingChoiceRow = Awaited<ReturnType<typeof sharingChoices>>[number];

/** Whether the person has their own account, set up and in use: then they make their own sharing choices. */
const hasOwnAccount = async (db: Db, personId: string): Promise<boolean> =>
  (await db
    .selectFrom('person_account_link')
    .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
    .select('person_account_link.person_id')
    .where('person_account_link.person_id', '=', personId)
    .where('person_account_link.acting_as', '=', 'self')
    .where('person_account.disabled_at', 'is', null)
    .where('person_account.password_hash', 'is not', null)
    .executeTakeFirst()) !== undefined;

/** Choices staff recorded that wait for a second member of staff, oldest first. */
const waitingChoices = (db: Db, personId: string) =>
  db
    .selectFrom('sharing_choice_waiting')
    .select([
      'id',
      'audience_kind',
      'audience_id',
      'parts',
      'until_date',
      'told_how',
      'recorded_by_id',
      'recorded_by_name',
      'recorded_at',
    ])
    .where('person_id', '=', personId)
    .where('settled_at', 'is', null)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute();

export type WaitingChoiceRow = Awaited<ReturnType<typeof waitingChoices>>[number];

/** Settles a waiting choice once; false when there is no such choice or it is settled already. */
const settleWaitingChoice = async (
  db: Db,
  personId: string,
  id: string,
  settled: { outcome: 'confirmed' | 'declined'; by: { id: string; name: string }; at: Date },
): Promise<boolean> => {
  const result = await db
    .updateTable('sharing_choice_waiting')
    .set({
      outcome: settled.outcome,
      settled_by_id: settled.by.id,
      settled_by_name: settled.by.name,
      settled_at: settled.at,
    })
    .where('person_id', '=', personId)
    .where('id', '=', id)
    .where('settled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** The person's emergency access grants, with who used each and where they work. */
const grantsWithWho = (db: Db, personId: string) =>
  db
    .selectFrom('break_glass_grant')
    .innerJoin('staff_account', 'staff_account.id', 'break_glass_grant.staff_account_id')
    .innerJoin('organisation', 'organisation.id', 'break_glass_grant.organisation_id')
    .select([
      'break_glass_grant.id',
      'break_glass_grant.reason',
      'break_glass_grant.granted_at',
      'break_glass_grant.expires_at',
      'staff_account.display_name as staff_name',
      'staff_account.job_title as staff_job_title',
      'organisation.name as organisation_name',
    ])
    .where('break_glass_grant.person_id', '=', personId);

/** Emergency access to the person's record since a moment, newest first. */
const emergencyAccessSince = (db: Db, personId: string, since: Date) =>
  grantsWithWho(db, personId)
    .where('break_glass_grant.granted_at', '>=', since)
    .orderBy('break_glass_grant.granted_at', 'desc')
    .orderBy('break_glass_grant.id', 'desc')
    .execute();

/** Emergency uses of the person's record not yet reviewed, the longest waiting first. */
const grantsWaitingForReview = (db: Db, personId: string) =>
  grantsWithWho(db, personId)
    .where('break_glass_grant.reviewed_at', 'is', null)
    .orderBy('break_glass_grant.granted_at')
    .orderBy('break_glass_grant.id')
    .execute();

export const insertStaffAlerts = (db: Db, rows: Insertable<Database['staff_alert']>[]) =>
  rows.length ? db.insertInto('staff_alert').values(rows).execute() : Promise.resolve([]);

/** The access module's store for one person: every query is about them and no one else. */
export function bindAccessStore(db: Db, personId: string) {
  return {
    /** The accounts that open this record: linking, unlinking and listing them. */
    ...bindAccountLinks(db, personId),
    ...bindReferrals(db, personId),
    ...bindTeamContacts(db, personId),
    careTeamMembers: () => careTeamMembers(db, personId),
    /** Who holds care-team places, past and present, by place id: those asked for, or every place when `ids` is left out. */
    careTeamNames: async (ids?: readonly string[]): Promise<Map<string, { name: string; jobTitle: string }>> => {
      if (ids?.length === 0) return new Map();
      const rows = await careTeamPlacesById(db, personId, ids);
      return new Map(rows.map((row) => [row.id, { name: row.staff_name, jobTitle: row.job_title }]));
    },
    /** Whether this care-team place belongs to this member of staff and counts today (`today` is 'YYYY-MM-DD'). */
    isCurrentPlaceOf: async (placeId: string, staffAccountId: string, today: string) =>
      (await currentPlacesOf(db, staffAccountId, today, personId)).some((place) => place.id === placeId),
    insertCareTeamMember: (row: Bound<'care_team_member'>) =>
      db
        .insertInto('care_team_member')
        .values({ ...row, person_id: personId })
        .execute(),
    endCareTeamMember: (memberId: string, lastDay: string, today: string) =>
      endCareTeamMember(db, personId, memberId, lastDay, today),
    /** Makes a place the key worker's, as when someone takes over from a key worker who left. */
    makeKeyWorker: (memberId: string) =>
      db
        .updateTable('care_team_member')
        .set({ is_key_worker: true })
        .where('person_id', '=', personId)
        .where('id', '=', memberId)
        .execute(),
    circleMembersWithAccounts: () => circleMembersWithAccounts(db, personId),
    /** What the policy decides a person's account by, for this record (as the data context reads it for a signed-in account). */
    citizenFacts: (accountId: string) => citizenAccessFacts(db, personId, accountId),
    sharingChoices: () => sharingChoices(db, personId),
    insertSharingChoices: (rows: Bound<'sharing_choice'>[]) =>
      rows.length
        ? db
            .insertInto('sharing_choice')
            .values(rows.map((row) => ({ ...row, person_id: personId })))
            .execute()
        : Promise.resolve([]),
    hasOwnAccount: () => hasOwnAccount(db, personId),
    waitingChoices: () => waitingChoices(db, personId),
    insertWaitingChoice: (row: Omit<Bound<'sharing_choice_waiting'>, 'parts'> & { parts: readonly string[] }) =>
      db
        .insertInto('sharing_choice_waiting')
        .values({ ...row, parts: JSON.stringify(row.parts) as never, person_id: personId })
        .execute(),
    settleWaitingChoice: (
      id: string,
      settled: { outcome: 'confirmed' | 'declined'; by: { id: string; name: string }; at: Date },
    ) => settleWaitingChoice(db, personId, id, settled),
    /** Who is told of what happens to the person: key workers today and the accounts of those who act for them. */
    keyWorkersAndRepresentatives: (today = ukDate(new Date())) => keyWorkersAndRepresentatives(db, personId, today),
    /** The person's own account, to tell them something. */
    ownAccounts: () => ownAccounts(db, personId),
    /** The accounts of those who act for the person today. */
    representativeAccounts: (today = ukDate(new Date())) => representatives(db, personId, today),
    /** Alerts to staff about this person. */
    insertStaffAlerts: (rows: Bound<'staff_alert'>[]) =>
      insertStaffAlerts(
        db,
        rows.map((row) => ({ ...row, person_id: personId })),
      ),
    ...bindAccessLogView(db, personId),
    emergencyAccessSince: (since: Date) => emergencyAccessSince(db, personId, since),
    grantsWaitingForReview: () => grantsWaitingForReview(db, personId),
  };
}

export type AccessStore = ReturnType<typeof bindAccessStore>;
