import { bindDatabase } from '../../db/bind.ts';
import type { Db } from '../../db/database.ts';
import { accessStampColumn } from '../../db/access-stamp.ts';
import type { Database } from '../../db/schema.ts';
import { expressionBuilder, sql, type Insertable } from 'kysely';
import { invitationQueries } from './invitation-store.ts';
import { staffQueries } from './store-staff.ts';
import { signInQueries } from './store-sign-in.ts';
import { leavingQueries } from './store-leaving.ts';
import { acceptanceQueries } from './store-acceptance.ts';
import { contactQueries } from './store-contact.ts';

export const findStaffByEmail = (db: Db, email: string) =>
  db
    .selectFrom('staff_account')
    .selectAll()
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();

export const findPersonAccountByEmail = (db: Db, email: string) =>
  db
    .selectFrom('person_account')
    .selectAll()
    .where('email', '=', email)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();

export const findStaffActorRow = (db: Db, id: string) =>
  db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'staff_account.id',
      'staff_account.display_name',
      'staff_account.email',
      'staff_account.role',
      'staff_account.job_title',
      'staff_account.totp_secret',
      'organisation.id as organisation_id',
      'organisation.name as organisation_name',
      'organisation.logo_url',
    ])
    .where('staff_account.id', '=', id)
    .where('staff_account.disabled_at', 'is', null)
    .executeTakeFirst();

/**
 * What "live" means for a session, in one place for every query that finds sessions: not ended, not
 * past its absolute expiry, and used within the idle limit. A session last seen longer ago than
 * `idleMs` is no longer live, whether it is being loaded for a request or listed for its owner.
 */
const liveSession = (now: Date, idleMs: number) => {
  const eb = expressionBuilder<Database, 'session'>();
  return eb.and([
    eb('session.ended_at', 'is', null),
    eb('session.expires_at', '>', now),
    eb('session.last_seen_at', '>=', new Date(now.getTime() - idleMs)),
  ]);
};

export const insertSession = (db: Db, row: Insertable<Database['session']>) =>
  db.insertInto('session').values(row).execute();

/** A live session with its account (staff and their organisation, or a person's account), in one query. */
export const findLiveSessionWithAccount = (db: Db, id: string, now: Date, idleMs: number) =>
  db
    .selectFrom('session')
    .leftJoin('staff_account as staff', (join) =>
      join
        .onRef('staff.id', '=', 'session.account_id')
        .on('session.account_kind', '=', 'staff')
        .on('staff.disabled_at', 'is', null),
    )
    .leftJoin('organisation', 'organisation.id', 'staff.organisation_id')
    .leftJoin('organisation_logo', 'organisation_logo.organisation_id', 'organisation.id')
    .leftJoin('person_account as citizen', (join) =>
      join
        .onRef('citizen.id', '=', 'session.account_id')
        .on('session.account_kind', '=', 'citizen')
        .on('citizen.disabled_at', 'is', null),
    )
    .select([
      'session.id',
      'session.account_kind',
      'session.account_id',
      'session.pending_second_factor',
      'session.last_seen_at',
      'staff.display_name as staff_name',
      'staff.email as staff_email',
      'staff.role',
      'staff.job_title',
      'organisation.id as organisation_id',
      'organisation.name as organisation_name',
      'organisation.logo_url',
      'organisation_logo.updated_at as logo_updated_at',
      'citizen.display_name as citizen_name',
      'citizen.email as citizen_email',
      accessStampColumn(),
    ])
    .where('session.id', '=', id)
    .where(liveSession(now, idleMs))
    .executeTakeFirst();

/** An organisation with when its uploaded logo last changed, if it has one; never the logo's bytes. */
export const findOrganisation = (db: Db, id: string) =>
  db
    .selectFrom('organisation')
    .leftJoin('organisation_logo', 'organisation_logo.organisation_id', 'organisation.id')
    .select([
      'organisation.id',
      'organisation.name',
      'organisation.kind',
      'organisation_logo.updated_at as logo_updated_at',
    ])
    .where('organisation.id', '=', id)
    .executeTakeFirst();

export const renameOrganisation = (db: Db, id: string, name: string) =>
  db.updateTable('organisation').set({ name }).where('id', '=', id).executeTakeFirst();

export const findOrganisationLogo = (db: Db, organisationId: string) =>
  db
    .selectFrom('organisation_logo')
    .select(['content_type', 'bytes', 'updated_at'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();

/**
 * Adds the organisation's logo, or replaces the one it has. The bytes travel as hex text that the
 * database decodes: the embedded database refuses bytea parameters sent as text, and hex works on both.
 */
export const saveOrganisationLogo = (db: Db, row: Insertable<Database['organisation_logo']>) =>
  db
    .insertInto('organisation_logo')
    .values({ ...row, bytes: sql<Uint8Array>`decode(${Buffer.from(row.bytes).toString('hex')}, 'hex')` })
    .onConflict((conflict) =>
      conflict.column('organisation_id').doUpdateSet((eb) => ({
        content_type: eb.ref('excluded.content_type'),
        bytes: eb.ref('excluded.bytes'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();

export const deleteOrganisationLogo = (db: Db, organisationId: string) =>
  db.deleteFrom('organisation_logo').where('organisation_id', '=', organisationId).executeTakeFirst();

export const touchSession = (db: Db, id: string, now: Date) =>
  db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();

export const endSession = (db: Db, id: string, accountId: string, now: Date) =>
  db
    .updateTable('session')
    .set({ ended_at: now })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();

export const endAllSessions = (db: Db, accountId: string, now: Date) =>
  db
    .updateTable('session')
    .set({ ended_at: now })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .execute();

/** An account's live sessions, by the same rule that loads a session for a request. */
export const listLiveSessions = (db: Db, accountId: string, now: Date, idleMs: number) =>
  db
    .selectFrom('session')
    .select(['id', 'user_agent', 'created_at', 'last_seen_at', 'expires_at'])
    .where('account_id', '=', accountId)
    .where(liveSession(now, idleMs))
    .orderBy('last_seen_at', 'desc')
    .execute();

export const recordSignInAttempt = (db: Db, row: Insertable<Database['sign_in_attempt']>) =>
  db.insertInto('sign_in_attempt').values(row).execute();

export async function countFailedAttempts(
  db: Db,
  column: 'email_key' | 'client_key',
  key: string,
  since: Date,
): Promise<number> {
  const row = await db
    .selectFrom('sign_in_attempt')
    .select((eb) => eb.fn.countAll<number>().as('failures'))
    .where(column, '=', key)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Identity's queries over one database, as its services are handed them. */
export const createIdentityStore = (db: Db) =>
  bindDatabase(db, {
    findStaffByEmail,
    findPersonAccountByEmail,
    findStaffActorRow,
    insertSession,
    findLiveSessionWithAccount,
    findOrganisation,
    renameOrganisation,
    findOrganisationLogo,
    saveOrganisationLogo,
    deleteOrganisationLogo,
    touchSession,
    endSession,
    endAllSessions,
    listLiveSessions,
    recordSignInAttempt,
    countFailedAttempts,
    ...invitationQueries,
    ...staffQueries,
    ...signInQueries,
    ...leavingQueries,
    ...acceptanceQueries,
    ...contactQueries,
  });

export type IdentityStore = ReturnType<typeof createIdentityStore>;
