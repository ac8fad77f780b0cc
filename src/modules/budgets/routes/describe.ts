import { formatUkDate } from '../../../dates.ts';
import type { CostedLine, FundingStream } from '../budget-service.ts';
import { streamTotals, type Posting } from '../ledger.ts';
import { formatPence } from '../money.ts';
import { FREQUENCIES, MANAGED_AS, SPENDING_CATEGORIES, STREAM_KINDS, TRANSACTION_KINDS } from '../terms.ts';

// How the budget's rows read on a page: money in pounds, words for every code.

export const categoryName = (category: string | null): string =>
  category && category in SPENDING_CATEGORIES ? SPENDING_CATEGORIES[category as keyof typeof SPENDING_CATEGORIES] : '';

export const describeStream = (stream: FundingStream, totals: ReturnType<typeof streamTotals>) => ({
  id: stream.id,
  funder: stream.funder_name,
  kind: STREAM_KINDS[stream.kind],
  managedAs: MANAGED_AS[stream.managed_as].name,
  pays: stream.allowed_categories.length
    ? stream.allowed_categories.map(categoryName).join(', ')
    : 'Any support in the plan',
  reviewOn: formatUkDate(stream.review_on),
  given: formatPence(totals.givenPence),
  spent: formatPence(totals.spentPence),
  left: formatPence(totals.leftPence),
});

export const describeLine = (line: CostedLine) => ({
  id: line.line_id,
  version: line.version,
  what: line.what,
  provider: line.provider,
  each: `${formatPence(line.unit_cost_pence * line.quantity)} ${FREQUENCIES[line.frequency]}${line.quantity > 1 ? ` (${line.quantity} × ${formatPence(line.unit_cost_pence)})` : ''}`,
  cost: formatPence(line.costPence),
  spent: formatPence(line.spentPence),
  category: categoryName(line.category),
  paidBy: line.stream?.funder_name ?? '',
  goal: line.goal?.words ?? (line.goal_id ? 'A goal in the plan' : 'Not linked to a goal'),
  warnings: line.warnings,
});

/**
 * A transaction as one row: what happened and how much. Money in (added, refunded) is shown as a plus, money out
 * (spent, taken back) as a minus; a payment into the direct-payment account only moves it, so it is shown as is.
 */
export function describeTransaction(
  row: {
    id: string;
    kind: keyof typeof TRANSACTION_KINDS;
    occurred_on: string;
    description: string;
    payee: string | null;
    category: string | null;
    recorded_by_name: string;
    reverses_id: string | null;
    postings: Posting[];
  },
  streams: FundingStream[],
) {
  const spent = row.postings
    .filter((posting) => posting.account === 'spent')
    .reduce((all, p) => all + p.amountPence, 0);
  const funded = -row.postings
    .filter((posting) => posting.account === 'funding')
    .reduce((all, p) => all + p.amountPence, 0);
  const moved = row.postings.find((posting) => posting.account === 'direct_payment')?.amountPence ?? 0;
  // What is left to spend goes up by what the funder gives and down by what is spent.
  const change = funded - spent;
  const stream = streams.find((candidate) => candidate.id === row.postings[0]?.streamId);
  return {
    id: row.id,
    date: formatUkDate(row.occurred_on),
    kind: TRANSACTION_KINDS[row.kind],
    description: row.description,
    payee: row.payee ?? '',
    category: categoryName(row.category),
    funder: stream?.funder_name ?? '',
    amount: change === 0 ? formatPence(Math.abs(moved)) : `${change > 0 ? '+' : ''}${formatPence(change)}`,
    recordedBy: row.recorded_by_name,
    isCorrection: row.reverses_id !== null,
  };
}
