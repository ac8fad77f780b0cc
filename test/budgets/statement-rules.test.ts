import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, daysBetween } from '../../src/dates.ts';
import { achievementsOf, refundedPence } from '../../src/modules/budgets/achievements.ts';
import { postingsFor, reversalOf, type LedgerMove } from '../../src/modules/budgets/ledger.ts';
import {
  PACE_LIMITS,
  isMonth,
  leftChange,
  monthName,
  monthStatement,
  monthsOf,
  monthsSoFar,
  moneyIn,
  moneyOut,
  paceSentence,
  spendingPace,
  type LedgerEntry,
} from '../../src/modules/budgets/statement.ts';

// Monthly statements and the pace of spending, as plain functions of a budget's transactions.

let counter = 0;
const entry = (
  move: LedgerMove,
  occurredOn: string,
  extra: Partial<Pick<LedgerEntry, 'category' | 'line_id' | 'description'>> = {},
): LedgerEntry => ({
  id: `t${++counter}`,
  kind: move.kind,
  occurred_on: occurredOn,
  description: extra.description ?? move.kind,
  payee: null,
  category: extra.category ?? null,
  line_id: extra.line_id ?? null,
  reverses_id: null,
  postings: postingsFor(move),
});
const correction = (original: LedgerEntry, reason: string): LedgerEntry => ({
  ...original,
  id: `t${++counter}`,
  kind: 'reversal',
  description: reason,
  line_id: null,
  reverses_id: original.id,
  postings: reversalOf(original.postings),
});

describe('The months of a budget', () => {
  test('a year from April is twelve months; a part-month at either end counts as a month', () => {
    assert.equal(monthsOf({ startsOn: '2026-04-01', endsOn: '2027-03-31' }).length, 12);
    assert.deepEqual(monthsOf({ startsOn: '2026-11-15', endsOn: '2027-01-10' }), ['2026-11', '2026-12', '2027-01']);
    assert.deepEqual(monthsOf({ startsOn: '2026-11-15', endsOn: '2026-11-20' }), ['2026-11']);
  });

  test('statements are for months that have begun, newest first', () => {
    const period = { startsOn: '2026-10-20', endsOn: '2027-10-19' };
    assert.deepEqual(monthsSoFar(period, '2026-12-01'), ['2026-12', '2026-11', '2026-10']);
    assert.deepEqual(monthsSoFar(period, '2026-11-30'), ['2026-11', '2026-10']);
    assert.deepEqual(monthsSoFar(period, '2026-10-19'), []);
  });

  test('a month in a path is YYYY-MM and nothing else', () => {
    for (const good of ['2026-01', '2026-12', '1999-09']) assert.ok(isMonth(good), good);
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', '2026/11', ' 2026-11', '', 202611])
      assert.ok(!isMonth(bad), String(bad));
    assert.equal(monthName('2026-11'), 'November 2026');
    assert.equal(monthName('2027-01'), 'January 2027');
  });
});

describe('A month’s statement', () => {
  const period = { startsOn: '2026-11-15', endsOn: '2027-11-14' };
  const council = 'council';
  const bigSpend = entry(
    { kind: 'spend', streamId: council, amountPence: 20_000, source: 'direct_payment' },
    '2026-12-12',
    { category: 'equipment', description: 'Chair' },
  );
  const ledger = [
    entry({ kind: 'allocation', streamId: council, amountPence: 100_000 }, '2026-11-15'),
    entry({ kind: 'payment', streamId: council, amountPence: 60_000 }, '2026-11-20'),
    entry({ kind: 'spend', streamId: council, amountPence: 12_000, source: 'direct_payment' }, '2026-11-21', {
      category: 'personal_assistant',
      line_id: 'pa',
    }),
    entry({ kind: 'spend', streamId: council, amountPence: 3_000, source: 'held' }, '2026-11-25', {
      category: 'activities',
    }),
    entry({ kind: 'spend', streamId: council, amountPence: 500, source: 'direct_payment' }, '2026-11-26', {
      category: 'personal_assistant',
      line_id: 'pa',
    }),
    entry({ kind: 'refund', streamId: council, amountPence: 1_000, source: 'direct_payment' }, '2026-12-02'),
    entry({ kind: 'clawback', streamId: council, amountPence: 5_000, source: 'held' }, '2026-12-10'),
    bigSpend,
    correction(bigSpend, 'Recorded twice'),
  ];

  test('the first month: money added, a move into the direct-payment account, spending by kind and by line', () => {
    const november = monthStatement(ledger, period, '2026-11')!;
    assert.equal(november.from, '2026-11-15');
    assert.equal(november.to, '2026-11-30');
    assert.equal(november.startPence, 0);
    assert.equal(november.addedPence, 100_000);
    assert.equal(november.paidToDirectPaymentPence, 60_000);
    assert.equal(november.spentPence, 15_500);
    assert.deepEqual(november.spentByCategory, [
      { category: 'personal_assistant', pence: 12_500 },
      { category: 'activities', pence: 3_000 },
    ]);
    assert.deepEqual(november.spentByLine, [
      { lineId: 'pa', pence: 12_500 },
      { lineId: null, pence: 3_000 },
    ]);
    assert.equal(november.endPence, 84_500);
  });

  test('the next month starts where the last ended; refunds, money taken back and corrections shown as such', () => {
    const december = monthStatement(ledger, period, '2026-12')!;
    assert.equal(december.from, '2026-12-01');
    assert.equal(december.to, '2026-12-31');
    assert.equal(december.startPence, 84_500);
    assert.equal(december.addedPence, 0);
    assert.equal(december.refundsPence, 1_000);
    assert.equal(december.takenBackPence, 5_000);
    assert.equal(december.spentPence, 20_000);
    assert.equal(december.correctionsPence, 20_000);
    assert.deepEqual(december.corrections, [
      {
        id: ledger.at(-1)!.id,
        occurredOn: '2026-12-12',
        reason: 'Recorded twice',
        corrects: { kind: 'spend', description: 'Chair', occurredOn: '2026-12-12' },
        changePence: 20_000,
      },
    ]);
    assert.equal(december.endPence, 80_500);
    assert.equal(moneyIn(december), 21_000);
    assert.equal(moneyOut(december), 25_000);
  });

  test('a quiet month carries the money over; the last month ends on the budget’s last day', () => {
    const january = monthStatement(ledger, period, '2027-01')!;
    assert.equal(january.startPence, 80_500);
    assert.equal(january.endPence, 80_500);
    assert.equal(january.spentByCategory.length, 0);
    const last = monthStatement(ledger, period, '2027-11')!;
    assert.equal(last.from, '2027-11-01');
    assert.equal(last.to, '2027-11-14');
  });

  test('money dated before or after the period is counted in its first or last month; other months have none', () => {
    const early = entry({ kind: 'allocation', streamId: council, amountPence: 700 }, '2026-10-01');
    const late = entry({ kind: 'spend', streamId: council, amountPence: 300, source: 'held' }, '2028-01-01', {
      category: 'transport',
    });
    assert.equal(monthStatement([early, late], period, '2026-11')!.addedPence, 700);
    assert.equal(monthStatement([early, late], period, '2027-11')!.spentPence, 300);
    assert.equal(monthStatement([early, late], period, '2026-10'), undefined);
    assert.equal(monthStatement([early, late], period, '2027-12'), undefined);
  });
});

/** A random ledger: money added, paid over, spent, refunded and taken back on two streams, with some corrections. */
const ledgers = (period: { startsOn: string; endsOn: string }) => {
  const days = daysBetween(period.startsOn, period.endsOn);
  const move = fc.record({
    kind: fc.constantFrom<LedgerMove['kind'][]>('allocation', 'payment', 'spend', 'refund', 'clawback'),
    streamId: fc.constantFrom('council', 'nhs'),
    amountPence: fc.integer({ min: 1, max: 5_000_000 }),
    source: fc.constantFrom<('held' | 'direct_payment')[]>('held', 'direct_payment'),
    // Some dated a little outside the period, as a form allows.
    day: fc.integer({ min: -40, max: days + 40 }),
    category: fc.constantFrom('personal_care', 'transport', 'other', null),
    line: fc.constantFrom('a', 'b', null),
    corrected: fc.boolean(),
  });
  return fc.array(move, { maxLength: 60 }).map((moves) =>
    moves.flatMap((one) => {
      const made = entry(one, addDays(period.startsOn, one.day), {
        category: one.kind === 'spend' ? one.category : null,
        line_id: one.kind === 'spend' ? one.line : null,
      });
      return one.corrected ? [made, correction(made, 'Wrong')] : [made];
    }),
  );
};

describe('Statements of any ledger', () => {
  const period = { startsOn: '2026-04-06', endsOn: '2027-04-05' };

  test('each month: the start plus what came in less what went out is the end', () => {
    fc.assert(
      fc.property(ledgers(period), fc.constantFrom(...monthsOf(period)), (entries, month) => {
        const statement = monthStatement(entries, period, month)!;
        assert.equal(statement.startPence + moneyIn(statement) - moneyOut(statement), statement.endPence);
        const byKind = statement.spentByCategory.reduce((all, row) => all + row.pence, 0);
        const byLine = statement.spentByLine.reduce((all, row) => all + row.pence, 0);
        assert.equal(byKind, statement.spentPence);
        assert.equal(byLine, statement.spentPence);
      }),
    );
  });

  test('the months chain: the first starts at nothing, each starts where the last ended, the last ends at the ledger’s total', () => {
    fc.assert(
      fc.property(ledgers(period), (entries) => {
        const statements = monthsOf(period).map((month) => monthStatement(entries, period, month)!);
        assert.equal(statements[0]!.startPence, 0);
        for (let index = 1; index < statements.length; index++)
          assert.equal(statements[index]!.startPence, statements[index - 1]!.endPence, statements[index]!.month);
        const total = entries.reduce((all, one) => all + leftChange(one.postings), 0);
        assert.equal(statements.at(-1)!.endPence, total);
      }),
    );
  });
});

describe('The pace of spending', () => {
  // 365 days; a plan of £3,650 expects £10 a day.
  const period = { startsOn: '2026-04-01', endsOn: '2027-03-31' };
  const day40 = '2026-05-10';

  test('what the plan expects by today is its cost spread over the days gone, today included', () => {
    assert.equal(spendingPace(365_000, 0, period, '2026-04-01')!.expectedPence, 1_000);
    assert.equal(spendingPace(365_000, 0, period, day40)!.expectedPence, 40_000);
    assert.equal(spendingPace(365_000, 0, period, '2027-03-31')!.expectedPence, 365_000);
    assert.equal(spendingPace(365_000, 0, period, '2028-01-01')!.expectedPence, 365_000, 'no more after the end');
    assert.equal(spendingPace(365_000, 0, period, '2026-03-31'), undefined, 'not begun');
    assert.equal(spendingPace(0, 5_000, period, day40), undefined, 'no plan to compare with');
  });

  test(`off pace means more than ${PACE_LIMITS.percent} % and more than £100 away from what was expected`, () => {
    const pace = (planned: number, spent: number) => spendingPace(planned, spent, period, day40)!.pace;
    assert.equal(pace(365_000, 20_000), 'under', '£200 less than £400 expected');
    assert.equal(pace(365_000, 35_000), 'on_track', '12.5 % less');
    assert.equal(pace(365_000, 46_100), 'on_track', '15.25 % more, but only £61');
    assert.equal(pace(365_000, 60_000), 'over', '£200 more');
    assert.equal(pace(3_650_000, 350_000), 'on_track', '£500 less is only 12.5 % of £4,000');
    assert.equal(pace(3_650_000, 340_000), 'on_track', 'exactly 15 % is not more than 15 %');
    assert.equal(pace(3_650_000, 339_900), 'under');
    assert.equal(pace(3_650_000, 460_100), 'over');
    const under = spendingPace(3_650_000, 276_000, period, day40)!;
    assert.deepEqual(under, { pace: 'under', spentPence: 276_000, expectedPence: 400_000, differencePence: -124_000 });
  });

  test('what expected by now grows day by day up to the plan’s cost, and the difference is spent less expected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 400 }),
        (planned, spent, day) => {
          const today = spendingPace(planned, spent, period, addDays(period.startsOn, day))!;
          const tomorrow = spendingPace(planned, spent, period, addDays(period.startsOn, day + 1))!;
          assert.ok(today.expectedPence <= tomorrow.expectedPence);
          assert.ok(tomorrow.expectedPence <= planned);
          assert.equal(today.differencePence, spent - today.expectedPence);
          if (today.pace === 'under') assert.ok(spent < today.expectedPence - PACE_LIMITS.leastPence);
          if (today.pace === 'over') assert.ok(spent > today.expectedPence + PACE_LIMITS.leastPence);
        },
      ),
    );
  });

  test('the sentence: to the person with who to tell, to the team with the person’s name', () => {
    const under = spendingPace(3_650_000, 276_000, period, day40)!;
    const over = spendingPace(365_000, 60_000, period, day40)!;
    const person = { isThePerson: true, name: 'Aisha Khan', contact: 'Priya Shah', endsOn: period.endsOn };
    const team = { ...person, isThePerson: false };
    assert.equal(
      paceSentence(under, person),
      'You have spent £1,240.00 less than your plan expected by now. If support is not happening, tell Priya Shah.',
    );
    assert.equal(
      paceSentence(under, { ...person, contact: null }),
      'You have spent £1,240.00 less than your plan expected by now. If support is not happening, tell the people who support you.',
    );
    assert.equal(
      paceSentence(under, team),
      'Aisha Khan has spent £1,240.00 less than the support plan expected by now. Check that the support is happening.',
    );
    assert.equal(
      paceSentence(over, person),
      'You have spent £200.00 more than your plan expected by now. The money may run out before 31 March 2027. If your needs have changed, tell Priya Shah.',
    );
    assert.equal(
      paceSentence(over, team),
      'Aisha Khan has spent £200.00 more than the support plan expected by now. The money may run out before 31 March 2027.',
    );
    assert.equal(
      paceSentence(spendingPace(365_000, 40_000, period, day40)!, person),
      'Spending is in line with your plan so far.',
    );
  });
});

describe('What the money has achieved', () => {
  const line = (lineId: string, goalId: string | null, spentPence: number) => ({
    lineId,
    what: `Line ${lineId}`,
    goalId,
    costPence: 10_000,
    spentPence,
  });

  test('lines under the goals they serve, in the plan’s order; then goals gone, lines serving none, and the rest', () => {
    const goals = [
      { id: 'g1', words: 'Allotment every week', status: 'in_progress' },
      { id: 'g2', words: 'Cook for friends', status: 'not_started' },
    ];
    const lines = [line('a', 'g1', 3_000), line('b', 'gone', 1_000), line('c', null, 500), line('d', 'g1', 0)];
    const spentByLine = new Map([
      ['a', 3_000],
      ['b', 1_000],
      ['c', 500],
      ['removed', 700],
    ]);
    const found = achievementsOf(goals, lines, spentByLine, { spentPence: 5_700, refundedPence: 300 });
    assert.deepEqual(
      found.goals.map((goal) => [goal.goalId, goal.goal?.words, goal.lines.map((one) => one.lineId), goal.spentPence]),
      [
        ['g1', 'Allotment every week', ['a', 'd'], 3_000],
        ['g2', 'Cook for friends', [], 0],
        ['gone', undefined, ['b'], 1_000],
      ],
    );
    assert.deepEqual(
      found.unlinkedLines.map((one) => one.lineId),
      ['c'],
    );
    assert.equal(found.removedLinesPence, 700);
    assert.equal(found.notInPlanPence, 800);
    assert.equal(found.refundedPence, 300);
  });

  test('refunds come back to the budget as a whole; a corrected refund no longer counts', () => {
    const kept = entry({ kind: 'refund', streamId: 's', amountPence: 500, source: 'held' }, '2026-12-01');
    const undone = entry({ kind: 'refund', streamId: 's', amountPence: 200, source: 'direct_payment' }, '2026-12-01');
    const spend = entry({ kind: 'spend', streamId: 's', amountPence: 900, source: 'held' }, '2026-12-01');
    assert.equal(
      refundedPence([kept, undone, correction(undone, 'Not refunded after all'), spend, correction(spend, 'x')]),
      500,
    );
  });

  test('a reader who may not read the plan sees the goals the lines serve, without their words', () => {
    const found = achievementsOf(null, [line('a', 'g1', 100), line('b', 'g2', 200)], new Map(), {
      spentPence: 0,
      refundedPence: 0,
    });
    assert.deepEqual(
      found.goals.map((goal) => [goal.goalId, goal.goal]),
      [
        ['g1', undefined],
        ['g2', undefined],
      ],
    );
  });
});
