import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAccessRoutes } from './modules/access/index.ts';
import { navigationFor, registerIdentityRoutes, setUpSessions } from './modules/identity/index.ts';
import { registerNotificationRoutes } from './modules/notifications/index.ts';
import { registerPeopleRoutes } from './modules/people/index.ts';
import { registerPlanRoutes } from './modules/plans/index.ts';
import { registerBudgetRoutes } from './modules/budgets/index.ts';
import { registerPanelRoutes } from './modules/panel/index.ts';
import { registerTeamworkRoutes } from './modules/teamwork/index.ts';
import { registerDirectoryRoutes } from './modules/directory/index.ts';
import type { Services } from './services.ts';
import { ensureAssets, publicDir } from './web/assets.ts';
import { setUpCsrf } from './web/csrf.ts';
import { setUpErrorPages } from './web/error-pages.ts';
import { setUpHealthChecks } from './web/health.ts';
import { setUpControlCharacterChecks } from './web/hidden-characters.ts';
import { setUpPublicRateLimit } from './web/rate-limit.ts';
import { logOptions } from './web/logging.ts';
import './web/request-context.ts';
import { setUpViews } from './web/render.ts';
import { setUpWebSecurity } from './web/security.ts';

/** Every module's pages, registered in this order. A new module adds one line. */
const MODULES: { name: string; register: (app: FastifyInstance, services: Services) => void }[] = [
  { name: 'identity', register: (app, services) => registerIdentityRoutes(app, services.identity) },
  { name: 'notifications', register: (app, services) => registerNotificationRoutes(app, services.notifications) },
  { name: 'people', register: (app, services) => registerPeopleRoutes(app, services.people) },
  { name: 'access', register: (app, services) => registerAccessRoutes(app, services.access) },
  { name: 'plans', register: (app, services) => registerPlanRoutes(app, services.plans) },
  { name: 'budgets', register: (app, services) => registerBudgetRoutes(app, services.budgets) },
  { name: 'panel', register: (app, services) => registerPanelRoutes(app, services.panel) },
  { name: 'teamwork', register: (app, services) => registerTeamworkRoutes(app, services.teamwork) },
  { name: 'directory', register: (app, services) => registerDirectoryRoutes(app, services.directory) },
];

/** The whole request pipeline, in order. */
export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger: logOptions(config.logLevel),
    bodyLimit: 1_048_576,
    // The client's address is the connection's unless it comes through a proxy listed in TRUSTED_PROXIES.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    return503OnClosing: true,
  });

  setUpHealthChecks(app, services.databaseReady);
  await setUpStaticAssets(app);
  await setUpWebSecurity(app, config.cookieSecure);
  await app.register(cookie);
  await app.register(formbody);
  setUpControlCharacterChecks(app);
  setUpSessions(app, services.identity);
  await setUpPublicRateLimit(app, config.publicRequestsPerMinute);
  setUpPersonData(app, services);
  await setUpCsrf(app, config.cookieSecure, (request) => request.sessionId ?? request.pendingSession?.id ?? null);
  // The header's "Inbox" says how many notifications are unread; when that cannot be counted (the database is down
  // and this is the error page saying so), it says nothing.
  setUpViews(app, config, async (actor, path) =>
    navigationFor(actor, path, await services.notifications.unreadCount(actor).catch(() => 0)),
  );

  for (const module of MODULES) module.register(app, services);

  setUpErrorPages(app);
  return app;
}

/** Every request gets its own data context for whoever is signed in: the only way its routes reach person data. */
function setUpPersonData(app: FastifyInstance, services: Services): void {
  app.decorateRequest('personData', null as never);
  app.addHook('onRequest', async (request) => {
    request.personData = services.contextFor(request.actor);
  });
}

async function setUpStaticAssets(app: FastifyInstance): Promise<void> {
  await ensureAssets();
  await app.register(fastifyStatic, { root: `${publicDir}/assets`, prefix: '/assets/', maxAge: '1h', index: false });
}
