// The notifications module's only door.
export {
  bindNotificationStore,
  type NotificationStore,
  type Notification,
  type NotificationMailSettings,
  type Recipient,
} from './store.ts';
export { NOTIFICATION_KINDS, type NotificationKind, type RecipientKind } from './tables.ts';
export { createInboxStore, type InboxItem } from './store-inbox.ts';
export { createOutboxStore } from './store-outbox.ts';
export { createNotificationsService, type NotificationsService } from './service.ts';
export { registerNotificationRoutes } from './routes.ts';
