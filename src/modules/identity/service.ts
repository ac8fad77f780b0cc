import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { newId } from '../../ids.ts';
import type { Actor } from '../../data/actor.ts';
import { decoyPasswordHash, passwordMatches, totpCodeMatches } from './credentials.ts';
import { createOrganisationSettings, organisationLogoPath } from './organisation-settings.ts';
import type { IdentityStore } from './store.ts';

const THROTTLE_WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_CLIENT = 20;
const TOUCH_AFTER_MS = 60_000;

export type SignInResult =
  | { outcome: 'signed-in'; token: string; needsSecondFactor: boolean }
  | { outcome: 'wrong-details' }
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
  config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'cookieSecure'>,
) {
  const idleMs = config.sessionIdleMinutes * 60_000;
  const absoluteMs = config.sessionAbsoluteHours * 3_600_000;

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
      const matches = await passwordMatches(account?.password_hash ?? (await decoyPasswordHash()), password);
      await store.recordSignInAttempt({
        id: newId(),
        email_key: emailKey,
        client_key: clientKey,
        succeeded: Boolean(account && matches),
        at: now,
      });
      if (!account || !matches) return { outcome: 'wrong-details' };

      const needsSecondFactor = Boolean(staff?.totp_secret);
      const token = await startSession(staff ? 'staff' : 'citizen', account.id, needsSecondFactor, userAgent, now);
      return { outcome: 'signed-in', token, needsSecondFactor };
    },

    /** Checks a staff member's one-time code; on success the session is complete. */
    async confirmSecondFactor(session: LoadedSession, code: string): Promise<boolean> {
      if (session.actor.kind !== 'staff') return false;
      const row = await store.findStaffActorRow(session.actor.id);
      if (!row?.totp_secret || !(await totpCodeMatches(row.totp_secret, code.replace(/\s/g, '')))) return false;
      await store.completeSecondFactor(session.id);
      return true;
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
    /** Organisations' own settings: their name and logo. */
    organisations: createOrganisationSettings(store),
    /** How the session cookie is set: whether it needs https, and how long it may last. */
    cookies: { secure: config.cookieSecure, maxAgeSeconds: config.sessionAbsoluteHours * 3600 },
    listSessions: (accountId: string, now = new Date()) => store.listLiveSessions(accountId, now, idleMs),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
