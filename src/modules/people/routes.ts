import type { FastifyInstance } from 'fastify';
import { registerAboutMeRoutes } from './routes/about-me.ts';
import { registerContactsRoutes } from './routes/contacts.ts';
import { registerDetailsRoutes } from './routes/details.ts';
import { registerHomeRoutes } from './routes/homes.ts';
import type { PeopleService } from './service.ts';

/** The person record's pages. The access-log, sharing, care-team and emergency-access pages belong to the access module. */
export function registerPeopleRoutes(app: FastifyInstance, people: PeopleService): void {
  registerHomeRoutes(app, people);
  registerDetailsRoutes(app, people);
  registerAboutMeRoutes(app, people);
  registerContactsRoutes(app, people);
}
