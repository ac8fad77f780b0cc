import { generateURI } from 'otplib';
import { hashPassword, newTotpSecret, totpCodeStep } from './credentials.ts';
import type { OpenInvitation } from './invitation-store.ts';
import { invitationTokenHash } from './invitations.ts';
import type { RecoveryCodes } from './recovery-codes.ts';
import type { IdentityStore } from './store.ts';

/** A password long enough to resist guessing, short enough to hash quickly. */
export const PASSWORD_LENGTH = { min: 12, max: 1000 } as const;

/** What is wrong with a new password, in words for the field; undefined when it will do. */
export function passwordProblem(password: string, email: string): string | undefined {
  if (password === '') return 'Enter a password';
  if (password.length < PASSWORD_LENGTH.min)
    return `Your password must be at least ${PASSWORD_LENGTH.min} characters. A few words you will remember work well`;
  if (password.length > PASSWORD_LENGTH.max)
    return `Your password must be ${PASSWORD_LENGTH.max.toLocaleString('en-GB')} characters or fewer`;
  if (password.trim().toLowerCase() === email.trim().toLowerCase())
    return 'Your password must not be your email address';
  return undefined;
}

/** Where someone accepting an invitation is: the page they see next. */
export type AcceptanceStep = 'password' | 'app' | 'recovery-codes';

type Progress = NonNullable<Awaited<ReturnType<IdentityStore['findAcceptanceProgress']>>>;

function stepOf(invitation: OpenInvitation, progress: Progress): AcceptanceStep {
  if (!progress.hasPassword || invitation.accountKind === 'citizen') return 'password';
  return progress.totpProven ? 'recovery-codes' : 'app';
}

/** A secret in groups of four, as it is easiest to type into an app by hand. */
export const inGroupsOfFour = (secret: string): string => secret.match(/.{1,4}/g)!.join(' ');

/**
 * Accepting an invitation: choosing a password and, for staff, enrolling a one-time-code app and taking recovery
 * codes. Each page's choice is kept on the invitation, server-side; the account gets them all at once when the
 * invitation is accepted, and only one request can accept it. Every answer is undefined (or 'closed') once the
 * link is no longer open: unknown, used, withdrawn, expired, or for an account that has been disabled.
 */
export function createInvitationAcceptance(deps: {
  store: IdentityStore;
  recoveryCodes: RecoveryCodes;
  /** The name in the one-time-code app beside the code: the deployment's. */
  issuer: string;
  /** A complete session (no second factor to wait for) for the account just opened; its token. */
  startSession: (kind: 'staff' | 'citizen', accountId: string, userAgent: string, now: Date) => Promise<string>;
}) {
  const { store } = deps;

  /** The open invitation a link's token names, with how far accepting it has got. */
  async function find(token: string, now = new Date()) {
    const invitation = await store.findOpenInvitation(invitationTokenHash(token), now);
    const progress = invitation && (await store.findAcceptanceProgress(invitation.id, now));
    if (!invitation || !progress) return undefined;
    return { invitation, progress, step: stepOf(invitation, progress) };
  }

  async function finish(invitation: OpenInvitation, userAgent: string, now: Date) {
    if (!(await store.completeAcceptance(invitation.id, now))) return undefined;
    return {
      kind: invitation.accountKind,
      token: await deps.startSession(invitation.accountKind, invitation.accountId, userAgent, now),
    };
  }

  return {
    /** The deployment's name, as the journey's pages and the app call it. */
    serviceName: deps.issuer,
    find,

    /**
     * Keeps a new password (already checked with passwordProblem). A person's account is then opened and signed
     * in at once; staff go on to their app. 'closed' when the link no longer works.
     */
    async choosePassword(
      token: string,
      password: string,
      userAgent: string,
      now = new Date(),
    ): Promise<{ outcome: 'closed' } | { outcome: 'app' } | { outcome: 'signed-in'; token: string }> {
      const found = await find(token, now);
      if (!found) return { outcome: 'closed' };
      const { invitation } = found;
      const secret = invitation.accountKind === 'staff' ? newTotpSecret() : null;
      if (!(await store.keepChosenPassword(invitation.id, await hashPassword(password), secret, now)))
        return { outcome: 'closed' };
      if (invitation.accountKind === 'staff') return { outcome: 'app' };
      const done = await finish(invitation, userAgent, now);
      return done ? { outcome: 'signed-in', token: done.token } : { outcome: 'closed' };
    },

    /** What the app page shows: the QR code (an SVG data URL) of the otpauth address, and the secret to type. */
    async enrolment(token: string, now = new Date()) {
      const found = await find(token, now);
      const secret = found?.step === 'app' ? found.progress.totpSecret : null;
      if (!found || !secret) return undefined;
      const uri = generateURI({ issuer: deps.issuer, label: found.invitation.email, secret });
      const { default: QRCode } = await import('qrcode'); // only this page draws one
      const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return {
        invitation: found.invitation,
        qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        secretInGroups: inGroupsOfFour(secret),
      };
    },

    /** Checks the code the app shows; a right one is kept as proof. Nothing changes for a wrong one. */
    async proveApp(token: string, code: string, now = new Date()): Promise<'proven' | 'wrong' | 'closed'> {
      const found = await find(token, now);
      const secret = found?.step === 'app' ? found.progress.totpSecret : null;
      if (!found || !secret) return 'closed';
      const step = await totpCodeStep(secret, code.replace(/\s/g, ''), null, now);
      if (step === undefined) return 'wrong';
      return (await store.keepProvenCodeStep(found.invitation.id, step, now)) ? 'proven' : 'closed';
    },

    /**
     * New recovery codes, to show once: any shown before stop working. Only once the app is proven; undefined
     * otherwise or when the link no longer works.
     */
    async recoveryCodes(token: string, now = new Date()): Promise<string[] | undefined> {
      const found = await find(token, now);
      if (found?.step !== 'recovery-codes') return undefined;
      const codes = await deps.recoveryCodes.issue(found.invitation.accountId, now);
      return (await store.noteRecoveryCodesShown(found.invitation.id, now)) ? codes : undefined;
    },

    /** Accepts a member of staff's invitation once everything is ready, and signs them in fully. */
    async finishStaff(token: string, userAgent: string, now = new Date()) {
      const found = await find(token, now);
      if (found?.step !== 'recovery-codes' || !found.progress.recoveryCodesShown) return undefined;
      return finish(found.invitation, userAgent, now);
    },
  };
}

export type InvitationAcceptance = ReturnType<typeof createInvitationAcceptance>;
