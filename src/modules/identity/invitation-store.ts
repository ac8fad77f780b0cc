import type { Insertable } from 'kysely';
import type { StaffRole } from '../../data/actor.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

type InvitationRow = Insertable<Database['invitation']>;

/** An invitation that can still be accepted, with the account it opens. */
export type OpenInvitation = {
  id: string;
  accountKind: 'staff' | 'citizen';
  accountId: string;
  email: string;
  displayName: string;
  invitedByName: string;
  createdAt: Date;
  expiresAt: Date;
  /** Staff only: the organisation they will work for and their role; null for a person's account. */
  organisationName: string | null;
  role: StaffRole | null;
  hasPassword: boolean;
  /** Staff only: whether a one-time-code app is already set up. */
  hasCode: boolean;
};

export const insertInvitation = (db: Db, row: InvitationRow) => db.insertInto('invitation').values(row).execute();

/**
 * The invitation a link's token hash names, only while it is open: not accepted, not withdrawn, not expired,
 * and its account still exists and is not disabled. Undefined otherwise, without saying which.
 */
export async function findOpenInvitation(db: Db, tokenHash: string, now: Date): Promise<OpenInvitation | undefined> {
  const row = await db
    .selectFrom('invitation')
    .leftJoin('staff_account as staff', (join) =>
      join
        .onRef('staff.id', '=', 'invitation.account_id')
        .on('invitation.account_kind', '=', 'staff')
        .on('staff.disabled_at', 'is', null),
    )
    .leftJoin('organisation', 'organisation.id', 'staff.organisation_id')
    .leftJoin('person_account as citizen', (join) =>
      join
        .onRef('citizen.id', '=', 'invitation.account_id')
        .on('invitation.account_kind', '=', 'citizen')
        .on('citizen.disabled_at', 'is', null),
    )
    .select([
      'invitation.id',
      'invitation.account_kind',
      'invitation.account_id',
      'invitation.email',
      'invitation.invited_by_name',
      'invitation.created_at',
      'invitation.expires_at',
      'staff.display_name as staff_name',
      'staff.role',
      'staff.password_hash as staff_password_hash',
      'staff.totp_secret',
      'organisation.name as organisation_name',
      'citizen.display_name as citizen_name',
      'citizen.password_hash as citizen_password_hash',
    ])
    .where('invitation.token_hash', '=', tokenHash)
    .where('invitation.accepted_at', 'is', null)
    .where('invitation.withdrawn_at', 'is', null)
    .where('invitation.expires_at', '>', now)
    .executeTakeFirst();
  const displayName = row?.account_kind === 'staff' ? row.staff_name : row?.citizen_name;
  if (!row || !displayName) return undefined;
  return {
    id: row.id,
    accountKind: row.account_kind,
    accountId: row.account_id,
    email: row.email,
    displayName,
    invitedByName: row.invited_by_name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    organisationName: row.organisation_name,
    role: row.role,
    hasPassword: Boolean(row.account_kind === 'staff' ? row.staff_password_hash : row.citizen_password_hash),
    hasCode: Boolean(row.totp_secret),
  };
}

/** Marks an invitation used; false when it was no longer open (used, withdrawn or expired in the meantime). */
export async function markInvitationAccepted(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('invitation')
    .set({ accepted_at: now })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Withdraws every open invitation to an account; how many there were. */
export async function withdrawOpenInvitations(db: Db, accountId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('invitation')
    .set({ withdrawn_at: now })
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** When an account's latest invitation that is still open expires, and who sent it; undefined when none is. */
export const findOpenInvitationFor = (db: Db, accountId: string, now: Date) =>
  db
    .selectFrom('invitation')
    .select(['id', 'email', 'created_at', 'expires_at', 'invited_by_name'])
    .where('account_id', '=', accountId)
    .where('accepted_at', 'is', null)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

/** Whether any account, staff or a person's, already signs in with this email (disabled ones included). */
export async function accountWithEmail(
  db: Db,
  email: string,
): Promise<{ kind: 'staff' | 'citizen'; id: string } | undefined> {
  const staff = await db.selectFrom('staff_account').select('id').where('email', '=', email).executeTakeFirst();
  if (staff) return { kind: 'staff', id: staff.id };
  const citizen = await db.selectFrom('person_account').select('id').where('email', '=', email).executeTakeFirst();
  return citizen && { kind: 'citizen', id: citizen.id };
}

/** A new member of staff's account, with no password or code yet, and its invitation: both or neither. */
export const insertStaffAccountWithInvitation = (
  db: Db,
  account: Insertable<Database['staff_account']>,
  invitation: InvitationRow,
) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto('staff_account').values(account).execute();
    await trx.insertInto('invitation').values(invitation).execute();
  });

/** A new person's account, with no password yet, and its invitation: both or neither. */
export const insertPersonAccountWithInvitation = (
  db: Db,
  account: Insertable<Database['person_account']>,
  invitation: InvitationRow,
) =>
  db.transaction().execute(async (trx) => {
    await trx.insertInto('person_account').values(account).execute();
    await trx.insertInto('invitation').values(invitation).execute();
  });

/** A new invitation in place of the open ones: the old links stop working as the new one is made. */
export const replaceOpenInvitations = (db: Db, invitation: InvitationRow, now: Date) =>
  db.transaction().execute(async (trx) => {
    await withdrawOpenInvitations(trx, invitation.account_id, now);
    await trx.insertInto('invitation').values(invitation).execute();
  });

/** The account an invitation is for: its kind, email, name, organisation (staff) and whether it is in use. */
export async function findInvitableAccount(db: Db, accountId: string) {
  const staff = await db
    .selectFrom('staff_account')
    .select(['id', 'email', 'display_name', 'organisation_id', 'password_hash', 'disabled_at'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (staff) return { kind: 'staff' as const, ...staff };
  const citizen = await db
    .selectFrom('person_account')
    .select(['id', 'email', 'display_name', 'password_hash', 'disabled_at'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  return citizen && { kind: 'citizen' as const, organisation_id: null, ...citizen };
}

/** Invitation queries, bound into the identity store beside the others. */
export const invitationQueries = {
  insertInvitation,
  findOpenInvitation,
  markInvitationAccepted,
  withdrawOpenInvitations,
  findOpenInvitationFor,
  accountWithEmail,
  insertStaffAccountWithInvitation,
  insertPersonAccountWithInvitation,
  replaceOpenInvitations,
  findInvitableAccount,
};
