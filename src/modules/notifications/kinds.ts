import { NOTIFICATION_KINDS, type NotificationKind } from './tables.ts';

export { NOTIFICATION_KINDS, type NotificationKind };

/** How one recipient hears of one kind: in their inbox, by e-mail, both or neither. */
export type KindChoice = { kind: NotificationKind; inApp: boolean; email: boolean };

/** Each kind in plain words: on the choices page, and in the e-mail, which says nothing more. */
export const KIND_WORDS: Record<NotificationKind, string> = {
  task_assigned: 'a task given to you',
  episode_changed: 'a change to a hospital stay or transfer of care',
  new_message: 'a new message',
  plan_waiting: 'a plan waiting for your agreement',
  emergency_access: 'emergency access to a record',
  referral: 'a referral',
};

/** The headings on the choices page, one for each kind. */
export const KIND_HEADINGS: Record<NotificationKind, string> = {
  task_assigned: 'Tasks given to you',
  episode_changed: 'Hospital stays and transfers of care',
  new_message: 'New messages',
  plan_waiting: 'Plans waiting for your agreement',
  emergency_access: 'Emergency access to a record',
  referral: 'Referrals',
};

/**
 * The e-mail for a notification. It carries no personal details (no name, nothing from the record): whoever reads
 * the mailbox learns only that there is something to read, and where to sign in to read it.
 */
export function notificationMail(kind: NotificationKind, publicUrl: string): { subject: string; text: string } {
  return {
    subject: 'You have a new notification in Careweave',
    text: `You have a new notification in Careweave: ${KIND_WORDS[kind]}. Sign in to read it: ${publicUrl}/inbox\n`,
  };
}
