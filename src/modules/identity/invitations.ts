import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { StaffActor, StaffRole } from '../../data/actor.ts';
import { formatUkDateTime } from '../../dates.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { conflict, notFound, refused } from '../../errors.ts';
import { isUuid, newId } from '../../ids.ts';
import type { Mailer } from './mailer.ts';
import { ORGANISATION_ROLES, ROLE_NAMES, type OrganisationRole } from './roles.ts';
import type { IdentityStore } from './store.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
const INVITATION_MS = INVITATION_DAYS * 24 * 3_600_000;

/** Where an invitation's link leads, for its token. */
export const invitationPath = (token: string): string => `/invitations/${token}`;

/** The invitation row holds a hash of the link's token, so a copy of the database cannot accept it. */
export const invitationTokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export type StaffInvitationDetails = {
  organisationId: string;
  email: string;
  displayName: string;
  role: OrganisationRole;
  jobTitle: string;
  workPhone: string | null;
  team: string | null;
};

export type CitizenInvitationDetails = { email: string; displayName: string };

/**
 * An invitation just made. `link` is absolute when PUBLIC_URL is set, else the path alone. `emailed` says
 * whether the mail server took the e-mail; when false, the link is for the sender to pass on, and
 * `mailFailed` says whether that is because sending was tried and failed.
 */
export type InvitationSent = {
  accountId: string;
  link: string;
  emailed: boolean;
  mailFailed: boolean;
  expiresAt: Date;
};

export type CitizenInvitationResult =
  ({ existingAccount: false } & InvitationSent) | { existingAccount: true; accountId: string };

export const EMAIL_CLASH = {
  staff: 'Someone already has a Careweave account with this email address. Use a different work email address.',
  citizen: 'This email address is a member of staff’s work account. Ask the person for an email address of their own.',
};

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Makes invitations and delivers them: by e-mail when a mail server is set up, else the link is returned for the
 * sender to pass on. Shared by staff and people's invitations and by adding an organisation.
 */
export function createInvitationMaker(
  mailer: Mailer | undefined,
  config: Pick<Config, 'publicUrl' | 'organisationName'>,
) {
  const linkFor = (token: string) => `${config.publicUrl ?? ''}${invitationPath(token)}`;

  function newInvitation(
    accountKind: 'staff' | 'citizen',
    accountId: string,
    email: string,
    by: StaffActor,
    now: Date,
  ) {
    const token = randomBytes(32).toString('base64url');
    const row = {
      id: newId(),
      token_hash: invitationTokenHash(token),
      account_kind: accountKind,
      account_id: accountId,
      email,
      invited_by_id: by.id,
      invited_by_name: by.name,
      created_at: now,
      expires_at: new Date(now.getTime() + INVITATION_MS),
      accepted_at: null,
      withdrawn_at: null,
    };
    return { token, row };
  }

  /** Sends the e-mail when a mail server is set up; never throws, and never logs the token. */
  async function deliver(
    invitation: { token: string; row: { account_id: string; email: string; expires_at: Date } },
    name: string,
    purpose: string,
  ): Promise<InvitationSent> {
    const link = linkFor(invitation.token);
    const sent = { accountId: invitation.row.account_id, link, expiresAt: invitation.row.expires_at };
    if (!mailer) return { ...sent, emailed: false, mailFailed: false };
    try {
      await mailer.send({
        to: invitation.row.email,
        subject: `Set up your ${config.organisationName} account`,
        text: [
          `Dear ${name},`,
          '',
          purpose,
          '',
          'To set up your account, open this link:',
          link,
          '',
          `The link works once. It stops working on ${formatUkDateTime(invitation.row.expires_at)}.`,
          '',
          'If you were not expecting this email, you can ignore it: nothing happens unless the link is opened.',
        ].join('\n'),
      });
      return { ...sent, emailed: true, mailFailed: false };
    } catch {
      return { ...sent, emailed: false, mailFailed: true };
    }
  }

  return {
    newInvitation,
    deliver,
    staffPurpose: (by: StaffActor, organisationName: string, role: StaffRole) =>
      `${by.name} has invited you to ${config.organisationName} to work for ${organisationName} as ${ROLE_NAMES[role].toLowerCase()}.`,
    citizenPurpose: (by: StaffActor) =>
      `${by.name} of ${by.organisationName} has invited you to ${config.organisationName}, where you can see and help shape your care.`,
  };
}

export type InvitationMaker = ReturnType<typeof createInvitationMaker>;

/** Whether `by` may invite and manage staff in this organisation. */
export const managesStaffOf = (by: StaffActor, organisationId: string): boolean =>
  by.role === 'platform_administrator' || (by.role === 'administrator' && by.organisationId === organisationId);

/**
 * Invitations to new accounts: a member of staff's, made by their organisation's administrator (or by a platform
 * administrator), and a person's, made by staff who register them. The account exists at once with no password;
 * the link lets its owner set one up, once, within seven days.
 */
export function createInvitations(store: IdentityStore, maker: InvitationMaker) {
  const { newInvitation, deliver, staffPurpose, citizenPurpose } = maker;

  async function refuseTakenEmail(email: string, kind: 'staff' | 'citizen') {
    if (await store.accountWithEmail(email)) throw conflict(EMAIL_CLASH[kind]);
  }

  /** The account an invitation is for, when `by` may manage it; 404 for anyone else's. */
  async function manageableAccount(accountId: string, by: StaffActor) {
    const account = isUuid(accountId) ? await store.findInvitableAccount(accountId) : undefined;
    if (!account) throw notFound();
    if (account.kind === 'staff' && !managesStaffOf(by, account.organisation_id)) throw notFound();
    return account;
  }

  return {
    async inviteStaff(details: StaffInvitationDetails, by: StaffActor, now = new Date()): Promise<InvitationSent> {
      if (!managesStaffOf(by, details.organisationId)) throw notFound();
      if (!(ORGANISATION_ROLES as readonly string[]).includes(details.role)) throw notFound();
      const organisation = await store.findOrganisation(details.organisationId);
      if (!organisation) throw notFound();
      const email = normaliseEmail(details.email);
      await refuseTakenEmail(email, 'staff');
      const accountId = newId();
      const invitation = newInvitation('staff', accountId, email, by, now);
      try {
        await store.insertStaffAccountWithInvitation(
          {
            id: accountId,
            organisation_id: details.organisationId,
            email,
            display_name: details.displayName,
            job_title: details.jobTitle,
            role: details.role,
            work_phone: details.workPhone,
            team: details.team,
            password_hash: null,
            totp_secret: null,
            disabled_at: null,
          },
          invitation.row,
        );
      } catch (error) {
        if (uniqueKeyClash(error) !== undefined) throw conflict(EMAIL_CLASH.staff);
        throw error;
      }
      return deliver(invitation, details.displayName, staffPurpose(by, organisation.name, details.role));
    },

    /**
     * A person's account and its invitation; or, when a person's account already has this email, that account
     * (nothing is sent: the caller links it to the record).
     */
    async inviteCitizen(
      details: CitizenInvitationDetails,
      by: StaffActor,
      now = new Date(),
    ): Promise<CitizenInvitationResult> {
      const email = normaliseEmail(details.email);
      const existing = await store.accountWithEmail(email);
      if (existing?.kind === 'citizen') return { existingAccount: true, accountId: existing.id };
      if (existing) throw conflict(EMAIL_CLASH.citizen);
      const accountId = newId();
      const invitation = newInvitation('citizen', accountId, email, by, now);
      try {
        await store.insertPersonAccountWithInvitation(
          { id: accountId, email, display_name: details.displayName, password_hash: null, disabled_at: null },
          invitation.row,
        );
      } catch (error) {
        if (uniqueKeyClash(error) === undefined) throw error;
        // Someone else made the account a moment ago: it is there to link to now.
        const made = await store.accountWithEmail(email);
        if (made?.kind === 'citizen') return { existingAccount: true, accountId: made.id };
        throw conflict(EMAIL_CLASH.citizen);
      }
      return { existingAccount: false, ...(await deliver(invitation, details.displayName, citizenPurpose(by))) };
    },

    /** A new link in place of the open one (which stops working), for an account not yet set up. */
    async resend(accountId: string, by: StaffActor, now = new Date()): Promise<InvitationSent> {
      const account = await manageableAccount(accountId, by);
      if (account.disabled_at) throw refused('This account has been closed, so it cannot be invited again.');
      if (account.password_hash) throw refused('This account is already set up, so it needs no invitation.');
      const invitation = newInvitation(account.kind, account.id, account.email, by, now);
      await store.replaceOpenInvitations(invitation.row, now);
      let purpose = citizenPurpose(by);
      if (account.kind === 'staff') {
        const staff = await store.findStaffMember(account.id);
        const organisation = staff?.organisation_name ?? by.organisationName;
        purpose = staffPurpose(by, organisation, staff?.role ?? 'practitioner');
      }
      return deliver(invitation, account.display_name, purpose);
    },

    /** Stops the open invitation's link working; false when there was none open. */
    async withdraw(accountId: string, by: StaffActor, now = new Date()): Promise<boolean> {
      await manageableAccount(accountId, by);
      return (await store.withdrawOpenInvitations(accountId, now)) > 0;
    },

    /** When the account's open invitation expires and who sent it; undefined when none is open. */
    async openInvitationFor(accountId: string, now = new Date()) {
      const row = isUuid(accountId) ? await store.findOpenInvitationFor(accountId, now) : undefined;
      return row && { createdAt: row.created_at, expiresAt: row.expires_at, invitedByName: row.invited_by_name };
    },

    /** The open invitation a link's token names, with its account; undefined when it cannot be used. */
    findOpen: (token: string, now = new Date()) => store.findOpenInvitation(invitationTokenHash(token), now),
  };
}

export type Invitations = ReturnType<typeof createInvitations>;
