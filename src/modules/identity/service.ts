import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../data/actor.ts';
import { createAttemptLimits } from './attempt-limits.ts';
import { decoyPasswordHash, passwordMatches } from './credentials.ts';
import { createRecoveryCodes } from './recovery-codes.ts';
import { createSecondFactor } from './second-factor.ts';
import { createOrganisationSettings, organisationLogoPath } from './organisation-settings.ts';
import { createInvitationMaker, createInvitations } from './invitations.ts';
import { createDirectory } from './directory.ts';
import { createContactDetails } from './contact-details.ts';
import { createInvitationAcceptance } from './invitation-acceptance.ts';
import { createMailer } from './mailer.ts';
import type { IdentityStore } from './store.ts';

const THROTTLE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_CLIENT = 20;
const TOUCH_AFTER_MS = 60_000;
/** How long ended sessions and old attempts are kept before the scheduled clean-up deletes them. */
const KEEP_ENDED_SESSIONS_MS = 30 * 24 * 3_600_000;
const KEEP_ATTEMPTS_MS = 24 * 3_600_000;

export type SignInResult =
  | { outcome: 'signed-in'; token: string; needsSecondFactor: boolean }
  | { outcome: 'wrong-details' }
  /** The password was right, but the member of staff has no one-time-code app yet: no session is started. */
  | { outcome: 'not-enrolled' }
  | { outcome: 'throttled' };

export type LoadedSession = { id: string; pendingSecondFactor: boolean; actor: Actor };

type SessionRow = NonNullable<Awaited<ReturnType<IdentityStore['findLiveSessionWithAccount']>>>;

/** Who a session belongs to; undefined when their account has been disabled. */
function actorFrom(row: SessionRow): Actor | undefined {
  if (row.account_kind === 'staff') {
    if (!row.staff_name || !row.role || !row.organisation_id) return undefined;
    return {
      kind: 'staff',
      id: row.account_id,
      name: row.staff_name,
      email: row.staff_email!,
      role: row.role,
      jobTitle: row.job_title!,
      organisationId: row.organisation_id,
      organisationName: row.organisation_name!,
      sessionId: row.id,
      accessStamp: row.access_stamp,
      // A logo the organisation uploaded comes first; else the logo_url column, set when the organisation was added.
      organisationLogoUrl: row.logo_updated_at
        ? organisationLogoPath(row.organisation_id, row.logo_updated_at)
        : row.logo_url,
    };
  }
  return row.citizen_name
    ? { kind: 'citizen', id: row.account_id, name: row.citizen_name, email: row.citizen_email!, sessionId: row.id }
    : undefined;
}

const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

/** The session row's id is a hash of the cookie's token, so a copy of the database cannot sign anyone in. */
export const sessionIdFor = (token: string): string => digest(token);

export function createIdentityService(
  store: IdentityStore,
  config: Pick<
    Config,
    'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'cookieSecure' | 'mail' | 'publicUrl' | 'organisationName'
  >,
) {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const invitationMaker = createInvitationMaker(createMailer(config.mail), config);
  const absoluteMs = config.sessionAbsoluteHours * 3_600_000;
  const recoveryCodes = createRecoveryCodes(store);
  const attemptLimits = createAttemptLimits(store);

  async function startSession(
    accountKind: 'staff' | 'citizen',
    accountId: string,
    needsSecondFactor: boolean,
    userAgent: string,
    now: Date,
  ) {
    const token = randomBytes(32).toString('base64url');
    await store.insertSession({
      id: sessionIdFor(token),
      account_kind: accountKind,
      account_id: accountId,
      pending_second_factor: needsSecondFactor,
      user_agent: userAgent.slice(0, 300),
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + absoluteMs),
      ended_at: null,
    });
    return token;
  }

  return {
    /** Checks an email and password; always spends the same hashing effort whether or not the email is known. */
    async signIn(
      emailTyped: string,
      password: string,
      clientKey: string,
      userAgent: string,
      now = new Date(),
    ): Promise<SignInResult> {
      const email = emailTyped.trim().toLowerCase();
      const emailKey = digest(email);
      const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
      const [byEmail, byClient] = await Promise.all([
        store.countFailedAttempts('email_key', emailKey, since),
        store.countFailedAttempts('client_key', clientKey, since),
      ]);
      if (byEmail >= MAX_FAILURES_PER_EMAIL || byClient >= MAX_FAILURES_PER_CLIENT) return { outcome: 'throttled' };

      const staff = await store.findStaffByEmail(email);
      const citizen = staff ? undefined : await store.findPersonAccountByEmail(email);
      const account = staff ?? citizen;
      // An invited account has no password until its invitation is accepted: it never matches, even the decoy's.
      const hash = account?.password_hash;
      const matches = (await passwordMatches(hash ?? (await decoyPasswordHash()), password)) && Boolean(hash);
      await store.recordSignInAttempt({
        id: newId(),
        email_key: emailKey,
        client_key: clientKey,
        succeeded: Boolean(account && matches),
        at: now,
      });
      if (!account || !matches) return { outcome: 'wrong-details' };

      // Staff always need a second factor: a password alone never gives a member of staff a session.
      if (staff && !staff.totp_secret) return { outcome: 'not-enrolled' };
      const needsSecondFactor = Boolean(staff);
      const token = await startSession(staff ? 'staff' : 'citizen', account.id, needsSecondFactor, userAgent, now);
      return { outcome: 'signed-in', token, needsSecondFactor };
    },

    /**
     * Checks a member of staff's one-time code or recovery code, within the limits on wrong codes; on success
     * the pending session is replaced by a complete one with a new token.
     */
    secondFactor: createSecondFactor({
      store,
      limits: attemptLimits,
      recoveryCodes,
      async renewSession(session, now) {
        const token = randomBytes(32).toString('base64url');
        if (!(await store.renewPendingSession(session.id, sessionIdFor(token), now)))
          throw new Error('The sign-in had already ended');
        return token;
      },
    }),

    /** Recovery codes for members of staff: issued when they enrol a one-time-code app. */
    recoveryCodes,
    /** Limits on attempts at things that can be guessed, such as finding a person. */
    attemptLimits,

    /**
     * Deletes sessions that ended or expired more than 30 days ago and attempts older than a day: they are
     * kept only as long as the limits and the sessions page need them. Run at start and hourly by `serve`.
     */
    async cleanUp(now = new Date()): Promise<{ sessions: number; attempts: number }> {
      const sessions = await store.deleteSessionsEndedBefore(new Date(now.getTime() - KEEP_ENDED_SESSIONS_MS));
      const attempts = await store.deleteAttemptsBefore(new Date(now.getTime() - KEEP_ATTEMPTS_MS));
      return { sessions, attempts };
    },

    /** The live session for a cookie's token, with who it belongs to; undefined once idle or expired. */
    async loadSession(token: string, now = new Date()): Promise<LoadedSession | undefined> {
      const id = sessionIdFor(token);
      const row = await store.findLiveSessionWithAccount(id, now, idleMs);
      if (!row) return undefined;
      const actor = actorFrom(row);
      if (!actor) return undefined;
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) await store.touchSession(id, now);
      return { id, pendingSecondFactor: row.pending_second_factor, actor };
    },

    signOut: (sessionId: string, accountId: string, now = new Date()) => store.endSession(sessionId, accountId, now),
    signOutEverywhere: (accountId: string, now = new Date()) => store.endAllSessions(accountId, now),
    /** A member of staff has left: their account is disabled, their sessions end and open invitations are withdrawn. */
    closeStaffAccount: (staffId: string, now = new Date()) => store.closeStaffAccount(staffId, now),
    /** Accepting an invitation: a password and, for staff, a one-time-code app and recovery codes. */
    acceptance: createInvitationAcceptance({
      store,
      recoveryCodes,
      issuer: config.organisationName,
      startSession: (kind, accountId, userAgent, now) => startSession(kind, accountId, false, userAgent, now),
    }),
    /** Organisations' own settings: their name and logo. */
    organisations: createOrganisationSettings(store),
    /** Invitations to new staff and people's accounts, e-mailed when a mail server is set up. */
    invitations: createInvitations(store, invitationMaker),
    /** Every organisation, added by platform administrators; and each organisation's staff, for its administrators. */
    directory: createDirectory(store, invitationMaker),
    /** A member of staff's own contact details: work phone, email, team, days and hours. */
    contactDetails: createContactDetails(store),
    /** How the session cookie is set: whether it needs https, and how long it may last. */
    cookies: { secure: config.cookieSecure, maxAgeSeconds: config.sessionAbsoluteHours * 3600 },
    listSessions: (accountId: string, now = new Date()) => store.listLiveSessions(accountId, now, idleMs),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
