import type { AccessStore } from '../access/index.ts';
import type { PeopleStore } from '../people/index.ts';
import type { PlanStore } from '../plans/index.ts';
import type { BudgetStore } from './store.ts';

/**
 * What the budgets module's services need from the data context: the budget, the person's name and circle, their
 * plan's goals, and their care team (who may be named as doing the next step of the budget).
 */
export type BudgetStores = { budgets: BudgetStore; people: PeopleStore; plans: PlanStore; access: AccessStore };
