import csrf from '@fastify/csrf-protection';
import type { FastifyInstance } from 'fastify';
import { cookieSettings } from './cookies.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A CSRF token on every form, checked on every state-changing request. The check runs in preHandler,
 * after the body is parsed, because the token travels in the form body. JSON API clients send it in
 * the `x-csrf-token` header.
 */
export async function setUpCsrf(app: FastifyInstance, cookieSecure: boolean): Promise<void> {
  const { csrfCookie, options } = cookieSettings(cookieSecure);
  await app.register(csrf, {
    cookieKey: csrfCookie,
    cookieOpts: { ...options, signed: false },
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined),
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!UNSAFE.has(request.method)) return done();
    app.csrfProtection(request, reply, done);
  });
}
