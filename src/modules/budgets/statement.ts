import { addDays, daysBetween, formatUkDate } from '../../dates.ts';
import type { Posting } from './ledger.ts';
import { formatPence } from './money.ts';
import type { BudgetTables } from './tables.ts';
import type { TransactionKind } from './terms.ts';

// A budget's monthly statements and how fast its money is being spent, as plain functions of its transactions.

/** A transaction of the ledger with its postings, as the ledger store reads it. */
export type LedgerEntry = Pick<
  BudgetTables['ledger_transaction'],
  'id' | 'kind' | 'occurred_on' | 'description' | 'payee' | 'category' | 'line_id' | 'reverses_id'
> & { postings: readonly Posting[] };

export type Period = { startsOn: string; endsOn: string };

/** A calendar month as it appears in a path: '2026-11'. */
export const isMonth = (value: unknown): value is string =>
  typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

const firstDay = (month: string) => `${month}-01`;
const nextMonth = (month: string) => {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
};

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
/** '2026-11' → 'November 2026'. */
export const monthName = (month: string): string => monthFormat.format(new Date(`${firstDay(month)}T12:00:00Z`));

/** Every calendar month a budget's period touches, oldest first. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  for (let month = period.startsOn.slice(0, 7); month <= period.endsOn.slice(0, 7); month = nextMonth(month))
    months.push(month);
  return months;
}

/** The months of a budget that have begun by `today`, newest first: a statement is for a month that has started. */
export const monthsSoFar = (period: Period, today: string): string[] =>
  monthsOf(period)
    .filter((month) => firstDay(month) <= today && period.startsOn <= today)
    .reverse();

/**
 * The month a transaction is counted in: the month of its date, or the budget's first or last month when it is dated
 * before or after the period, so that every transaction is in exactly one statement.
 */
function countedIn(entry: LedgerEntry, months: readonly string[]): string {
  const month = entry.occurred_on.slice(0, 7);
  if (month < months[0]!) return months[0]!;
  if (month > months.at(-1)!) return months.at(-1)!;
  return month;
}

const sumOf = (postings: readonly Posting[], accounts: readonly string[]) =>
  postings
    .filter((posting) => accounts.includes(posting.account))
    .reduce((all, posting) => all + posting.amountPence, 0);

/** What a transaction changes in the money left to spend: what is held plus what is in the direct-payment account. */
export const leftChange = (postings: readonly Posting[]): number => sumOf(postings, ['held', 'direct_payment']);

export type Correction = {
  id: string;
  occurredOn: string;
  reason: string;
  /** The transaction it puts right, when it is in this budget. */
  corrects: { kind: TransactionKind; description: string; occurredOn: string } | undefined;
  /** Its change to the money left to spend: a plus puts money back. */
  changePence: number;
};

export type MonthStatement = {
  month: string;
  /** The days of the month inside the budget's period. */
  from: string;
  to: string;
  startPence: number;
  addedPence: number;
  /** Moved into the direct-payment account: still the person's to spend, so neither in nor out. */
  paidToDirectPaymentPence: number;
  spentPence: number;
  spentByCategory: { category: string; pence: number }[];
  spentByLine: { lineId: string | null; pence: number }[];
  refundsPence: number;
  takenBackPence: number;
  corrections: Correction[];
  correctionsPence: number;
  endPence: number;
};

const addTo = <K>(totals: Map<K, number>, key: K, pence: number) => totals.set(key, (totals.get(key) ?? 0) + pence);
const largestFirst = <K>(totals: Map<K, number>) =>
  [...totals].filter(([, pence]) => pence !== 0).sort((one, other) => other[1] - one[1]);

/**
 * One month's statement of a budget: what was left at its start (everything counted in earlier months), what came
 * in, went out or moved during it, and what was left at its end (counted from the postings, so it is the ledger's
 * own figure, not the sum of the lines above it). Undefined for a month outside the budget.
 */
export function monthStatement(
  entries: readonly LedgerEntry[],
  period: Period,
  month: string,
): MonthStatement | undefined {
  const months = monthsOf(period);
  if (!months.includes(month)) return undefined;
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const statement: MonthStatement = {
    month,
    from: month === months[0] ? period.startsOn : firstDay(month),
    to: month === months.at(-1) ? period.endsOn : addDays(firstDay(nextMonth(month)), -1),
    startPence: 0,
    addedPence: 0,
    paidToDirectPaymentPence: 0,
    spentPence: 0,
    spentByCategory: [],
    spentByLine: [],
    refundsPence: 0,
    takenBackPence: 0,
    corrections: [],
    correctionsPence: 0,
    endPence: 0,
  };
  const byCategory = new Map<string, number>();
  const byLine = new Map<string | null, number>();
  for (const entry of entries) {
    const counted = countedIn(entry, months);
    if (counted > month) continue;
    const change = leftChange(entry.postings);
    statement.endPence += change;
    if (counted < month) {
      statement.startPence += change;
      continue;
    }
    switch (entry.kind) {
      case 'allocation':
        statement.addedPence += change;
        break;
      case 'payment':
        statement.paidToDirectPaymentPence += sumOf(entry.postings, ['direct_payment']);
        break;
      case 'spend': {
        const spent = sumOf(entry.postings, ['spent']);
        statement.spentPence += spent;
        addTo(byCategory, entry.category ?? 'other', spent);
        addTo(byLine, entry.line_id, spent);
        break;
      }
      case 'refund':
        statement.refundsPence += change;
        break;
      case 'clawback':
        statement.takenBackPence -= change;
        break;
      case 'reversal': {
        const original = entry.reverses_id ? byId.get(entry.reverses_id) : undefined;
        statement.corrections.push({
          id: entry.id,
          occurredOn: entry.occurred_on,
          reason: entry.description,
          corrects: original && {
            kind: original.kind,
            description: original.description,
            occurredOn: original.occurred_on,
          },
          changePence: change,
        });
        statement.correctionsPence += change;
        break;
      }
    }
  }
  statement.spentByCategory = largestFirst(byCategory).map(([category, pence]) => ({ category, pence }));
  statement.spentByLine = largestFirst(byLine).map(([lineId, pence]) => ({ lineId, pence }));
  statement.corrections.sort((one, other) => one.occurredOn.localeCompare(other.occurredOn));
  return statement;
}

/** Money that came into what is left to spend during the month, and money that went out of it. */
export const moneyIn = (statement: MonthStatement): number =>
  statement.addedPence + statement.refundsPence + Math.max(0, statement.correctionsPence);
export const moneyOut = (statement: MonthStatement): number =>
  statement.spentPence + statement.takenBackPence + Math.max(0, -statement.correctionsPence);

/** How spending so far compares with what the support plan expected by now. */
export type SpendingPace = {
  pace: 'under' | 'over' | 'on_track';
  spentPence: number;
  expectedPence: number;
  /** Spent less expected: below zero when less has been spent than expected. */
  differencePence: number;
};

/**
 * Spending is off pace when it differs from what the plan expected by now by more than 15 % of that figure AND by
 * more than £100: the share keeps a large plan from raising alarms over small sums, the floor keeps the first weeks
 * (when little is expected) from raising them over a single bill.
 */
export const PACE_LIMITS = { percent: 15, leastPence: 10_000 } as const;

/**
 * Spent to date against the support plan's cost spread evenly over the period, counting the days that have gone
 * (today included). Undefined when there is nothing to compare: no plan costed yet, or a period that has not begun.
 */
export function spendingPace(
  plannedPence: number,
  spentPence: number,
  period: Period,
  today: string,
): SpendingPace | undefined {
  if (plannedPence <= 0 || today < period.startsOn) return undefined;
  const days = daysBetween(period.startsOn, period.endsOn) + 1;
  const gone = Math.min(days, daysBetween(period.startsOn, today) + 1);
  const expectedPence = Math.round((plannedPence * gone) / days);
  const differencePence = spentPence - expectedPence;
  const off =
    Math.abs(differencePence) * 100 > expectedPence * PACE_LIMITS.percent &&
    Math.abs(differencePence) > PACE_LIMITS.leastPence;
  return {
    pace: !off ? 'on_track' : differencePence < 0 ? 'under' : 'over',
    spentPence,
    expectedPence,
    differencePence,
  };
}

/**
 * The sentence the alert says: to the person ("you", and who to tell) or to the team (the person's name).
 * `contact` is the person's lead professional, when the reader may know it.
 */
export function paceSentence(
  pace: SpendingPace,
  reader: { isThePerson: boolean; name: string; contact: string | null; endsOn: string },
): string {
  const amount = formatPence(Math.abs(pace.differencePence));
  const tell = reader.contact ? `tell ${reader.contact}` : 'tell the people who support you';
  const who = reader.isThePerson ? 'You have' : `${reader.name} has`;
  const plan = reader.isThePerson ? 'your plan' : 'the support plan';
  switch (pace.pace) {
    case 'on_track':
      return `Spending is in line with ${plan} so far.`;
    case 'under':
      return reader.isThePerson
        ? `${who} spent ${amount} less than ${plan} expected by now. If support is not happening, ${tell}.`
        : `${who} spent ${amount} less than ${plan} expected by now. Check that the support is happening.`;
    case 'over':
      return reader.isThePerson
        ? `${who} spent ${amount} more than ${plan} expected by now. The money may run out before ${formatUkDate(reader.endsOn)}. If your needs have changed, ${tell}.`
        : `${who} spent ${amount} more than ${plan} expected by now. The money may run out before ${formatUkDate(reader.endsOn)}.`;
  }
}
