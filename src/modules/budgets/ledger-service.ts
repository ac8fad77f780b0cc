import type { PersonData } from '../../data/person-data.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { conflict, isRefusal, notFound, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { postingsFor, refusalFor, reversalOf, transactionRow, type LedgerMove, type MoneySource } from './ledger.ts';
import { formatPence } from './money.ts';
import type { HeldStream } from './store-ledger.ts';
import type { BudgetStores } from './stores.ts';
import { SPENDING_CATEGORIES, TRANSACTION_KINDS, type SpendingCategory } from './terms.ts';
import { staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

/** A transaction as a form sends it. The idempotency key is the form's own: sending it twice records it once. */
export type MoneyEntry = {
  kind: 'allocation' | 'payment' | 'spend' | 'refund' | 'clawback';
  streamId: string;
  amountPence: number;
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

/**
 * The ledger move an entry makes on its stream. Money paid to the person is spent, refunded and taken back from their
 * direct-payment account; any other stream's, from what is held.
 */
const moveOf = (entry: MoneyEntry, stream: HeldStream): LedgerMove => {
  const source: MoneySource = stream.managed_as === 'direct_payment' ? 'direct_payment' : 'held';
  return entry.kind === 'allocation' || entry.kind === 'payment'
    ? { kind: entry.kind, streamId: stream.id, amountPence: entry.amountPence }
    : { kind: entry.kind, streamId: stream.id, amountPence: entry.amountPence, source };
};

/** What became of one entry: recorded, recorded before under its key, or refused with the reason. */
export type EntryOutcome =
  | { outcome: 'recorded' | 'replayed'; transactionId: string }
  | { outcome: 'refused'; message: string; conflict: boolean };

const DIFFERENT = 'This form was sent before with different details.';

/** Why this entry may not be recorded against this stream, whatever its balance; null when it may. */
function ruleAgainst(stream: HeldStream, entry: MoneyEntry, lineExists: boolean): string | null {
  if (entry.kind === 'spend' && entry.category && stream.allowed_categories.length > 0) {
    if (!stream.allowed_categories.includes(entry.category))
      return `${stream.funder_name} does not pay for ${SPENDING_CATEGORIES[entry.category].toLowerCase()}. Choose other funding or another kind of spending.`;
  }
  if (entry.kind === 'payment' && stream.managed_as !== 'direct_payment')
    return `${stream.funder_name} is not paid as a direct payment.`;
  if (!lineExists) return 'Choose a line of the support plan.';
  return null;
}

export function createLedgerService() {
  /**
   * Records entries against one stream in one transaction, in the order given, each once by its idempotency key.
   * Money cannot be spent twice: the stream is held while its balance is read, so of two payments racing for the same
   * money only one is recorded. An entry the rules refuse is reported and the others are still recorded.
   */
  async function recordMany(
    data: Data,
    personId: string,
    streamId: string,
    entries: readonly MoneyEntry[],
    summary: string,
    now: Date,
  ): Promise<EntryOutcome[]> {
    const written: Promise<EntryOutcome[]> = data.write(personId, 'budget', summary, async ({ budgets }, decision) => {
      const actor = staffOnly(data.actor, decision);
      const lineIds = [...new Set(entries.flatMap((entry) => (entry.lineId ? [entry.lineId] : [])))];
      const facts = await budgets.holdStream(
        streamId,
        lineIds,
        entries.map((entry) => entry.idempotencyKey),
      );
      if (!facts)
        return entries.map(() => ({
          outcome: 'refused',
          message: 'Choose which funding this is from.',
          conflict: false,
        }));
      const { stream, balance } = facts;
      const earlier = await budgets.transactionsByIds([...facts.earlier.values()]);
      const by = writtenBy(actor);
      const adding: Parameters<typeof budgets.insertTransactions>[0][number][] = [];
      const addedUnder = new Map<string, MoneyEntry & { transactionId: string }>();
      const outcomes = entries.map((entry): EntryOutcome => {
        const before =
          earlier.get(facts.earlier.get(entry.idempotencyKey) ?? '') ?? addedUnder.get(entry.idempotencyKey);
        if (before) {
          const same =
            'postings' in before
              ? sameEntry(before, entry)
              : before.kind === entry.kind &&
                before.description === entry.description &&
                before.occurredOn === entry.occurredOn &&
                before.amountPence === entry.amountPence;
          const transactionId = 'postings' in before ? before.id : before.transactionId;
          return same
            ? { outcome: 'replayed', transactionId }
            : { outcome: 'refused', message: DIFFERENT, conflict: true };
        }
        const rule = ruleAgainst(stream, entry, entry.lineId === null || facts.lineIds.has(entry.lineId));
        if (rule) return { outcome: 'refused', message: rule, conflict: false };
        const postings = postingsFor(moveOf(entry, stream));
        const refusal = refusalFor(balance, postings);
        if (refusal) return { outcome: 'refused', message: refusal, conflict: false };
        for (const posting of postings) balance[posting.account] += posting.amountPence;
        const id = newId();
        adding.push({
          row: transactionRow(
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
              idempotency_key: entry.idempotencyKey,
            },
            by,
            now,
          ),
          postings,
        });
        addedUnder.set(entry.idempotencyKey, { ...entry, transactionId: id });
        return { outcome: 'recorded', transactionId: id };
      });
      await budgets.insertTransactions(adding);
      return outcomes;
    });
    // Some of the same entries, sent at the same instant, were recorded while this waited (the database refused their
    // keys): nothing here is kept, and asking again finds them recorded.
    return written.catch((error: unknown) => {
      if (uniqueKeyClash(error) === undefined) throw error;
      throw conflict(
        'Some of this was recorded by someone else at the same moment. Send it again to see what is left.',
      );
    });
  }

  /** Records one entry (a form): refused with the reason, or a 409 when its key was used for different details. */
  async function record(data: Data, personId: string, entry: MoneyEntry, now: Date): Promise<Recorded> {
    const summary = `${TRANSACTION_KINDS[entry.kind]}: ${formatPence(entry.amountPence)}, ${entry.description}`;
    try {
      const [outcome] = await recordMany(data, personId, entry.streamId, [entry], summary, now);
      if (outcome!.outcome === 'refused')
        throw outcome!.conflict ? conflict(outcome!.message) : refused(outcome!.message);
      return { transactionId: outcome!.transactionId, replayed: outcome!.outcome === 'replayed' };
    } catch (error) {
      // The same form sent twice at the same instant: the first was recorded while this waited, so this is a replay.
      if (isRefusal(error, 'CW_CONFLICT') && error.message !== DIFFERENT) return record(data, personId, entry, now);
      throw error;
    }
  }

  return {
    recordMany,
    record,

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
          const held = await budgets.holdStream(streamId);
          const refusal = refusalFor(
            held!.balance,
            postings.filter((posting) => posting.streamId === streamId),
          );
          if (refusal) throw refused(`This cannot be undone now. ${refusal}`);
        }
        const by = writtenBy(actor);
        const id = newId();
        await budgets.insertTransactions([
          {
            row: transactionRow(
              {
                id,
                budget_id: original.budget_id,
                kind: 'reversal',
                occurred_on: original.occurred_on,
                description: reason,
                payee: original.payee,
                category: original.category,
                reverses_id: original.id,
              },
              by,
              now,
            ),
            postings,
          },
        ]);
        return id;
      });
    },
  };
}

export type LedgerService = ReturnType<typeof createLedgerService>;
