import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { Recipient } from './store.ts';
import type { KindChoice } from './kinds.ts';
import type { NotificationKind } from './tables.ts';

/** One inbox row as pages show it. */
export type InboxItem = {
  id: string;
  personId: string | null;
  kind: NotificationKind;
  text: string;
  link: string;
  createdAt: Date;
  readAt: Date | null;
};

const COLUMNS = ['id', 'person_id', 'kind', 'text', 'link', 'created_at', 'read_at'] as const;
const toItem = (row: Pick<Database['notification'], (typeof COLUMNS)[number]>): InboxItem => ({
  id: row.id,
  personId: row.person_id,
  kind: row.kind,
  text: row.text,
  link: row.link,
  createdAt: row.created_at,
  readAt: row.read_at,
});

/**
 * Each account's own inbox and choices: the recipient's data, read and changed only by the recipient, so every
 * query names the recipient first (the primary key's first columns).
 */
export function createInboxStore(db: Db) {
  const mine = (recipient: Recipient) =>
    db
      .selectFrom('notification')
      .where('recipient_kind', '=', recipient.kind)
      .where('recipient_id', '=', recipient.accountId);
  return {
    /** How many notifications the recipient has, read or not. */
    async count(recipient: Recipient): Promise<number> {
      const row = await mine(recipient)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Part of the inbox, newest first. */
    items: async (recipient: Recipient, offset: number, limit: number): Promise<InboxItem[]> =>
      (
        await mine(recipient)
          .select(COLUMNS)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .offset(offset)
          .limit(limit)
          .execute()
      ).map(toItem),
    async unreadCount(recipient: Recipient): Promise<number> {
      const row = await mine(recipient)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** Unread notifications about one record, newest first. */
    unreadAbout: async (recipient: Recipient, personId: string, limit: number): Promise<InboxItem[]> =>
      (
        await mine(recipient)
          .select(COLUMNS)
          .where('person_id', '=', personId)
          .where('read_at', 'is', null)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(limit)
          .execute()
      ).map(toItem),
    /** Marks one notification read (once) and answers where it leads; undefined when it is not the recipient's. */
    async open(recipient: Recipient, id: string, at: Date): Promise<string | undefined> {
      await db
        .updateTable('notification')
        .set({ read_at: at })
        .where('recipient_kind', '=', recipient.kind)
        .where('recipient_id', '=', recipient.accountId)
        .where('id', '=', id)
        .where('read_at', 'is', null)
        .execute();
      return (await mine(recipient).select('link').where('id', '=', id).executeTakeFirst())?.link;
    },
    async markAllRead(recipient: Recipient, at: Date): Promise<number> {
      const result = await db
        .updateTable('notification')
        .set({ read_at: at })
        .where('recipient_kind', '=', recipient.kind)
        .where('recipient_id', '=', recipient.accountId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    /** The choices the recipient has made; a kind with none is heard of both ways. */
    choices: async (recipient: Recipient): Promise<KindChoice[]> =>
      (
        await db
          .selectFrom('notification_choice')
          .select(['kind', 'in_app', 'email'])
          .where('recipient_kind', '=', recipient.kind)
          .where('recipient_id', '=', recipient.accountId)
          .execute()
      ).map((row) => ({ kind: row.kind, inApp: row.in_app, email: row.email })),
    /** Saves a choice for every kind given, in one statement. */
    async saveChoices(recipient: Recipient, choices: readonly KindChoice[], at: Date): Promise<void> {
      if (!choices.length) return;
      await db
        .insertInto('notification_choice')
        .values(
          choices.map((choice) => ({
            recipient_kind: recipient.kind,
            recipient_id: recipient.accountId,
            kind: choice.kind,
            in_app: choice.inApp,
            email: choice.email,
            updated_at: at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['recipient_kind', 'recipient_id', 'kind']).doUpdateSet((eb) => ({
            in_app: eb.ref('excluded.in_app'),
            email: eb.ref('excluded.email'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .execute();
    },
  };
}

export type InboxStore = ReturnType<typeof createInboxStore>;
