import { randomBytes } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** The Content Security Policy around a script nonce: written once, not rebuilt for every response. */
function policyAround(cookieSecure: boolean): [string, string] {
  const after = [
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    ...(cookieSecure ? ['upgrade-insecure-requests'] : []),
  ];
  return ["default-src 'self';script-src 'self' 'nonce-", `';${after.join(';')}`];
}

/** Security headers, a strict Content Security Policy with per-response nonces, and no caching of pages. */
export async function setUpWebSecurity(app: FastifyInstance, cookieSecure: boolean): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: false,
    hsts: cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  const [before, after] = policyAround(cookieSecure);
  app.decorateReply('scriptNonce', '');
  app.addHook('onRequest', async (_request, reply) => {
    reply.scriptNonce = randomBytes(16).toString('hex');
    reply.header('content-security-policy', `${before}${reply.scriptNonce}${after}`);
  });
  // Pages may hold personal data: never keep them in a browser or shared cache.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
  });
}
