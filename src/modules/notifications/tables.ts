import type { Generated } from 'kysely';

/** What a notification is about; each recipient chooses, per kind, how they hear of it. */
export const NOTIFICATION_KINDS = [
  'task_assigned',
  'episode_changed',
  'new_message',
  'plan_waiting',
  'emergency_access',
  'referral',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Whose inbox: a member of staff's account or a person's own account. */
export type RecipientKind = 'staff' | 'citizen';

export interface NotificationTables {
  /** The in-app inbox. The recipient's data, read by the recipient; only read_at ever changes. */
  notification: {
    recipient_kind: RecipientKind;
    recipient_id: string;
    id: string;
    /** The record the notification is about, if any. */
    person_id: string | null;
    kind: NotificationKind;
    text: string;
    link: string;
    created_at: Date;
    read_at: Date | null;
  };
  /** How a recipient wants to hear of one kind; with no row, both ways. */
  notification_choice: {
    recipient_kind: RecipientKind;
    recipient_id: string;
    kind: NotificationKind;
    in_app: boolean;
    email: boolean;
    updated_at: Date;
  };
  /** E-mail waiting to be sent, or sent. Holds no personal details: only a sign-in link. */
  mail_outbox: {
    id: string;
    to_address: string;
    subject: string;
    text: string;
    created_at: Date;
    attempts: Generated<number>;
    next_attempt_at: Date;
    sent_at: Date | null;
    /** A short code for the last failure (like 'ECONNREFUSED'), never the mail server's words. */
    last_error: string | null;
  };
}
