import type { Notification } from '../../src/modules/notifications/index.ts';
import { staffActor, type TestApp } from '../support/app.ts';

// Helpers for the notifications tests: whose account is whose, what is in an inbox, and notifying inside a write.

/** A person's own account (or a representative's) by e-mail address. */
export const citizenAccountId = async (app: TestApp, email: string): Promise<string> =>
  (await app.db.selectFrom('person_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** Every inbox row of one account, newest first. */
export const inboxRows = (app: TestApp, kind: 'staff' | 'citizen', accountId: string) =>
  app.db
    .selectFrom('notification')
    .selectAll()
    .where('recipient_kind', '=', kind)
    .where('recipient_id', '=', accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

export const countRows = async (app: TestApp, table: 'notification' | 'mail_outbox' | 'notification_choice') =>
  Number(
    (
      await app.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Notifies inside a write of Aisha's details by a member of her care team (Priya by default), as a module's service
 * does; `thenFail` makes the write throw after notifying, as a rule refusing it late would.
 */
export async function notifyInWrite(
  app: TestApp,
  personId: string,
  notification: Notification,
  options: { staffId?: string; thenFail?: Error } = {},
): Promise<void> {
  const actor = await staffActor(app, options.staffId ?? app.ids.staff.priya!);
  await app.services.contextFor(actor).write(personId, 'details', 'A change that tells people', async (stores) => {
    await stores.notifications.notify(notification);
    if (options.thenFail) throw options.thenFail;
  });
}
