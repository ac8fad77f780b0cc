import { addMonths } from '../../dates.ts';
import { suppressOverMonths, type ShownFigures, type Table } from '../budgets/index.ts';
import { DECLINE_REASONS } from './referral-status.ts';
import type { DeclineReason } from './tables-referrals.ts';

// The commissioners' gap report as plain functions: counts by area and need (or reason), each table suppressed as the
// rest of Careweave suppresses figures (0 stays 0, 1 to 7 is *, the rest to the nearest 5, no * left alone in a line
// whose total is shown), month by month as well as over the whole period, so one period cannot be taken from another.

/** One count of the report: a month ('YYYY-MM'), an area (outward code, '' for none) and a column. */
export type GapCount = { month: string; area: string; column: string; count: number };

export type GapTable = {
  columns: string[];
  rows: { name: string; cells: ShownFigures[]; total: ShownFigures }[];
  totals: { cells: ShownFigures[]; total: ShownFigures };
};

/** Every month from one to another, both included ('YYYY-MM'). */
export function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to && months.length < 240; month = addMonths(`${month}-01`, 1).slice(0, 7))
    months.push(month);
  return months;
}

/** A table of counts, areas by columns, suppressed over the whole period and in each of its months. */
export function gapTable(counts: readonly GapCount[], months: readonly string[], columnName = (key: string) => key) {
  const areas = [...new Set(counts.map((one) => one.area))].sort();
  const columns = [...new Set(counts.map((one) => one.column))].sort();
  const tableFor = (month: string | null): Table => ({
    cells: areas.map((area) =>
      columns.map((column) => ({
        people: counts
          .filter((one) => one.area === area && one.column === column && (month === null || one.month === month))
          .reduce((sum, one) => sum + one.count, 0),
        pence: 0,
      })),
    ),
  });
  const shown = suppressOverMonths(tableFor(null), months.map(tableFor));
  return {
    columns: columns.map(columnName),
    rows: areas.map((area, i) => ({
      name: area || 'No postcode given',
      cells: shown.cells[i]!,
      total: shown.rowTotals[i]!,
    })),
    totals: { cells: shown.columnTotals, total: shown.total },
  } satisfies GapTable;
}

type Row = { month: string; area: string | null; count: string | number };

/** The three tables of the report, from the database's counts. */
export function gapReport(
  found: {
    empty: readonly (Row & { need: string })[];
    declined: readonly (Row & { decline: string })[];
    unmet: readonly (Row & { need: string })[];
  },
  from: string,
  to: string,
) {
  const months = monthsFrom(from, to);
  const counts = <R extends Row>(rows: readonly R[], column: (row: R) => string): GapCount[] =>
    rows.map((row) => ({ month: row.month, area: row.area ?? '', column: column(row), count: Number(row.count) }));
  return {
    emptySearches: gapTable(
      counts(found.empty, (row) => row.need),
      months,
      (need) => need || 'No need chosen',
    ),
    declined: gapTable(
      counts(found.declined, (row) => row.decline),
      months,
      (reason) => (Object.hasOwn(DECLINE_REASONS, reason) ? DECLINE_REASONS[reason as DeclineReason] : reason),
    ),
    unmet: gapTable(
      counts(found.unmet, (row) => row.need),
      months,
    ),
  };
}
