import type { AccessStore } from '../access/index.ts';
import type { PeopleStore } from '../people/index.ts';
import type { PlanStore } from './store.ts';

/** What the plans module's services need from the data context: the plan, and names from people and access. */
export type PlanStores = { plans: PlanStore; people: PeopleStore; access: AccessStore };
