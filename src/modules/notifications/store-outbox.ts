import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

/**
 * The advisory lock between queuing mail and claiming it: queuing holds it shared until its transaction ends, and a
 * claim takes it alone, so a claim made as soon as mail was queued waits for that mail to be committed.
 */
export const OUTBOX_LOCK = 190_001;

/** A message claimed for sending. */
export type OutgoingMail = { id: string; to: string; subject: string; text: string; attempts: number };

/**
 * The outbox of e-mail: about nobody's record (it holds no personal details), read and written only by the sender.
 */
export function createOutboxStore(db: Db) {
  return {
    /**
     * Claims up to `limit` messages that are due: each is leased until `leaseUntil` (another sender, or this one
     * after a crash, takes it again only then) and its attempt counted. Rows another sender holds are skipped.
     */
    claimDue: (now: Date, leaseUntil: Date, limit: number): Promise<OutgoingMail[]> =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${sql.lit(OUTBOX_LOCK)})`.execute(trx);
        const due = await trx
          .selectFrom('mail_outbox')
          .select(['id', 'to_address', 'subject', 'text', 'attempts'])
          .where('sent_at', 'is', null)
          .where('next_attempt_at', '<=', now)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (!due.length) return [];
        await trx
          .updateTable('mail_outbox')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
          .where(
            'id',
            'in',
            due.map((row) => row.id),
          )
          .execute();
        return due.map((row) => ({
          id: row.id,
          to: row.to_address,
          subject: row.subject,
          text: row.text,
          attempts: row.attempts + 1,
        }));
      }),
    markSent: async (id: string, at: Date): Promise<void> => {
      await db.updateTable('mail_outbox').set({ sent_at: at, last_error: null }).where('id', '=', id).execute();
    },
    /** Keeps the message for another try at `retryAt`, with a short code saying why this one failed. */
    markFailed: async (id: string, code: string, retryAt: Date): Promise<void> => {
      await db
        .updateTable('mail_outbox')
        .set({ last_error: code, next_attempt_at: retryAt })
        .where('id', '=', id)
        .where('sent_at', 'is', null)
        .execute();
    },
    /** When the next message falls due, if any: the sender sleeps until then. */
    nextDue: async (): Promise<Date | undefined> =>
      (
        await db
          .selectFrom('mail_outbox')
          .select((eb) => eb.fn.min('next_attempt_at').as('at'))
          .where('sent_at', 'is', null)
          .executeTakeFirst()
      )?.at ?? undefined,
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
