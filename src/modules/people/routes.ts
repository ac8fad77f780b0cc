import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { registerAboutMeRoutes } from './routes/about-me.ts';
import { registerContactsRoutes } from './routes/contacts.ts';
import { registerDetailsRoutes } from './routes/details.ts';
import { registerHomeRoutes } from './routes/homes.ts';

/** The person record's pages. The access-log, sharing, care-team and emergency-access pages belong to the access module. */
export function registerPeopleRoutes(app: FastifyInstance, services: Services): void {
  registerHomeRoutes(app, services);
  registerDetailsRoutes(app, services);
  registerAboutMeRoutes(app, services);
  registerContactsRoutes(app, services);
}
