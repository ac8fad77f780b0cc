import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { registerAgreementRoutes } from './routes/agreement.ts';
import { registerEditingRoutes } from './routes/editing.ts';
import { registerPrintRoutes } from './routes/print.ts';

export function registerPlanRoutes(app: FastifyInstance, services: Services): void {
  registerEditingRoutes(app, services);
  registerAgreementRoutes(app, services);
  registerPrintRoutes(app, services);
}
