import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';

/**
 * Pages anyone may use without an account (finding support, suggesting a listing, the Open Referral UK API) are
 * limited per client address, so one client cannot slow them for everyone. Staff who are signed in are never
 * limited: a busy practitioner must not wait behind the public. A route opts in with `PUBLIC_PAGE`.
 */
export async function setUpPublicRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    max: perMinute,
    timeWindow: 60_000,
    // After the session is read, so a signed-in member of staff is known.
    hook: 'preHandler',
    keyGenerator: (request) => request.ip,
    allowList: (request) => request.actor?.kind === 'staff',
    // The error pages answer it (CW_TOO_MANY_REQUESTS), as a page or, under /api, as JSON.
    errorResponseBuilder: (_request, context) => ({ statusCode: context.statusCode }),
  });
}

/** Route options for a public page or API route: limited per client (see `setUpPublicRateLimit`). */
export const PUBLIC_PAGE = { config: { rateLimit: {} } } as const;
