import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { arrayLiteral } from '../../db/statements.ts';
import type { ContactChange } from './contact-change.ts';
import type { WorkingDay } from './working-hours.ts';

/** What the contact columns become when saved: the days as one array parameter, which both databases take. */
export const contactColumns = (change: ContactChange) => ({
  work_phone: change.workPhone,
  work_email: change.workEmail,
  team: change.team,
  working_days: sql<WorkingDay[]>`${arrayLiteral(change.workingDays)}::text[]`,
  working_from: change.workingFrom,
  working_until: change.workingUntil,
});

/** The columns a member of staff's work contact is made from (identity's `workContact`). */
export const STAFF_CONTACT_COLUMNS = [
  'staff_account.email',
  'staff_account.work_email',
  'staff_account.work_phone',
  'staff_account.team',
  'staff_account.working_days',
  'staff_account.working_from',
  'staff_account.working_until',
] as const;

/** A member of staff's contact details, with who they are and where they work. */
export const findStaffContact = (db: Db, id: string) =>
  db
    .selectFrom('staff_account')
    .innerJoin('organisation', 'organisation.id', 'staff_account.organisation_id')
    .select([
      'staff_account.id',
      'staff_account.organisation_id',
      'staff_account.display_name',
      'staff_account.job_title',
      ...STAFF_CONTACT_COLUMNS,
      'staff_account.disabled_at',
      'organisation.name as organisation_name',
    ])
    .where('staff_account.id', '=', id)
    .executeTakeFirst();

/** Saves a member of staff's own contact details, while their account is open; false when it is not. */
export const updateStaffContact = async (db: Db, id: string, change: ContactChange): Promise<boolean> =>
  Number(
    (
      await db
        .updateTable('staff_account')
        .set(contactColumns(change))
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) === 1;

export const contactQueries = { findStaffContact, updateStaffContact };
