import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { registerAccessLogRoutes } from './routes/access-log.ts';
import { registerBreakGlassRoutes } from './routes/break-glass.ts';
import { registerCareTeamRoutes } from './routes/care-team.ts';
import { registerSharingRoutes } from './routes/sharing.ts';
import { registerStaffHomeRoutes } from './routes/staff-home.ts';

export function registerAccessRoutes(app: FastifyInstance, services: Services): void {
  registerStaffHomeRoutes(app, services);
  registerBreakGlassRoutes(app, services);
  registerAccessLogRoutes(app, services);
  registerSharingRoutes(app, services);
  registerCareTeamRoutes(app, services);
}
