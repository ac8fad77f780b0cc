import type { PanelStores } from '../panel/index.ts';
import type { NotificationStore } from '../notifications/index.ts';
import type { TeamworkStore } from './store.ts';

/** What teamwork's services need from the data context: its own rows, the record below it, and notifications. */
export type TeamworkStores = PanelStores & { teamwork: TeamworkStore; notifications: NotificationStore };
