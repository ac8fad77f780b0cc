import type { AccessStore } from '../access/index.ts';
import type { NotificationStore } from '../notifications/index.ts';
import type { PeopleStore } from '../people/index.ts';
import type { PlanStore } from './store.ts';

/**
 * What the plans module's services need from the data context: the plan, names from people and access, and
 * notifications to tell whoever must still agree it.
 */
export type PlanStores = {
  plans: PlanStore;
  people: PeopleStore;
  access: AccessStore;
  notifications: NotificationStore;
};
