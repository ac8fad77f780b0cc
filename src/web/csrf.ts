import csrf from '@fastify/csrf-protection';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cookieSettings } from './cookies.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** The CSRF token for this page's forms, bound to the browser's secret and to its session. */
    csrfToken(): string;
    /** A new CSRF secret for the browser, at sign-in and when the second factor completes: old tokens stop working. */
    renewCsrfSecret(): void;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What a token is bound to besides the browser's secret: the session (or the sign-in waiting for its code), so
 * a token from one session, or from before signing in, is refused in another. The session's id is a hash of
 * its cookie's token, unknown to anyone else, so the HMAC key need not be secret: it only names the scheme.
 */
const SIGNED_OUT = 'signed-out';
const HMAC_KEY = 'careweave-csrf-session-binding';

/**
 * A CSRF token on every form, checked on every state-changing request. The check runs in preHandler,
 * after the body is parsed, because the token travels in the form body. JSON API clients send it in
 * the `x-csrf-token` header.
 */
export async function setUpCsrf(
  app: FastifyInstance,
  cookieSecure: boolean,
  sessionOf: (request: FastifyRequest) => string | null,
): Promise<void> {
  const { csrfCookie, options } = cookieSettings(cookieSecure);
  const userInfo = (request: FastifyRequest) => sessionOf(request) ?? SIGNED_OUT;
  await app.register(csrf, {
    cookieKey: csrfCookie,
    cookieOpts: { ...options, signed: false },
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined),
    getUserInfo: userInfo,
    csrfOpts: { hmacKey: HMAC_KEY, userInfo: true },
  });
  app.decorateReply('csrfToken', function (this: FastifyReply) {
    return this.generateCsrf({ userInfo: userInfo(this.request) });
  });
  app.decorateReply('renewCsrfSecret', function (this: FastifyReply) {
    const secret = randomBytes(18).toString('base64url');
    this.setCookie(csrfCookie, secret, { ...options, signed: false });
    // A page rendered in this same reply makes its token from the new secret.
    this.request.cookies[csrfCookie] = secret;
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!UNSAFE.has(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}
