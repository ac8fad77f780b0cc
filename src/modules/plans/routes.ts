import type { FastifyInstance } from 'fastify';
import { registerAgreementRoutes } from './routes/agreement.ts';
import { registerEditingRoutes } from './routes/editing.ts';
import { registerNeedsRoutes } from './routes/needs.ts';
import { registerPrintRoutes } from './routes/print.ts';
import { registerRiskRoutes } from './routes/risks.ts';
import { registerSuggestionRoutes } from './routes/suggestions.ts';
import type { PlansService } from './service.ts';

export function registerPlanRoutes(app: FastifyInstance, plans: PlansService): void {
  registerEditingRoutes(app, plans.editing);
  registerNeedsRoutes(app, plans.editing);
  registerRiskRoutes(app, plans.editing);
  registerSuggestionRoutes(app, plans.editing);
  registerAgreementRoutes(app, plans);
  registerPrintRoutes(app);
}
