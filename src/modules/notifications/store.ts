import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { newId } from '../../ids.ts';
import { notificationMail, type NotificationKind } from './kinds.ts';
import { OUTBOX_LOCK } from './store-outbox.ts';
import type { RecipientKind } from './tables.ts';

/** Who is told: a member of staff's account (staff_account.id) or a person's own account (person_account.id). */
export type Recipient = { kind: RecipientKind; accountId: string };

/** What is told: a short line the recipients may see (it may name the person) and a path inside Careweave. */
export type Notification = { kind: NotificationKind; recipients: readonly Recipient[]; text: string; link: string };

/**
 * Where e-mail goes from, when a mail server is set up: the address people sign in at, and what to call once mail
 * is queued (after the transaction commits, the outbox sender sends it). Undefined: nothing is queued for e-mail.
 */
export type NotificationMailSettings = { publicUrl: string; queued: () => void } | undefined;

/** The accounts, open and with a password set, with their addresses: staff and people's own accounts alike. */
const openAccounts = sql`(
  select 'staff' as kind, id, email from staff_account where disabled_at is null and password_hash is not null
  union all
  select 'citizen' as kind, id, email from person_account where disabled_at is null and password_hash is not null)`;

/** Whether a recipient turned a way of hearing off for this kind; with no choice made, both ways are on. */
const turnedOff = (way: 'in_app' | 'email', kind: NotificationKind) =>
  sql`exists (select 1 from notification_choice c where c.recipient_kind = r.kind and c.recipient_id = r.account_id
              and c.kind = ${kind} and not c.${sql.ref(way)})`;

/**
 * Notifications about one person, written in the transaction of the change they tell of: a change that is refused
 * or rolled back tells nobody. Bound to the person by the data context, like every person store.
 */
export function bindNotificationStore(db: Db, personId: string, mail?: NotificationMailSettings) {
  return {
    /**
     * Tells each recipient, by their choices: an inbox row for those who want it in Careweave, and an e-mail (with
     * no personal details, a sign-in link instead) for those who want e-mail, when a mail server is set up. Closed
     * accounts, and accounts not yet opened, are told nothing. Two statements at most.
     */
    async notify({ kind, recipients, text, link }: Notification): Promise<void> {
      const unique = [...new Map(recipients.map((r) => [`${r.kind}:${r.accountId}`, r])).values()];
      if (!unique.length) return;
      const now = new Date();
      const rows = sql`(values ${sql.join(
        unique.map((r) => sql`(${r.kind}::text, ${r.accountId}::uuid, ${newId()}::uuid)`),
      )}) as r(kind, account_id, id)`;
      await sql`insert into notification (recipient_kind, recipient_id, id, person_id, kind, text, link, created_at)
        select r.kind, r.account_id, r.id, ${personId}, ${kind}, ${text}, ${link}, ${now}
        from ${rows} join ${openAccounts} a on a.kind = r.kind and a.id = r.account_id
        where not ${turnedOff('in_app', kind)}`.execute(db);
      if (!mail) return;
      const { subject, text: body } = notificationMail(kind, mail.publicUrl);
      // Held until this transaction ends, so the sender, nudged now, claims the rows once they are committed.
      const { rows: queued } = await sql<{ id: string }>`with lock as (select pg_advisory_xact_lock_shared(${sql.lit(
        OUTBOX_LOCK,
      )}))
        insert into mail_outbox (id, to_address, subject, text, created_at, next_attempt_at)
        select r.id, a.email, ${subject}, ${body}, ${now}, ${now}
        from lock, ${rows} join ${openAccounts} a on a.kind = r.kind and a.id = r.account_id
        where not ${turnedOff('email', kind)}
        returning id`.execute(db);
      if (queued.length) mail.queued();
    },
    /**
     * Marks as read the recipient's unread items about this record that lead to `link`: whoever opens the page an
     * item points to has seen what it was about.
     */
    markReadAt: (recipient: Recipient, link: string, at: Date) =>
      db
        .updateTable('notification')
        .set({ read_at: at })
        .where('recipient_kind', '=', recipient.kind)
        .where('recipient_id', '=', recipient.accountId)
        .where('person_id', '=', personId)
        .where('link', '=', link)
        .where('read_at', 'is', null)
        .execute(),
  };
}

export type NotificationStore = ReturnType<typeof bindNotificationStore>;
