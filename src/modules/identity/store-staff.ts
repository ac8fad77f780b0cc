import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { contactColumns } from './store-contact.ts';
import type { ContactChange } from './contact-change.ts';

/**
 * One organisation's staff, for its administrator: with whether each has set up their account, and when
 * their latest open invitation expires (null when none is open).
 */
export const listStaffOf = (db: Db, organisationId: string, now: Date) =>
  db
    .selectFrom('staff_account')
    .select((eb) => [
      'staff_account.id',
      'staff_account.display_name',
      'staff_account.email',
      'staff_account.role',
      'staff_account.job_title',
      'staff_account.team',
      'staff_account.disabled_at',
      eb('staff_account.password_hash', 'is not', null).as('set_up'),
      eb
        .selectFrom('invitation')
        .select((inner) => inner.fn.max('invitation.expires_at').as('expires_at'))
        .whereRef('invitation.account_id', '=', 'staff_account.id')
        .where('invitation.accepted_at', 'is', null)
        .where('invitation.withdrawn_at', 'is', null)
        .where('invitation.expires_at', '>', now)
        .as('invitation_expires_at'),
    ])
    .where('staff_account.organisation_id', '=', organisationId)
    .orderBy('staff_account.display_name')
    .orderBy('staff_account.id')
    .execute();

/** One member of staff with their organisation's name; disabled accounts included. */
export const findStaffMember = (db: Db, id: string) =>
  db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'staff_account.id',
      'staff_account.organisation_id',
      'staff_account.display_name',
      'staff_account.email',
      'staff_account.role',
      'staff_account.job_title',
      'staff_account.work_phone',
      'staff_account.team',
      'staff_account.work_email',
      'staff_account.working_days',
      'staff_account.working_from',
      'staff_account.working_until',
      'staff_account.disabled_at',
      'staff_account.created_at',
      'organisation.name as organisation_name',
    ])
    .select((eb) => eb('staff_account.password_hash', 'is not', null).as('set_up'))
    .where('staff_account.id', '=', id)
    .executeTakeFirst();

type StaffChange = Pick<Updateable<Database['staff_account']>, 'role' | 'job_title'>;

/**
 * Changes a member of staff's role and details. When the change takes away an administrator, it is made only
 * if another administrator of the organisation remains who has set up their account and has not left: checked
 * and changed in one transaction that locks the organisation's administrators, so two administrators demoting
 * each other at once cannot both succeed.
 */
export const updateStaffMember = (
  db: Db,
  id: string,
  organisationId: string,
  change: StaffChange,
  contact: ContactChange,
) =>
  db.transaction().execute(async (trx) => {
    const administrators = await trx
      .selectFrom('staff_account')
      .select((eb) => ['id', eb('password_hash', 'is not', null).as('set_up')])
      .where('organisation_id', '=', organisationId)
      .where('role', '=', 'administrator')
      .where('disabled_at', 'is', null)
      .orderBy('id')
      .forUpdate()
      .execute();
    const others = administrators.filter((row) => row.id !== id && row.set_up);
    const demoted = administrators.some((row) => row.id === id) && change.role !== 'administrator';
    if (demoted && others.length === 0) return 'last-administrator' as const;
    const result = await trx
      .updateTable('staff_account')
      .set({ ...change, ...contactColumns(contact) })
      .where('id', '=', id)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n ? ('changed' as const) : ('not-found' as const);
  });

/** Every organisation, with its trust for a ward and how many staff accounts it has. */
export const listOrganisations = (db: Db) =>
  db
    .selectFrom('organisation')
    .select((eb) => [
      'organisation.id',
      'organisation.name',
      'organisation.kind',
      'organisation.ods_code',
      'organisation.parent_id',
      eb
        .selectFrom('staff_account')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('staff_account.organisation_id', '=', 'organisation.id')
        .where('staff_account.disabled_at', 'is', null)
        .as('staff_count'),
    ])
    .orderBy('organisation.name')
    .orderBy('organisation.id')
    .execute();

/** The organisation with this ODS code, if any (codes are compared as capitals). */
export const findOrganisationByOdsCode = (db: Db, odsCode: string) =>
  db.selectFrom('organisation').select(['id', 'name']).where('ods_code', '=', odsCode).executeTakeFirst();

/** An organisation, its first administrator's account and their invitation: all three or none. */
export const insertOrganisationWithAdministrator = (
  db: Db,
  organisation: Insertable<Database['organisation']>,
  account: Insertable<Database['staff_account']>,
  invitation: Insertable<Database['invitation']>,
) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto('organisation').values(organisation).execute();
    await trx.insertInto('staff_account').values(account).execute();
    await trx.insertInto('invitation').values(invitation).execute();
  });

/** Staff and organisation queries for administrators, bound into the identity store beside the others. */
export const staffQueries = {
  listStaffOf,
  findStaffMember,
  updateStaffMember,
  listOrganisations,
  findOrganisationByOdsCode,
  insertOrganisationWithAdministrator,
};
