import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  roundedMoney,
  suppressCount,
  suppressOverMonths,
  suppressTable,
  type Figures,
  type ShownFigures,
  type ShownTable,
  type Table,
} from '../../src/modules/budgets/suppression.ts';

// Small-number suppression as plain functions: the NHS Digital rule for counts, money only for 8 people or more,
// and no * left alone in a row or column whose total is shown.

/** People in a cell: often none, often a few, sometimes many. */
const people = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 8, max: 60 }));
const figures: fc.Arbitrary<Figures> = people.chain((n) =>
  fc.record({ people: fc.constant(n), pence: n === 0 ? fc.constant(0) : fc.integer({ min: -50_000, max: 5_000_000 }) }),
);
const tables: fc.Arbitrary<Table> = fc
  .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
  .chain(([rows, columns]) =>
    fc.record({
      cells: fc.array(fc.array(figures, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
    }),
  );

/** The rows and columns of a shown table, each with its total: the totals row and column too, against the grand total. */
function linesOf(shown: ShownTable): { members: ShownFigures[]; total: ShownFigures }[] {
  const columns = shown.columnTotals.length;
  return [
    ...shown.cells.map((row, i) => ({ members: row, total: shown.rowTotals[i]! })),
    ...Array.from({ length: columns }, (_, j) => ({
      members: shown.cells.map((row) => row[j]!),
      total: shown.columnTotals[j]!,
    })),
    { members: shown.rowTotals, total: shown.total },
    { members: shown.columnTotals, total: shown.total },
  ];
}

const everyFigure = (shown: ShownTable) => [
  ...shown.cells.flat(),
  ...shown.rowTotals,
  ...shown.columnTotals,
  shown.total,
];

/** The checks every suppressed table must pass, whatever the figures were. */
function assertSafe(table: Table, shown: ShownTable) {
  for (const figure of everyFigure(shown)) {
    if (figure.people === '*') continue;
    const n = Number(figure.people.replaceAll(',', ''));
    assert.ok(n === 0 || (n % 5 === 0 && n >= 10), `shown count ${figure.people}`);
  }
  for (const line of linesOf(shown)) {
    if (line.total.people === '*') continue;
    assert.notEqual(line.members.filter((member) => member.people === '*').length, 1, 'a * alone by a shown total');
  }
  // Money is shown only for 8 or more people: the true figures, cell by cell and total by total.
  const rowTotals = table.rowTotals ?? table.cells.map((row) => row.reduce((all, one) => all + one.people, 0));
  table.cells.forEach((row, i) =>
    row.forEach((cell, j) => {
      if (cell.people > 0 && cell.people < 8) assert.equal(shown.cells[i]![j]!.money, '*');
    }),
  );
  rowTotals.forEach((total, i) => {
    const n = typeof total === 'number' ? total : total.people;
    if (n > 0 && n < 8) assert.equal(shown.rowTotals[i]!.money, '*');
  });
  for (const figure of everyFigure(shown)) if (figure.people === '*') assert.equal(figure.money, '*');
}

describe('Small-number suppression', () => {
  test('counts: 0 stays 0, 1 to 7 is *, the rest to the nearest 5 with grouping', () => {
    assert.equal(suppressCount(0), '0');
    for (let n = 1; n <= 7; n += 1) assert.equal(suppressCount(n), '*');
    assert.equal(suppressCount(8), '10');
    assert.equal(suppressCount(9), '10');
    assert.equal(suppressCount(12), '10');
    assert.equal(suppressCount(13), '15');
    assert.equal(suppressCount(1_234), '1,235');
    assert.equal(suppressCount(Number.NaN), '0');
  });

  test('money is rounded to the nearest £100', () => {
    assert.equal(roundedMoney(0), '£0');
    assert.equal(roundedMoney(4_999), '£0');
    assert.equal(roundedMoney(5_000), '£100');
    assert.equal(roundedMoney(123_456_78), '£123,500');
    assert.equal(roundedMoney(-15_000), '−£200');
  });

  test('every shown count is 0 or a multiple of 5 from 10, no * is alone by a shown total, no money for fewer than 8', () => {
    fc.assert(
      fc.property(tables, (table) => {
        assertSafe(table, suppressTable(table));
      }),
      { numRuns: 500 },
    );
  });

  test('totals counting each person once (fewer than the sum) are suppressed by the same rules', () => {
    const withDistinctTotals = tables.chain((table) => {
      const columns = table.cells[0]?.length ?? 0;
      const distinct = (cells: readonly Figures[]) =>
        fc
          .integer({
            min: Math.max(0, ...cells.map((cell) => cell.people)),
            max: cells.reduce((all, c) => all + c.people, 0),
          })
          .map((n) => ({ people: n, pence: cells.reduce((all, c) => all + c.pence, 0) }));
      return fc.record({
        cells: fc.constant(table.cells),
        rowTotals: fc.tuple(...table.cells.map((row) => distinct(row))),
        columnTotals: fc.tuple(
          ...Array.from({ length: columns }, (_, j) => distinct(table.cells.map((row) => row[j]!))),
        ),
        total: distinct(table.cells.flat()),
      });
    });
    fc.assert(
      fc.property(withDistinctTotals, (table) => {
        assertSafe(table, suppressTable(table));
      }),
      { numRuns: 300 },
    );
  });

  test('it never throws, whatever numbers it is given', () => {
    const anything = fc.record({ people: fc.double(), pence: fc.double() });
    fc.assert(
      fc.property(fc.array(fc.array(anything, { maxLength: 5 }), { maxLength: 5 }), (cells) => {
        suppressTable({ cells });
      }),
    );
  });

  test('a * alone in a row forces the next-smallest figure of that row to * too', () => {
    const shown = suppressTable({
      cells: [
        [
          { people: 3, pence: 30_000 },
          { people: 20, pence: 900_000 },
          { people: 12, pence: 400_000 },
          { people: 0, pence: 0 },
        ],
      ],
    });
    const row = shown.cells[0]!.map((cell) => cell.people);
    assert.deepEqual(row, ['*', '20', '*', '0']);
    assert.equal(shown.rowTotals[0]!.people, '35');
    assert.equal(shown.rowTotals[0]!.money, '£13,300');
  });

  test('over several months, every figure shown is shown in each month’s own table, and the table is safe', () => {
    const monthsOfOneShape = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
      .chain(([count, rows, columns]) =>
        fc.array(
          fc.array(fc.array(figures, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }),
          { minLength: count, maxLength: count },
        ),
      );
    fc.assert(
      fc.property(monthsOfOneShape, (months) => {
        const whole: Table = {
          cells: months[0]!.map((row, i) =>
            row.map((_, j) => ({
              people: months.reduce((all, month) => all + month[i]![j]!.people, 0),
              pence: months.reduce((all, month) => all + month[i]![j]!.pence, 0),
            })),
          ),
        };
        const shown = suppressOverMonths(
          whole,
          months.map((cells) => ({ cells })),
        );
        assertSafe(whole, shown);
        for (const cells of months) {
          const alone = suppressTable({ cells });
          const pairs: [ShownFigures, ShownFigures][] = [
            ...shown.cells.flatMap((row, i) =>
              row.map((one, j): [ShownFigures, ShownFigures] => [one, alone.cells[i]![j]!]),
            ),
            ...shown.rowTotals.map((one, i): [ShownFigures, ShownFigures] => [one, alone.rowTotals[i]!]),
            ...shown.columnTotals.map((one, j): [ShownFigures, ShownFigures] => [one, alone.columnTotals[j]!]),
            [shown.total, alone.total],
          ];
          for (const [overAll, inMonth] of pairs) if (!overAll.hidden) assert.equal(inMonth.hidden, false);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a figure hidden in any one month is hidden over the whole period, so periods cannot be subtracted', () => {
    const month = (people: number, pence: number): Table => ({
      cells: [
        [
          { people, pence },
          { people: 30, pence: 1 },
        ],
      ],
    });
    // January: 20 people; February: 3. The period has 23, but February's * must not be January–February less January.
    const shown = suppressOverMonths(
      {
        cells: [
          [
            { people: 23, pence: 2_300_000 },
            { people: 30, pence: 2 },
          ],
        ],
      },
      [month(20, 2_000_000), month(3, 300_000)],
    );
    assert.equal(shown.cells[0]![0]!.people, '*');
    assert.equal(shown.cells[0]![0]!.money, '*');
  });
});
