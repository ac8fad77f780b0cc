import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';
import { createPlanEditing } from './editing-service.ts';
import { registerAgreementRoutes } from './routes/agreement.ts';
import { registerEditingRoutes } from './routes/editing.ts';
import { registerNeedsRoutes } from './routes/needs.ts';
import { registerPrintRoutes } from './routes/print.ts';
import { registerRiskRoutes } from './routes/risks.ts';
import { registerSuggestionRoutes } from './routes/suggestions.ts';

export function registerPlanRoutes(app: FastifyInstance, services: Services): void {
  const editing = createPlanEditing(services.access.sharing);
  registerEditingRoutes(app, editing);
  registerNeedsRoutes(app, editing);
  registerRiskRoutes(app, editing);
  registerSuggestionRoutes(app, editing);
  registerAgreementRoutes(app, services);
  registerPrintRoutes(app, services);
}
