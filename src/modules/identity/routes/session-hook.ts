import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieSettings } from '../../../web/cookies.ts';
import { notFound } from '../../../errors.ts';
import { mayDo, type StaffTask } from '../roles.ts';
import type { AttemptLimits } from '../attempt-limits.ts';
import type { IdentityService, LoadedSession } from '../service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** A session waiting for its second factor: signed in by password, not yet by code. */
    pendingSession: LoadedSession | null;
  }
  interface FastifyInstance {
    /** Limits on attempts at things that can be guessed, for any module's routes (finding a person). */
    attemptLimits: AttemptLimits;
  }
}

/** Finds the session from its cookie on every request and sets who is asking. Sessions live in the database. */
export function setUpSessions(app: FastifyInstance, identity: IdentityService): void {
  const { sessionCookie, options } = cookieSettings(identity.cookies.secure);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('pendingSession', null);
  app.decorate('attemptLimits', identity.attemptLimits);
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/') || request.url === '/health' || request.url === '/ready') return;
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const session = await identity.loadSession(token);
    if (!session) {
      reply.clearCookie(sessionCookie, options);
      return;
    }
    if (session.pendingSecondFactor) {
      request.pendingSession = session;
      return;
    }
    request.actor = session.actor;
    request.sessionId = session.id;
  });
}

export function setSessionCookie(reply: FastifyReply, identity: IdentityService, token: string): void {
  const { sessionCookie, options } = cookieSettings(identity.cookies.secure);
  reply.setCookie(sessionCookie, token, { ...options, maxAge: identity.cookies.maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, identity: IdentityService): void {
  const { sessionCookie, options } = cookieSettings(identity.cookies.secure);
  reply.clearCookie(sessionCookie, options);
}

/** Route guards. Pages for signed-in people send everyone else to sign in. */
export async function requireSignedIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.actor) return reply.redirect('/sign-in', 303);
}
export async function requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.actor) return reply.redirect('/sign-in', 303);
  if (request.actor.kind !== 'staff') return reply.redirect('/my', 303);
}
export async function requireCitizen(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!request.actor) return reply.redirect('/sign-in', 303);
  if (request.actor.kind !== 'citizen') return reply.redirect('/staff', 303);
}

/** A guard to put after requireStaff: staff whose role does not do this task are told the page does not exist. */
export const onlyFor =
  (task: StaffTask) =>
  async (request: FastifyRequest): Promise<void> => {
    if (!mayDo(request.actor, task)) throw notFound();
  };
