import { createBudgetService } from './budget-service.ts';
import { createLedgerService } from './ledger-service.ts';
import { createLinesService } from './lines-service.ts';

/** Personal budgets: the budget and its funding, the costed support plan, and the money ledger. */
export function createBudgetsService() {
  return { budget: createBudgetService(), lines: createLinesService(), ledger: createLedgerService() };
}

export type BudgetsService = ReturnType<typeof createBudgetsService>;
