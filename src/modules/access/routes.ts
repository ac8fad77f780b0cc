import type { FastifyInstance } from 'fastify';
import { registerAccessLogRoutes } from './routes/access-log.ts';
import { registerAccountRoutes } from './routes/accounts.ts';
import { registerBreakGlassRoutes } from './routes/break-glass.ts';
import { registerCareTeamRoutes } from './routes/care-team.ts';
import { registerMyHomeRoutes } from './routes/my-home.ts';
import { registerRegistrationRoutes } from './routes/registration.ts';
import { registerSharingRoutes } from './routes/sharing.ts';
import { registerStaffHomeRoutes } from './routes/staff-home.ts';
import { registerStaffLeavingRoutes } from './routes/staff-leaving.ts';
import type { AccessService } from './service.ts';

export function registerAccessRoutes(app: FastifyInstance, access: AccessService): void {
  registerMyHomeRoutes(app, access);
  registerStaffHomeRoutes(app, access);
  registerBreakGlassRoutes(app, access);
  registerAccessLogRoutes(app, access);
  registerSharingRoutes(app, access);
  registerCareTeamRoutes(app, access);
  registerRegistrationRoutes(app, access);
  registerAccountRoutes(app, access);
  registerStaffLeavingRoutes(app, access);
}
