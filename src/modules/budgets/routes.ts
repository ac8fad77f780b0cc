import type { FastifyInstance } from 'fastify';
import { registerAgreementRoutes } from './routes/agreements.ts';
import { registerAllocationRoutes } from './routes/allocation.ts';
import { registerCommissioningRoutes } from './routes/commissioning.ts';
import { registerJourneyRoutes } from './routes/journey.ts';
import { registerLineRoutes } from './routes/lines.ts';
import { registerMoneyRoutes } from './routes/money.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerSetupRoutes } from './routes/setup.ts';
import { registerStatementImportRoutes } from './routes/statement-import.ts';
import { registerStatementRoutes } from './routes/statements.ts';
import { registerTransactionRoutes } from './routes/transactions.ts';
import type { BudgetsService } from './service.ts';

export function registerBudgetRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  registerOverviewRoutes(app, budgets);
  registerSetupRoutes(app, budgets);
  registerAllocationRoutes(app, budgets);
  registerLineRoutes(app, budgets);
  registerJourneyRoutes(app, budgets);
  registerMoneyRoutes(app, budgets);
  registerTransactionRoutes(app, budgets);
  registerStatementImportRoutes(app, budgets);
  registerAgreementRoutes(app, budgets);
  registerStatementRoutes(app, budgets);
  registerCommissioningRoutes(app, budgets);
}
