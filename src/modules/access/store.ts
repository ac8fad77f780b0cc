import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { SharingDecisionRow } from './policy.ts';
import type { RecordPart } from './tables.ts';

export const personExists = async (db: Db, personId: string): Promise<boolean> =>
  Boolean(await db.selectFrom('person').select('person_id').where('person_id', '=', personId).executeTakeFirst());

export const activeBreakGlassGrant = (db: Db, personId: string, staffId: string, now: Date) =>
  db
    .selectFrom('break_glass_grant')
    .select(['id', 'expires_at'])
    .where('person_id', '=', personId)
    .where('staff_account_id', '=', staffId)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();

type SharingFact = SharingDecisionRow & { part: RecordPart };

/** The person's sharing decisions aimed at any of the given audiences, newest first, as one JSON value. */
const decisionsFor = (audienceIds: string[]) =>
  sql<SharingFact[]>`coalesce((
    select json_agg(json_build_object('part', s.part, 'audience_kind', s.audience_kind, 'decision', s.decision, 'until_date', s.until_date)
                    order by s.made_at desc, s.id desc)
    from sharing_choice s
    where s.person_id = person.person_id and s.audience_id in (${sql.join(audienceIds)})), '[]'::json)`;

/**
 * Everything the access policy needs about one member of staff and one person, in one query: whether
 * the person exists, a current care-team place, an unexpired emergency grant, and the sharing decisions
 * about the staff member and their organisation. Undefined when the person does not exist.
 */
export const staffAccessFacts = (db: Db, personId: string, staff: { id: string; organisationId: string }, today: string, now: Date) =>
  db
    .selectFrom('person')
    .select((eb) => [
      eb
        .exists(
          eb.selectFrom('care_team_member as c').select('c.id')
            .whereRef('c.person_id', '=', 'person.person_id')
            .where('c.staff_account_id', '=', staff.id)
            .where('c.from_date', '<=', today)
            .where((inner) => inner.or([inner('c.until_date', 'is', null), inner('c.until_date', '>=', today)])),
        )
        .as('in_care_team'),
      eb.selectFrom('break_glass_grant as g').select('g.id')
        .whereRef('g.person_id', '=', 'person.person_id')
        .where('g.staff_account_id', '=', staff.id)
        .where('g.expires_at', '>', now)
        .orderBy('g.expires_at', 'desc')
        .limit(1)
        .as('grant_id'),
      decisionsFor([staff.id, staff.organisationId]).as('decisions'),
    ])
    .where('person.person_id', '=', personId)
    .executeTakeFirst();

/** The same for a signed-in person's account: its link to the person, and sharing decisions about its circle member. */
export const citizenAccessFacts = (db: Db, personId: string, accountId: string) =>
  db
    .selectFrom('person')
    .leftJoin('person_account_link as l', (join) => join.onRef('l.person_id', '=', 'person.person_id').on('l.person_account_id', '=', accountId))
    .leftJoin('circle_member as m', (join) => join.onRef('m.person_id', '=', 'l.person_id').onRef('m.id', '=', 'l.circle_member_id'))
    .select([
      'l.acting_as', 'l.circle_member_id', 'm.may_act_for_person', 'm.authority_until', 'm.ended_at',
      sql<SharingFact[]>`case when l.circle_member_id is null then '[]'::json else coalesce((
        select json_agg(json_build_object('part', s.part, 'audience_kind', s.audience_kind, 'decision', s.decision, 'until_date', s.until_date)
                        order by s.made_at desc, s.id desc)
        from sharing_choice s where s.person_id = person.person_id and s.audience_id = l.circle_member_id), '[]'::json) end`.as('decisions'),
    ])
    .where('person.person_id', '=', personId)
    .executeTakeFirst();

export const insertAccessLog = (db: Db, row: Insertable<Database['access_log']>) => db.insertInto('access_log').values(row).execute();

export const insertAccessLogs = (db: Db, rows: Insertable<Database['access_log']>[]) =>
  rows.length ? db.insertInto('access_log').values(rows).execute() : Promise.resolve([]);

/** The people in a member of staff's current care teams, with their place in each team; one row per team membership. */
export const currentCareTeamPeople = (db: Db, staffId: string, today: string) =>
  db
    .selectFrom('care_team_member')
    .innerJoin('person', 'person.person_id', 'care_team_member.person_id')
    .select([
      'person.person_id', 'person.given_name', 'person.family_name', 'person.preferred_name', 'person.date_of_birth',
      'care_team_member.team_role', 'care_team_member.is_key_worker',
    ])
    .where('care_team_member.staff_account_id', '=', staffId)
    .where('care_team_member.from_date', '<=', today)
    .where((eb) => eb.or([eb('care_team_member.until_date', 'is', null), eb('care_team_member.until_date', '>=', today)]))
    .orderBy('person.family_name')
    .orderBy('person.given_name')
    .orderBy('person.person_id')
    .execute();

/** Sharing decisions about one part for many people at once, newest first: for lists that check each person. */
export const sharingDecisionsForPeople = (db: Db, personIds: string[], audienceIds: string[], part: RecordPart) =>
  personIds.length
    ? db
        .selectFrom('sharing_choice')
        .select(['person_id', 'audience_kind', 'decision', 'until_date'])
        .where('person_id', 'in', personIds)
        .where('audience_id', 'in', audienceIds)
        .where('part', '=', part)
        .orderBy('made_at', 'desc')
        .orderBy('id', 'desc')
        .execute()
    : Promise.resolve([]);

/** The person with exactly this NHS number and date of birth, if there is one. */
export const personByNhsNumberAndBirthDate = (db: Db, nhsNumber: string, dateOfBirth: string) =>
  db
    .selectFrom('person')
    .select(['person_id', 'given_name', 'family_name', 'preferred_name', 'date_of_birth', 'nhs_number'])
    .where('nhs_number', '=', nhsNumber)
    .where('date_of_birth', '=', dateOfBirth)
    .orderBy('person_id')
    .executeTakeFirst();

export const personName = (db: Db, personId: string) =>
  db.selectFrom('person').select(['given_name', 'family_name', 'preferred_name']).where('person_id', '=', personId).executeTakeFirst();

export const insertBreakGlassGrant = (db: Db, row: Insertable<Database['break_glass_grant']>) => db.insertInto('break_glass_grant').values(row).execute();

/** Staff who review emergency access: every privacy officer whose account is in use. */
export const privacyOfficerIds = async (db: Db): Promise<string[]> =>
  (await db.selectFrom('staff_account').select('id').where('role', '=', 'privacy_officer').where('disabled_at', 'is', null).orderBy('id').execute()).map((row) => row.id);

export const insertStaffAlerts = (db: Db, rows: Insertable<Database['staff_alert']>[]) =>
  rows.length ? db.insertInto('staff_alert').values(rows).execute() : Promise.resolve([]);

/** Emergency access not yet reviewed, the longest waiting first, with who used it and whose record it was. */
export const grantsWaitingForReview = (db: Db) =>
  db
    .selectFrom('break_glass_grant')
    .innerJoin('staff_account', 'staff_account.id', 'break_glass_grant.staff_account_id')
    .innerJoin('organisation', 'organisation.id', 'break_glass_grant.organisation_id')
    .innerJoin('person', 'person.person_id', 'break_glass_grant.person_id')
    .select([
      'break_glass_grant.person_id', 'break_glass_grant.id', 'break_glass_grant.reason', 'break_glass_grant.granted_at', 'break_glass_grant.expires_at',
      'staff_account.display_name as staff_name', 'staff_account.job_title as staff_job_title', 'organisation.name as organisation_name',
      'person.given_name', 'person.family_name', 'person.preferred_name',
    ])
    .where('break_glass_grant.reviewed_at', 'is', null)
    .orderBy('break_glass_grant.granted_at')
    .orderBy('break_glass_grant.id')
    .execute();

export const countGrantsWaitingForReview = async (db: Db): Promise<number> =>
  Number((await db.selectFrom('break_glass_grant').select((eb) => eb.fn.countAll().as('n')).where('reviewed_at', 'is', null).executeTakeFirstOrThrow()).n);

/** Records a review once: answers false when the grant does not exist or was already reviewed. */
export const reviewGrant = async (db: Db, personId: string, grantId: string, review: { by: string; at: Date; note: string }): Promise<boolean> => {
  const result = await db
    .updateTable('break_glass_grant')
    .set({ reviewed_at: review.at, reviewed_by: review.by, review_note: review.note })
    .where('person_id', '=', personId)
    .where('id', '=', grantId)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** A member of staff's alerts: unread first, then newest first. */
export const alertsFor = (db: Db, staffId: string, limit: number) =>
  db
    .selectFrom('staff_alert')
    .select(['person_id', 'id', 'message', 'created_at', 'read_at'])
    .where('staff_account_id', '=', staffId)
    .orderBy((eb) => eb.case().when('read_at', 'is', null).then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

export const markAlertRead = async (db: Db, personId: string, alertId: string, staffId: string, at: Date): Promise<boolean> => {
  const result = await db
    .updateTable('staff_alert')
    .set({ read_at: at })
    .where('person_id', '=', personId)
    .where('id', '=', alertId)
    .where('staff_account_id', '=', staffId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
};

/** One page of a person's access log, newest first, with the reason for any emergency access. */
/**
 * Entries no newer than the one `upto` names, so later pages follow on from the first one seen even as
 * new entries arrive (reading the log adds one). No `upto`: from the newest.
 */
const noNewerThan = (personId: string, upto: string) =>
  sql<boolean>`(access_log.at, access_log.id) <= (select anchor.at, anchor.id from access_log anchor where anchor.person_id = ${personId} and anchor.id = ${upto})`;

export const accessLogPage = (db: Db, personId: string, options: { includeRefused: boolean; limit: number; offset: number; upto?: string }) =>
  db
    .selectFrom('access_log')
    .leftJoin('break_glass_grant', (join) =>
      join.onRef('break_glass_grant.person_id', '=', 'access_log.person_id').onRef('break_glass_grant.id', '=', 'access_log.break_glass_grant_id'),
    )
    .select([
      'access_log.id', 'access_log.at', 'access_log.actor_kind', 'access_log.actor_name', 'access_log.actor_role', 'access_log.organisation_name',
      'access_log.action', 'access_log.part', 'access_log.purpose', 'access_log.summary', 'break_glass_grant.reason as emergency_reason',
    ])
    .where('access_log.person_id', '=', personId)
    .$if(!options.includeRefused, (query) => query.where('access_log.action', '!=', 'refused'))
    .$if(options.upto !== undefined, (query) => query.where(noNewerThan(personId, options.upto!)))
    .orderBy('access_log.at', 'desc')
    .orderBy('access_log.id', 'desc')
    .limit(options.limit)
    .offset(options.offset)
    .execute();

export const countAccessLog = async (db: Db, personId: string, includeRefused: boolean, upto?: string): Promise<number> =>
  Number(
    (
      await db
        .selectFrom('access_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('access_log.person_id', '=', personId)
        .$if(!includeRefused, (query) => query.where('access_log.action', '!=', 'refused'))
        .$if(upto !== undefined, (query) => query.where(noNewerThan(personId, upto!)))
        .executeTakeFirstOrThrow()
    ).n,
  );
