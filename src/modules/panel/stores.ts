import type { AccessStore } from '../access/index.ts';
import type { BudgetStores } from '../budgets/index.ts';
import type { NotificationStore } from '../notifications/index.ts';
import type { PanelStore } from './store.ts';

/** What the panel's services need from the data context: the panel's rows, the plan and budget a case copies, and notifications. */
export type PanelStores = BudgetStores & { panel: PanelStore; access: AccessStore; notifications: NotificationStore };
