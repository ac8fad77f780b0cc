// Small-number suppression for figures about groups of people, as plain functions. The rule is NHS Digital's for
// sub-national figures: 0 stays 0, 1 to 7 is shown as *, anything else is rounded to the nearest 5. Money is shown
// only for 8 people or more, rounded to the nearest £100. Totals are worked out from the true figures and then
// treated the same way, and a * is never left alone in a row or column whose total is shown, so it cannot be
// found by taking the figures shown away from the total.

/** The true figures of one cell: how many people, and the pence spent on them. */
export type Figures = { people: number; pence: number };

/** A table of true figures, rows by columns. Totals not given are the sums of the cells. */
export type Table = {
  cells: readonly (readonly Figures[])[];
  rowTotals?: readonly Figures[];
  columnTotals?: readonly Figures[];
  total?: Figures;
};

/** What may be shown of one cell: the people and the money as text, and whether the cell is hidden. */
export type ShownFigures = { people: string; money: string; hidden: boolean };

export type ShownTable = {
  cells: ShownFigures[][];
  rowTotals: ShownFigures[];
  columnTotals: ShownFigures[];
  total: ShownFigures;
};

/** Which figures of a table are hidden. */
export type HiddenPattern = { cells: boolean[][]; rowTotals: boolean[]; columnTotals: boolean[]; total: boolean };

/** Fewer people than this and nothing about them is shown. */
export const FEWEST_SHOWN = 8;

const grouped = new Intl.NumberFormat('en-GB', { useGrouping: true, maximumFractionDigits: 0 });

/** A count of people as it may be shown: '0', '*' for 1 to 7, otherwise to the nearest 5 ("1,235"). Never throws. */
export function suppressCount(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0';
  if (n < FEWEST_SHOWN) return '*';
  return grouped.format(Math.round(n / 5) * 5);
}

/** Pence as money to the nearest £100: "£12,300", "−£100". */
export function roundedMoney(pence: number): string {
  const hundreds = Number.isFinite(pence) ? Math.round(Math.abs(pence) / 10_000) : 0;
  if (hundreds === 0) return '£0';
  return `${pence < 0 ? '−' : ''}£${grouped.format(hundreds * 100)}`;
}

const isPrimary = (figures: Figures) =>
  Number.isFinite(figures.people) && figures.people > 0 && figures.people < FEWEST_SHOWN;
const isEmpty = (figures: Figures) => !Number.isFinite(figures.people) || figures.people <= 0;

const sum = (figures: readonly Figures[]): Figures =>
  figures.reduce((all, one) => ({ people: all.people + one.people, pence: all.pence + one.pence }), {
    people: 0,
    pence: 0,
  });

/** The table with every total filled in. */
function withTotals(table: Table) {
  const cells = table.cells;
  const columns = Math.max(0, ...cells.map((row) => row.length));
  const cell = (i: number, j: number): Figures => cells[i]?.[j] ?? { people: 0, pence: 0 };
  const rowTotals = cells.map(
    (_, i) => table.rowTotals?.[i] ?? sum(Array.from({ length: columns }, (__, j) => cell(i, j))),
  );
  const columnTotals = Array.from(
    { length: columns },
    (_, j) => table.columnTotals?.[j] ?? sum(cells.map((__, i) => cell(i, j))),
  );
  const total = table.total ?? sum(rowTotals);
  return { cell, rows: cells.length, columns, rowTotals, columnTotals, total };
}

type Slot = { figures: Figures; hidden: boolean };

/**
 * Which figures must be hidden: those about 1 to 7 people, those `alsoHide` names, and then, until nothing
 * changes, in every row or column (the totals row and column too, against the grand total) whose total is shown
 * and that holds exactly one hidden figure, the smallest other figure that is not zero, or else the total.
 */
export function hiddenPattern(table: Table, alsoHide?: Partial<HiddenPattern>): HiddenPattern {
  const full = withTotals(table);
  const slot = (figures: Figures, forced = false): Slot => ({ figures, hidden: forced || isPrimary(figures) });
  const cells = Array.from({ length: full.rows }, (_, i) =>
    Array.from({ length: full.columns }, (__, j) => slot(full.cell(i, j), alsoHide?.cells?.[i]?.[j])),
  );
  const rowTotals = full.rowTotals.map((figures, i) => slot(figures, alsoHide?.rowTotals?.[i]));
  const columnTotals = full.columnTotals.map((figures, j) => slot(figures, alsoHide?.columnTotals?.[j]));
  const total = slot(full.total, alsoHide?.total);
  const lines: { members: Slot[]; total: Slot }[] = [
    ...cells.map((row, i) => ({ members: row, total: rowTotals[i]! })),
    ...columnTotals.map((columnTotal, j) => ({ members: cells.map((row) => row[j]!), total: columnTotal })),
    { members: rowTotals, total },
    { members: columnTotals, total },
  ];
  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if (line.total.hidden || line.members.filter((member) => member.hidden).length !== 1) continue;
      const next = line.members
        .filter((member) => !member.hidden && !isEmpty(member.figures))
        .sort(
          (a, b) => a.figures.people - b.figures.people || Math.abs(a.figures.pence) - Math.abs(b.figures.pence),
        )[0];
      (next ?? line.total).hidden = true;
      changed = true;
    }
  }
  return {
    cells: cells.map((row) => row.map((one) => one.hidden)),
    rowTotals: rowTotals.map((one) => one.hidden),
    columnTotals: columnTotals.map((one) => one.hidden),
    total: total.hidden,
  };
}

const shown = (figures: Figures, hidden: boolean): ShownFigures =>
  hidden
    ? { people: '*', money: '*', hidden }
    : { people: suppressCount(figures.people), money: roundedMoney(isEmpty(figures) ? 0 : figures.pence), hidden };

/** The table as it may be shown: see `hiddenPattern` for what is hidden. Never throws. */
export function suppressTable(table: Table, alsoHide?: Partial<HiddenPattern>): ShownTable {
  const full = withTotals(table);
  const pattern = hiddenPattern(table, alsoHide);
  return {
    cells: Array.from({ length: full.rows }, (_, i) =>
      Array.from({ length: full.columns }, (__, j) => shown(full.cell(i, j), pattern.cells[i]![j]!)),
    ),
    rowTotals: full.rowTotals.map((figures, i) => shown(figures, pattern.rowTotals[i]!)),
    columnTotals: full.columnTotals.map((figures, j) => shown(figures, pattern.columnTotals[j]!)),
    total: shown(full.total, pattern.total),
  };
}

/**
 * A table of figures over several months, as it may be shown whatever months are asked for. Each figure is hidden
 * if it is hidden in the table of any one of its months on its own, as well as by the rules for the whole table. So
 * every figure shown adds up only figures that each month's own table would show, and taking one period's table
 * from another's (January to March less January to February) tells nothing a month's own table hides.
 */
export function suppressOverMonths(whole: Table, months: readonly Table[]): ShownTable {
  const union: HiddenPattern = { cells: [], rowTotals: [], columnTotals: [], total: false };
  for (const month of months) {
    const pattern = hiddenPattern(month);
    pattern.cells.forEach((row, i) =>
      row.forEach((hidden, j) => {
        union.cells[i] ??= [];
        union.cells[i][j] = Boolean(union.cells[i][j]) || hidden;
      }),
    );
    pattern.rowTotals.forEach((hidden, i) => (union.rowTotals[i] = Boolean(union.rowTotals[i]) || hidden));
    pattern.columnTotals.forEach((hidden, j) => (union.columnTotals[j] = Boolean(union.columnTotals[j]) || hidden));
    union.total ||= pattern.total;
  }
  return suppressTable(whole, union);
}
