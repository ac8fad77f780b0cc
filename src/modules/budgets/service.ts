import { createAchievementService } from './achievement-service.ts';
import { createAgreementService } from './agreement-service.ts';
import { createAllocationService } from './allocation-service.ts';
import { createBudgetService } from './budget-service.ts';
import { createJourneyService } from './journey-service.ts';
import { createLedgerService } from './ledger-service.ts';
import { createLinesService } from './lines-service.ts';
import { createStatementService } from './statement-service.ts';
import type { AllocationSchemes } from './store-allocation.ts';
import { createCommissioningService } from './commissioning-service.ts';
import type { CommissioningReference } from './store-commissioning.ts';

/** Personal budgets: the budget and its funding, the costed support plan, and the money ledger. */
export function createBudgetsService(deps: {
  allocationSchemes: AllocationSchemes;
  commissioning: CommissioningReference;
}) {
  return {
    allocation: createAllocationService(deps.allocationSchemes),
    budget: createBudgetService(),
    lines: createLinesService(),
    ledger: createLedgerService(),
    statements: createStatementService(),
    achievements: createAchievementService(),
    journey: createJourneyService(),
    agreements: createAgreementService(),
    commissioning: createCommissioningService(deps.commissioning),
  };
}

export type BudgetsService = ReturnType<typeof createBudgetsService>;
