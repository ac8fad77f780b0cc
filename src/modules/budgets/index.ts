// What other modules and the app may use from budgets: the store the data context binds to one person, the
// service and the routes.
export { bindBudgetStore, type BudgetStore } from './store.ts';
export { createBudgetsService, type BudgetsService } from './service.ts';
export { registerBudgetRoutes } from './routes.ts';
