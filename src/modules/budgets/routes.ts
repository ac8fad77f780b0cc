import type { FastifyInstance } from 'fastify';
import { registerLineRoutes } from './routes/lines.ts';
import { registerMoneyRoutes } from './routes/money.ts';
import { registerOverviewRoutes } from './routes/overview.ts';
import { registerSetupRoutes } from './routes/setup.ts';
import { registerTransactionRoutes } from './routes/transactions.ts';
import type { BudgetsService } from './service.ts';

export function registerBudgetRoutes(app: FastifyInstance, budgets: BudgetsService): void {
  registerOverviewRoutes(app, budgets);
  registerSetupRoutes(app, budgets);
  registerLineRoutes(app, budgets);
  registerMoneyRoutes(app, budgets);
  registerTransactionRoutes(app, budgets);
}
