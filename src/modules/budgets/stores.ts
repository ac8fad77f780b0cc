import type { PeopleStore } from '../people/index.ts';
import type { PlanStore } from '../plans/index.ts';
import type { BudgetStore } from './store.ts';

/** What the budgets module's services need from the data context: the budget, the person's name and their plan's goals. */
export type BudgetStores = { budgets: BudgetStore; people: PeopleStore; plans: PlanStore };
