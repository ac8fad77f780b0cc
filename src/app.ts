import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAccessRoutes } from './modules/access/routes.ts';
import { registerIdentityRoutes } from './modules/identity/routes.ts';
import { setUpSessions } from './modules/identity/session-hook.ts';
import { registerPeopleRoutes } from './modules/people/routes.ts';
import { registerPlanRoutes } from './modules/plans/routes.ts';
import type { Services } from './services.ts';
import { ensureAssets, publicDir } from './web/assets.ts';
import { setUpCsrf } from './web/csrf.ts';
import { setUpErrorPages } from './web/error-pages.ts';
import { setUpHealthChecks } from './web/health.ts';
import './web/request-context.ts';
import { setUpViews } from './web/render.ts';
import { setUpWebSecurity } from './web/security.ts';

/** The whole request pipeline, in order. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({ logger: logOptions(config.logLevel), bodyLimit: 1_048_576, trustProxy: true, return503OnClosing: true });

  setUpHealthChecks(app, services);
  await setUpStaticAssets(app);
  await setUpWebSecurity(app, config.cookieSecure);
  await app.register(cookie);
  await app.register(formbody);
  setUpSessions(app, services);
  await setUpCsrf(app, config.cookieSecure);
  setUpViews(app, config);

  registerIdentityRoutes(app, services);
  registerPeopleRoutes(app, services);
  registerAccessRoutes(app, services);
  registerPlanRoutes(app, services);

  setUpErrorPages(app);
  return app;
}

async function setUpStaticAssets(app: FastifyInstance): Promise<void> {
  ensureAssets();
  await app.register(fastifyStatic, { root: `${publicDir}/assets`, prefix: '/assets/', maxAge: '1h', index: false });
}

/** Logs carry method, path and status only: never query strings, bodies or cookies, which may hold personal data. */
function logOptions(level: string) {
  return {
    level,
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({ id: request.id, method: request.method, path: request.url.split('?')[0] }),
      res: (reply: { statusCode: number }) => ({ status: reply.statusCode }),
    },
  };
}
