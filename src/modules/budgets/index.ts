// What other modules and the app may use from budgets: the store the data context binds to one person, the
// service and the routes.
export { bindBudgetStore, type BudgetStore } from './store.ts';
export { createBudgetsService, type BudgetsService } from './service.ts';
export { createAllocationSchemes } from './store-allocation.ts';
export { createCommissioningReference } from './store-commissioning.ts';
export { checkAllocationScheme, type AllocationScheme } from './allocation-scheme.ts';
export { budgetSummary, type BudgetSummary } from './budget-service.ts';
export { formatPence } from './money.ts';
export { suppressCount, suppressOverMonths, type ShownFigures, type Table } from './suppression.ts';
export { postingsFor, transactionRow } from './ledger.ts';
export { MANAGED_AS, STREAM_KINDS, type ManagedAs, type StreamKind } from './terms.ts';
export type { BudgetStores } from './stores.ts';
export { registerBudgetRoutes } from './routes.ts';
