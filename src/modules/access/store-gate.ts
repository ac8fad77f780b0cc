import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import { THEN_COMMIT } from '../../db/postgres-round-trips.ts';
import type { Database } from '../../db/schema.ts';
import type { AccessPart } from '../../data/person-data.ts';
import { newId } from '../../ids.ts';
import type { SharingFact } from './store-citizen-facts.ts';
import { currentPlacesOf, insertStaffAlerts } from './store.ts';
import { staffLeavingReference } from './store-staff-leaving.ts';
import { accountLinksReference } from './store-accounts.ts';
import { peopleReferredTo } from './store-referrals.ts';
import { keyWorkersAndRepresentatives } from './store-recipients.ts';
import { ukDate } from '../../dates.ts';
import { bindPeopleStore } from '../people/index.ts';
import { bindNotificationStore, type Notification, type NotificationMailSettings } from '../notifications/index.ts';

// The data context's own queries: the facts access is decided on, the access log it writes, emergency grants
// and alerts, and the lists of ids that pages of many people start from. Only the data context and the access
// module's reference store use them.

export type StaffFacts = {
  in_care_team: boolean;
  organisation_in_care_team: boolean;
  grant: { id: string; expiresAt: string } | null;
  decisions: SharingFact[];
  /** The parts referred to the staff member's organisation, still open (migration 0018). */
  referred_parts: AccessPart[];
};

/**
 * Everything the access policy needs about one member of staff and each of `personIds` that exists, in one call of
 * the database's `staff_access_facts` (migration 0013, whose plans the database keeps): a current care-team place
 * held by the staff member and by anyone from their organisation, their newest unexpired emergency grant, and the
 * person's sharing decisions about them or their organisation, newest first. People who do not exist are left out.
 */
export async function staffAccessFacts(
  db: Db,
  personIds: readonly string[],
  staff: { id: string; organisationId: string },
  today: string,
  now: Date,
): Promise<Map<string, StaffFacts>> {
  if (!personIds.length) return new Map();
  const { rows } = await sql<StaffFacts & { person_id: string }>`select * from staff_access_facts(
      ${`{${personIds.join(',')}}`}::uuid[], ${staff.id}::uuid, ${staff.organisationId}::uuid, ${today}::date,
      ${now}::timestamptz)`.execute(db);
  return new Map(rows.map(({ person_id, ...facts }) => [person_id, facts]));
}

export { citizenAccessFacts, type CitizenFacts } from './store-citizen-facts.ts';

export type AccessLogRow = Insertable<Database['access_log']>;

export const insertAccessLogs = (db: Db, rows: AccessLogRow[]) =>
  rows.length ? db.insertInto('access_log').values(rows).execute() : Promise.resolve([]);

/**
 * Adds log rows as the last statement of a transaction that ends once they are added: on a PostgreSQL server the
 * commit goes with them, in one round trip (postgres-round-trips.ts). Nothing may run in the transaction after it.
 */
export const insertLastAccessLogs = (trx: Db, rows: [AccessLogRow, ...AccessLogRow[]]) =>
  trx.insertInto('access_log').values(rows).modifyEnd(sql.raw(THEN_COMMIT)).execute();

const insertBreakGlassGrant = (db: Db, row: Insertable<Database['break_glass_grant']>) =>
  db.insertInto('break_glass_grant').values(row).execute();

const activeBreakGlassGrant = (db: Db, personId: string, staffId: string, now: Date) =>
  db
    .selectFrom('break_glass_grant')
    .select(['id', 'expires_at'])
    .where('person_id', '=', personId)
    .where('staff_account_id', '=', staffId)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();

/** Staff who review emergency access: every privacy officer whose account is in use. */
const privacyOfficerIds = async (db: Db): Promise<string[]> =>
  (
    await db
      .selectFrom('staff_account')
      .select('id')
      .where('role', '=', 'privacy_officer')
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .execute()
  ).map((row) => row.id);

/** Ids only: the people with emergency access waiting for review, longest waiting first. */
const peopleWithGrantsWaitingForReview = async (db: Db): Promise<string[]> =>
  (
    await db
      .selectFrom('break_glass_grant')
      .select('person_id')
      .select((eb) => eb.fn.min('granted_at').as('first'))
      .where('reviewed_at', 'is', null)
      .groupBy('person_id')
      .orderBy('first')
      .orderBy('person_id')
      .execute()
  ).map((row) => row.person_id);

const countGrantsWaitingForReview = async (db: Db): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('break_glass_grant')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('reviewed_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A member of staff's alerts: unread first, then newest first. */
const alertsFor = (db: Db, staffId: string, limit: number) =>
  db
    .selectFrom('staff_alert')
    .select(['person_id', 'id', 'message', 'created_at', 'read_at'])
    .where('staff_account_id', '=', staffId)
    .orderBy((eb) => eb.case().when('read_at', 'is', null).then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

const markAlertRead = async (
  db: Db,
  personId: string,
  alertId: string,
  staffId: string,
  at: Date,
): Promise<boolean> => {
  const result = await db
    .updateTable('staff_alert')
    .set({ read_at: at })
    .where('person_id', '=', personId)
    .where('id', '=', alertId)
    .where('staff_account_id', '=', staffId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** Ids only: the records a signed-in account is linked to, and how, oldest link first. */
const accountLinks = (db: Db, accountId: string) =>
  db
    .selectFrom('person_account_link')
    .select(['person_id', 'acting_as'])
    .where('person_account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('person_id')
    .execute();

/** Staff who can join a care team: practitioners and managers whose accounts are in use. Directory data, not person data. */
const staffWhoCanJoinCareTeams = (db: Db) =>
  db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'staff_account.id',
      'staff_account.display_name',
      'staff_account.job_title',
      'staff_account.organisation_id',
      'organisation.name as organisation_name',
    ])
    .where('staff_account.role', 'in', ['practitioner', 'manager'])
    .where('staff_account.disabled_at', 'is', null)
    .orderBy('organisation.name')
    .orderBy('staff_account.display_name')
    .orderBy('staff_account.id')
    .execute();

export type StaffOption = Awaited<ReturnType<typeof staffWhoCanJoinCareTeams>>[number];

/** Records a review once: answers false when the grant does not exist or was already reviewed. */
const updateGrantReview = async (
  db: Db,
  personId: string,
  grantId: string,
  review: { by: string; at: Date; note: string },
): Promise<boolean> => {
  const result = await db
    .updateTable('break_glass_grant')
    .set({ reviewed_at: review.at, reviewed_by: review.by, review_note: review.note })
    .where('person_id', '=', personId)
    .where('id', '=', grantId)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/**
 * What the access module reads that is about nobody's record in particular: lists of ids that pages of many
 * people start from (each person is then read through the data context), the actor's own alerts, and the
 * directory of staff. Starting emergency access is here too: it is the one write made before access is allowed.
 */
export function createAccessReference(db: Db, mail?: NotificationMailSettings) {
  return {
    /** Answers when the database does: for the readiness check. */
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    /** The care-team places a member of staff holds today, across everyone they work with: ids and roles only. */
    currentPlacesOf: (staffId: string, today: string) => currentPlacesOf(db, staffId, today),
    peopleWithGrantsWaitingForReview: () => peopleWithGrantsWaitingForReview(db),
    /** The people whose case is open to an organisation's panel, ids only, for its queue. */
    peopleReferredToPanel: (organisationId: string) => peopleReferredTo(db, organisationId, 'panel_case'),
    countGrantsWaitingForReview: () => countGrantsWaitingForReview(db),
    activeBreakGlassGrant: (personId: string, staffId: string, now: Date) =>
      activeBreakGlassGrant(db, personId, staffId, now),
    /**
     * The grant, the log row saying why, an alert for every privacy officer, and a notification to the person's key
     * workers and whoever acts for them (`tell` words it, given the person's name), in one transaction.
     */
    startEmergencyAccess: (
      grant: Insertable<Database['break_glass_grant']>,
      logRow: Insertable<Database['access_log']>,
      alertMessage: string,
      tell: (personName: string) => Omit<Notification, 'recipients'>,
    ) =>
      db.transaction().execute(async (trx) => {
        await insertBreakGlassGrant(trx, grant);
        await insertAccessLogs(trx, [logRow]);
        const recipients = (await keyWorkersAndRepresentatives(trx, grant.person_id, ukDate(grant.granted_at))).filter(
          (recipient) => !(recipient.kind === 'staff' && recipient.accountId === grant.staff_account_id),
        );
        if (recipients.length)
          await bindNotificationStore(trx, grant.person_id, mail).notify({
            ...tell(await bindPeopleStore(trx, grant.person_id).name()),
            recipients,
          });
        const officers = await privacyOfficerIds(trx);
        await insertStaffAlerts(
          trx,
          officers.map((officerId) => ({
            person_id: grant.person_id,
            id: newId(),
            staff_account_id: officerId,
            message: alertMessage,
            created_at: grant.granted_at,
            read_at: null,
          })),
        );
      }),
    /** Records a review once, with its log row: answers false, changing nothing, when the grant does not exist or was already reviewed. */
    reviewGrant: (
      personId: string,
      grantId: string,
      review: { by: string; at: Date; note: string },
      logRow: Insertable<Database['access_log']>,
    ) =>
      db.transaction().execute(async (trx) => {
        if (!(await updateGrantReview(trx, personId, grantId, review))) return false;
        await insertAccessLogs(trx, [logRow]);
        return true;
      }),
    alertsFor: (staffId: string, limit: number) => alertsFor(db, staffId, limit),
    markAlertRead: (personId: string, alertId: string, staffId: string, at: Date) =>
      markAlertRead(db, personId, alertId, staffId, at),
    accountLinks: (accountId: string) => accountLinks(db, accountId),
    staffWhoCanJoinCareTeams: () => staffWhoCanJoinCareTeams(db),
    /** A member of staff who is leaving, and the colleagues who could take over their care-team places. */
    ...staffLeavingReference(db),
    /** Whether an e-mail address is already a record's own account, and how many records an account opens. */
    ...accountLinksReference(db),
  };
}

export type AccessReference = ReturnType<typeof createAccessReference>;
