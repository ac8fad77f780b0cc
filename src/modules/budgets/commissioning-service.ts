import type { StaffActor } from '../../data/actor.ts';
import type { Breakdown, CommissioningReference, GroupFigures } from './store-commissioning.ts';
import { suppressOverMonths, suppressTable, type Figures, type ShownFigures, type Table } from './suppression.ts';
import { monthName, monthsOf } from './statement.ts';
import { SPENDING_CATEGORIES, type SpendingCategory } from './terms.ts';

// The commissioning view: spending across an organisation's people, by month, area and kind of provider, and the
// lines of support plans nobody local could provide, every figure suppressed so no one person can be picked out.

/** Category names short enough for a table's heading. */
export const SHORT_CATEGORIES: Record<SpendingCategory, string> = {
  personal_care: 'Personal care',
  personal_assistant: 'Personal assistant',
  activities: 'Activities',
  short_breaks: 'Short breaks',
  equipment: 'Equipment',
  transport: 'Transport',
  therapy: 'Therapies',
  learning_and_work: 'Learning and work',
  other: 'Something else',
};

/** The columns of a spending table: each kind of spending, then refunds, which record no kind. */
const COLUMNS = [...(Object.keys(SPENDING_CATEGORIES) as SpendingCategory[]), 'refund'] as const;
type Column = (typeof COLUMNS)[number];
const COLUMN_NAMES: Record<Column, string> = { ...SHORT_CATEGORIES, refund: 'Refunds' };

const PROVIDER_TYPES = {
  person: 'Arranged by the person',
  named: 'A named provider',
  unlinked: 'Not linked to a plan line',
} as const;

const GAP_KINDS = { none: 'No provider could be found', person: 'The person arranges it themselves' } as const;

const lastDayOf = (key: string) => {
  const [year, month] = key.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
};

const NONE: Figures = { people: 0, pence: 0 };

/** The figures of one month (or of the whole period, for null) as a table of rows by every category. */
function tableOf(figures: readonly GroupFigures[], rows: readonly string[], month: string | null): Table {
  const at = new Map<string, Figures>();
  for (const one of figures)
    if (one.month === month) at.set(`${one.row ?? ''}|${one.category ?? ''}`, { people: one.people, pence: one.pence });
  const get = (row: string, category: string) => at.get(`${row}|${category}`) ?? NONE;
  return {
    cells: rows.map((row) => COLUMNS.map((category) => get(row, category))),
    rowTotals: rows.map((row) => get(row, '')),
    columnTotals: COLUMNS.map((category) => get('', category)),
    total: get('', ''),
  };
}

export type ShownRow = { name: string; cells: ShownFigures[]; total: ShownFigures };
export type CommissioningTable = {
  columns: string[];
  rows: ShownRow[];
  totals: { cells: ShownFigures[]; total: ShownFigures };
};

/** The rows and columns to show: every category the filter names, or those with any spending at all. */
function shownTable(
  table: Table,
  shown: ReturnType<typeof suppressTable>,
  rowNames: readonly string[],
  category: SpendingCategory | null,
): CommissioningTable {
  const columns = COLUMNS.map((key, j) => ({ key, j })).filter(({ key, j }) =>
    category ? key === category : (table.columnTotals?.[j]?.people ?? 0) > 0,
  );
  return {
    columns: columns.map(({ key }) => COLUMN_NAMES[key]),
    rows: rowNames.map((name, i) => ({
      name,
      cells: columns.map(({ j }) => shown.cells[i]![j]!),
      total: shown.rowTotals[i]!,
    })),
    totals: { cells: columns.map(({ j }) => shown.columnTotals[j]!), total: shown.total },
  };
}

export type CommissioningFilters = { from: string; to: string; category: SpendingCategory | null };

export function createCommissioningService(reference: CommissioningReference) {
  /** A spending table over the period: suppressed month by month as well as as a whole, so periods can't be subtracted. */
  async function spendTable(
    breakdown: Breakdown,
    query: { organisationId: string; today: string; from: string; to: string },
    months: readonly string[],
    category: SpendingCategory | null,
    rowsOf: (figures: readonly GroupFigures[]) => { keys: string[]; names: string[] },
  ) {
    const [whole, byMonth] = await Promise.all([
      reference.spendFigures(breakdown, { ...query, byMonth: false }),
      reference.spendFigures(breakdown, { ...query, byMonth: true }),
    ]);
    const { keys, names } = rowsOf(whole);
    const table = tableOf(whole, keys, null);
    const shown = suppressOverMonths(
      table,
      months.map((month) => tableOf(byMonth, keys, month)),
    );
    return shownTable(table, shown, names, category);
  }

  return {
    /**
     * Spending by the people with a current place in the organisation's care teams in the period, by month, area
     * and kind of provider, and today's support-plan lines that no provider could take on. Figures only, about
     * groups: this reads no one's record and logs nothing against anyone.
     */
    async view(actor: StaffActor, filters: CommissioningFilters, today: string) {
      const months = monthsOf({ startsOn: `${filters.from}-01`, endsOn: `${filters.to}-01` });
      const query = {
        organisationId: actor.organisationId,
        today,
        from: `${filters.from}-01`,
        to: lastDayOf(filters.to),
      };
      const rowKeys = (figures: readonly GroupFigures[]) =>
        [...new Set(figures.map((one) => one.row).filter((row): row is string => row !== null))].sort((a, b) =>
          a === 'unknown' ? 1 : b === 'unknown' ? -1 : a.localeCompare(b),
        );
      const [byMonth, byArea, byProvider, gapFigures] = await Promise.all([
        spendTable('month', query, months, filters.category, () => ({ keys: months, names: months.map(monthName) })),
        spendTable('area', query, months, filters.category, (figures) => {
          const keys = rowKeys(figures);
          return { keys, names: keys.map((key) => (key === 'unknown' ? 'Postcode not known' : key)) };
        }),
        spendTable('provider', query, months, filters.category, () => ({
          keys: Object.keys(PROVIDER_TYPES),
          names: Object.values(PROVIDER_TYPES),
        })),
        reference.gapFigures(actor.organisationId, today),
      ]);
      const gapTable = tableOf(gapFigures, Object.keys(GAP_KINDS), null);
      const gaps = shownTable(gapTable, suppressTable(gapTable), Object.values(GAP_KINDS), filters.category);
      return { byMonth, byArea, byProvider, gaps };
    },
  };
}

export type CommissioningService = ReturnType<typeof createCommissioningService>;
