import type { Actor } from '../../data/actor.ts';
import { pageWithin, type Paged } from '../../data/paging.ts';
import type { Mailer } from '../identity/index.ts';
import { NOTIFICATION_KINDS, type KindChoice } from './kinds.ts';
import { createOutboxSender, type OutboxSender } from './outbox-sender.ts';
import type { NotificationMailSettings, Recipient } from './store.ts';
import type { InboxItem, InboxStore } from './store-inbox.ts';
import type { OutboxStore } from './store-outbox.ts';

/** How many notifications the inbox shows at a time. */
export const INBOX_PAGE_SIZE = 25;
/** How many unread notifications about a record its home page shows at the top. */
const NEW_ON_HOME = 10;

/** The inbox's owner: whoever is signed in, by their account. */
export const recipientOf = (actor: Actor): Recipient => ({ kind: actor.kind, accountId: actor.id });

/**
 * The signed-in account's inbox and choices, and the sending of e-mail. Every call is about the actor's own
 * account: there is no way to name someone else's, so another's notification is simply not found.
 */
export function createNotificationsService(deps: {
  inbox: InboxStore;
  outbox: OutboxStore;
  /** Undefined when no mail server is set up: then nothing is queued for e-mail. */
  mailer: Mailer | undefined;
  publicUrl: string | undefined;
}) {
  const { inbox } = deps;
  let sender: OutboxSender | undefined;
  const mailSettings: NotificationMailSettings =
    deps.mailer && deps.publicUrl ? { publicUrl: deps.publicUrl, queued: () => sender?.nudge() } : undefined;

  return {
    /** What the person stores need to queue e-mail; undefined when there is no mail server. */
    mailSettings,
    /** Whether e-mail can be sent at all (there is a mail server): the choices page says so when not. */
    emailAvailable: mailSettings !== undefined,

    /** Starts sending queued e-mail in the background, for a running server; the answer stops it. */
    startSending(log: { error: (message: string) => void }): () => Promise<void> {
      if (!deps.mailer || sender) return async () => {};
      const started = createOutboxSender({ outbox: deps.outbox, mailer: deps.mailer, log });
      sender = started;
      started.start();
      return async () => {
        await started.stop();
        if (sender === started) sender = undefined;
      };
    },

    /** Resolves once the sender has nothing in hand (at once when none is running). */
    sendingIdle: async (): Promise<void> => {
      await sender?.idle();
    },

    unreadCount: (actor: Actor | null): Promise<number> =>
      actor ? inbox.unreadCount(recipientOf(actor)) : Promise.resolve(0),

    /** One page of the actor's inbox, newest first. */
    async page(actor: Actor, asked: number): Promise<Paged<InboxItem> & { unread: number }> {
      const recipient = recipientOf(actor);
      const [total, unread] = await Promise.all([inbox.count(recipient), inbox.unreadCount(recipient)]);
      const page = pageWithin(total, asked, INBOX_PAGE_SIZE);
      return { total, unread, page, items: await inbox.items(recipient, page.offset, page.size) };
    },

    /** Unread notifications about one record, for the top of its home page. */
    newAbout: (recipient: Recipient, personId: string): Promise<InboxItem[]> =>
      inbox.unreadAbout(recipient, personId, NEW_ON_HOME),

    /** Marks a notification read and answers where it leads; undefined when the actor has no such notification. */
    open: (actor: Actor, id: string, now = new Date()): Promise<string | undefined> =>
      inbox.open(recipientOf(actor), id, now),

    markAllRead: (actor: Actor, now = new Date()): Promise<number> => inbox.markAllRead(recipientOf(actor), now),

    /** The actor's choice for every kind, in the order the page lists them; both ways where none is made. */
    async choices(actor: Actor): Promise<KindChoice[]> {
      const made = new Map((await inbox.choices(recipientOf(actor))).map((choice) => [choice.kind, choice]));
      return NOTIFICATION_KINDS.map((kind) => made.get(kind) ?? { kind, inApp: true, email: true });
    },

    /** Saves the actor's choices, every kind at once. */
    saveChoices: (actor: Actor, choices: readonly KindChoice[], now = new Date()): Promise<void> =>
      inbox.saveChoices(recipientOf(actor), choices, now),
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
