import type { LedgerAccount, TransactionKind } from './terms.ts';

// The double-entry rules of a budget's ledger, as plain functions. Every transaction moves money between the four
// accounts of one funding stream, so its postings always sum to zero (the database checks that too).

export type Posting = { streamId: string; account: LedgerAccount; amountPence: number };

/** Where money for a spend comes from, or a refund or clawback goes: what is held, or the direct-payment account. */
export type MoneySource = 'held' | 'direct_payment';

export type LedgerMove =
  | { kind: 'allocation'; streamId: string; amountPence: number }
  | { kind: 'payment'; streamId: string; amountPence: number }
  | { kind: 'spend' | 'refund' | 'clawback'; streamId: string; amountPence: number; source: MoneySource };

const move = (streamId: string, from: LedgerAccount, to: LedgerAccount, amountPence: number): Posting[] => [
  { streamId, account: from, amountPence: -amountPence },
  { streamId, account: to, amountPence },
];

/** The postings of a transaction; the amount must be whole pence above nothing. */
export function postingsFor(change: LedgerMove): Posting[] {
  if (!Number.isSafeInteger(change.amountPence) || change.amountPence <= 0)
    throw new RangeError(`A ledger amount is whole pence above zero, not ${change.amountPence}`);
  const { streamId, amountPence } = change;
  switch (change.kind) {
    case 'allocation':
      return move(streamId, 'funding', 'held', amountPence);
    case 'payment':
      return move(streamId, 'held', 'direct_payment', amountPence);
    case 'spend':
      return move(streamId, change.source, 'spent', amountPence);
    case 'refund':
      return move(streamId, 'spent', change.source, amountPence);
    case 'clawback':
      return move(streamId, change.source, 'funding', amountPence);
  }
}

/** The postings that undo a transaction: each one the other way round. */
export const reversalOf = (postings: readonly Posting[]): Posting[] =>
  postings.map((posting) => ({ ...posting, amountPence: -posting.amountPence }));

export type StreamBalance = Record<LedgerAccount, number>;
export const EMPTY_BALANCE: StreamBalance = { funding: 0, held: 0, direct_payment: 0, spent: 0 };

/** Each stream's balances after these postings. */
export function balancesOf(postings: readonly Posting[]): Map<string, StreamBalance> {
  const balances = new Map<string, StreamBalance>();
  for (const posting of postings) {
    const balance = balances.get(posting.streamId) ?? { ...EMPTY_BALANCE };
    balance[posting.account] += posting.amountPence;
    balances.set(posting.streamId, balance);
  }
  return balances;
}

/**
 * What a stream's money comes to, as the person reads it: the amount given (what the funder committed, less anything
 * taken back), what has been spent (less refunds), and what is left to spend (held plus in the direct-payment account).
 */
export const streamTotals = (balance: StreamBalance) => ({
  givenPence: -balance.funding,
  spentPence: balance.spent,
  leftPence: balance.held + balance.direct_payment,
});

/**
 * Why a transaction may not be recorded against these balances, or null when it may: no account may go below
 * zero (so money cannot be spent twice), and nothing can be spent, refunded or taken back that is not there.
 */
export function refusalFor(balance: StreamBalance, postings: readonly Posting[]): string | null {
  const after = { ...balance };
  for (const posting of postings) after[posting.account] += posting.amountPence;
  if (after.held < 0) return 'There is not enough money left in this funding to cover it.';
  if (after.direct_payment < 0) return 'There is not enough money left in the direct-payment account to cover it.';
  if (after.spent < 0) return 'A refund cannot be more than was spent from this funding.';
  if (after.funding > 0) return 'More cannot be taken back than the funder gave.';
  return null;
}

/** Whether a kind of transaction moves money out of what is left to spend. */
export const spendsMoney = (kind: TransactionKind): boolean => kind === 'spend' || kind === 'clawback';

/** What a new transaction's row says besides its kind and date: anything left out is none. */
type TransactionFields = {
  id: string;
  budget_id: string;
  kind: TransactionKind;
  occurred_on: string;
  description: string;
  payee?: string | null;
  category?: string | null;
  line_id?: string | null;
  receipt_reference?: string | null;
  reverses_id?: string | null;
  idempotency_key?: string | null;
};

/** A new ledger transaction's row, recorded by `by` at `at`. */
export const transactionRow = (
  fields: TransactionFields,
  by: { kind: 'staff' | 'citizen'; id: string; name: string },
  at: Date,
) => ({
  payee: null,
  category: null,
  line_id: null,
  receipt_reference: null,
  reverses_id: null,
  idempotency_key: null,
  ...fields,
  recorded_by_kind: by.kind,
  recorded_by_id: by.id,
  recorded_by_name: by.name,
  recorded_at: at,
});
