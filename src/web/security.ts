import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Security headers, a strict Content Security Policy with per-response nonces, and no caching of pages. */
export async function setUpWebSecurity(app: FastifyInstance, cookieSecure: boolean): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        ...(cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  // Pages may hold personal data: never keep them in a browser or shared cache.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/assets/')) reply.header('cache-control', 'no-store');
  });
}
