import type { Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { SharingDecisionRow } from './policy.ts';
import type { RecordPart } from './tables.ts';

export const personExists = async (db: Db, personId: string): Promise<boolean> =>
  Boolean(await db.selectFrom('person').select('person_id').where('person_id', '=', personId).executeTakeFirst());

export const isInCareTeam = async (db: Db, personId: string, staffId: string, today: string): Promise<boolean> =>
  Boolean(
    await db
      .selectFrom('care_team_member')
      .select('id')
      .where('person_id', '=', personId)
      .where('staff_account_id', '=', staffId)
      .where('from_date', '<=', today)
      .where((eb) => eb.or([eb('until_date', 'is', null), eb('until_date', '>=', today)]))
      .executeTakeFirst(),
  );

/** Sharing decisions aimed at any of the given audiences, newest first. */
export const sharingDecisions = (db: Db, personId: string, audienceIds: string[]): Promise<(SharingDecisionRow & { part: RecordPart })[]> =>
  db
    .selectFrom('sharing_choice')
    .select(['part', 'audience_kind', 'decision', 'until_date'])
    .where('person_id', '=', personId)
    .where('audience_id', 'in', audienceIds)
    .orderBy('made_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export const activeBreakGlassGrant = (db: Db, personId: string, staffId: string, now: Date) =>
  db
    .selectFrom('break_glass_grant')
    .select('id')
    .where('person_id', '=', personId)
    .where('staff_account_id', '=', staffId)
    .where('expires_at', '>', now)
    .orderBy('expires_at', 'desc')
    .executeTakeFirst();

export const accountLink = (db: Db, personId: string, accountId: string) =>
  db
    .selectFrom('person_account_link')
    .leftJoin('circle_member', (join) =>
      join.onRef('circle_member.person_id', '=', 'person_account_link.person_id').onRef('circle_member.id', '=', 'person_account_link.circle_member_id'),
    )
    .select([
      'person_account_link.acting_as', 'person_account_link.circle_member_id', 'circle_member.may_act_for_person',
      'circle_member.authority_until', 'circle_member.ended_at',
    ])
    .where('person_account_link.person_id', '=', personId)
    .where('person_account_link.person_account_id', '=', accountId)
    .executeTakeFirst();

export const insertAccessLog = (db: Db, row: Insertable<Database['access_log']>) => db.insertInto('access_log').values(row).execute();

export const insertAccessLogs = (db: Db, rows: Insertable<Database['access_log']>[]) =>
  rows.length ? db.insertInto('access_log').values(rows).execute() : Promise.resolve([]);
