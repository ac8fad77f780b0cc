import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { cookieSettings } from '../../web/cookies.ts';
import type { LoadedSession } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** A session waiting for its second factor: signed in by password, not yet by code. */
    pendingSession: LoadedSession | null;
  }
}

/** Finds the session from its cookie on every request and sets who is asking. Sessions live in the database. */
export function setUpSessions(app: FastifyInstance, services: Services): void {
  const { sessionCookie, options } = cookieSettings(services.config.cookieSecure);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('pendingSession', null);
  app.decorateRequest('personData', null as never);
  app.addHook('onRequest', async (request, reply) => {
    request.personData = services.access.contextFor(null);
    if (request.url.startsWith('/assets/') || request.url === '/health' || request.url === '/ready') return;
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const session = await services.identity.loadSession(token);
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
    request.personData = services.access.contextFor(session.actor);
  });
}

export function setSessionCookie(reply: FastifyReply, services: Services, token: string): void {
  const { sessionCookie, options } = cookieSettings(services.config.cookieSecure);
  reply.setCookie(sessionCookie, token, { ...options, maxAge: services.config.sessionAbsoluteHours * 3600 });
}

export function clearSessionCookie(reply: FastifyReply, services: Services): void {
  const { sessionCookie, options } = cookieSettings(services.config.cookieSecure);
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
