import type { PersonData } from '../../data/person-data.ts';
import { conflict, notFound, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { postingsFor, refusalFor, reversalOf, type LedgerMove, type MoneySource } from './ledger.ts';
import { formatPence } from './money.ts';
import type { BudgetStores } from './stores.ts';
import { SPENDING_CATEGORIES, TRANSACTION_KINDS, type SpendingCategory } from './terms.ts';
import { staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

/** A transaction as a form sends it. The idempotency key is the form's own: sending it twice records it once. */
export type MoneyEntry = {
  kind: 'allocation' | 'payment' | 'spend' | 'refund' | 'clawback';
  streamId: string;
  amountPence: number;
  source: MoneySource;
  occurredOn: string;
  description: string;
  payee: string | null;
  category: SpendingCategory | null;
  lineId: string | null;
  receiptReference: string | null;
  idempotencyKey: string;
};

export type Recorded = { transactionId: string; replayed: boolean };

const sameEntry = (
  row: { kind: string; description: string; occurred_on: string; postings: { amountPence: number }[] },
  entry: MoneyEntry,
) =>
  row.kind === entry.kind &&
  row.description === entry.description &&
  row.occurred_on === entry.occurredOn &&
  row.postings.some((posting) => posting.amountPence === entry.amountPence);

const moveOf = (entry: MoneyEntry): LedgerMove =>
  entry.kind === 'allocation' || entry.kind === 'payment'
    ? { kind: entry.kind, streamId: entry.streamId, amountPence: entry.amountPence }
    : { kind: entry.kind, streamId: entry.streamId, amountPence: entry.amountPence, source: entry.source };

/** The transaction already recorded under a form's key: the same one again, or a 409 when the details differ. */
function replayOf(earlier: Parameters<typeof sameEntry>[0] & { id: string }, entry: MoneyEntry): Recorded {
  if (!sameEntry(earlier, entry)) throw conflict('This form was sent before with different details.');
  return { transactionId: earlier.id, replayed: true };
}

export function createLedgerService() {
  return {
    /**
     * Records money coming in, going out or moving, once per idempotency key. Money cannot be spent twice: the stream
     * is held while its balance is checked, so of two payments racing for the same money only one is recorded.
     */
    async record(data: Data, personId: string, entry: MoneyEntry, now: Date): Promise<Recorded> {
      const summary = `${TRANSACTION_KINDS[entry.kind]}: ${formatPence(entry.amountPence)}, ${entry.description}`;
      return data.write(personId, 'budget', summary, async ({ budgets }, decision) => {
        const actor = staffOnly(data.actor, decision);
        const stream = await budgets.holdStream(entry.streamId, entry.idempotencyKey);
        if (!stream) {
          const earlier = await budgets.transactionByKey(entry.idempotencyKey);
          if (earlier) return replayOf(earlier, entry);
          throw refused('Choose which funding this is from.');
        }
        if (stream.earlier_id) return replayOf((await budgets.transaction(stream.earlier_id))!, entry);
        if (entry.kind === 'spend' && entry.category && stream.allowed_categories.length > 0) {
          if (!stream.allowed_categories.includes(entry.category))
            throw refused(
              `${stream.funder_name} does not pay for ${SPENDING_CATEGORIES[entry.category].toLowerCase()}. Choose other funding or another kind of spending.`,
            );
        }
        if (entry.kind === 'payment' && stream.managed_as !== 'direct_payment')
          throw refused(`${stream.funder_name} is not paid as a direct payment.`);
        const postings = postingsFor(moveOf(entry));
        const { balance, lineExists } = await budgets.balanceAndLine(entry.streamId, entry.lineId);
        if (!lineExists) throw refused('Choose a line of the support plan.');
        const refusal = refusalFor(balance, postings);
        if (refusal) throw refused(refusal);
        const by = writtenBy(actor);
        const id = newId();
        const added = await budgets.insertTransaction(
          {
            id,
            budget_id: stream.budget_id,
            kind: entry.kind,
            occurred_on: entry.occurredOn,
            description: entry.description,
            payee: entry.payee,
            category: entry.category,
            line_id: entry.lineId,
            receipt_reference: entry.receiptReference,
            reverses_id: null,
            idempotency_key: entry.idempotencyKey,
            recorded_by_kind: by.kind,
            recorded_by_id: by.id,
            recorded_by_name: by.name,
            recorded_at: now,
          },
          postings,
        );
        // The same form, sent at the same instant, was recorded while this one waited.
        if (!added) return replayOf((await budgets.transactionByKey(entry.idempotencyKey))!, entry);
        return { transactionId: id, replayed: false };
      });
    },

    /** Puts a transaction right by recording its opposite, with the reason; the original stays as it was. */
    async reverse(data: Data, personId: string, transactionId: string, reason: string, now: Date) {
      return data.write(personId, 'budget', `Corrected a transaction: ${reason}`, async ({ budgets }, decision) => {
        const actor = staffOnly(data.actor, decision);
        const original = await budgets.transaction(transactionId);
        if (!original) throw notFound();
        if (original.kind === 'reversal')
          throw refused('A correction cannot itself be corrected. Record the money again.');
        if (await budgets.reversalOf(transactionId)) throw refused('This transaction has already been corrected.');
        const postings = reversalOf(original.postings);
        for (const streamId of new Set(postings.map((posting) => posting.streamId))) {
          const balance = await budgets.lockedBalance(streamId);
          const refusal = refusalFor(
            balance!,
            postings.filter((posting) => posting.streamId === streamId),
          );
          if (refusal) throw refused(`This cannot be undone now. ${refusal}`);
        }
        const by = writtenBy(actor);
        const id = newId();
        await budgets.insertTransaction(
          {
            id,
            budget_id: original.budget_id,
            kind: 'reversal',
            occurred_on: original.occurred_on,
            description: reason,
            payee: original.payee,
            category: original.category,
            line_id: null,
            receipt_reference: null,
            reverses_id: original.id,
            idempotency_key: null,
            recorded_by_kind: by.kind,
            recorded_by_id: by.id,
            recorded_by_name: by.name,
            recorded_at: now,
          },
          postings,
        );
        return id;
      });
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
