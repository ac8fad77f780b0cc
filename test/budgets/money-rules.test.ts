import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../src/dates.ts';
import {
  EMPTY_BALANCE,
  balancesOf,
  postingsFor,
  refusalFor,
  reversalOf,
  streamTotals,
  type LedgerMove,
  type Posting,
  type StreamBalance,
} from '../../src/modules/budgets/ledger.ts';
import { lineCost, timesInPeriod } from '../../src/modules/budgets/line-cost.ts';
import { MOST_PENCE, formatPence, parsePounds, penceAsTyped } from '../../src/modules/budgets/money.ts';
import { FREQUENCIES, type Frequency } from '../../src/modules/budgets/terms.ts';

// The money rules of a budget as plain functions: what people type becomes exact pence, every transaction balances,
// no account the person can spend from goes below nothing, and support-plan lines cost what they say.

const pence = fc.integer({ min: 1, max: MOST_PENCE });

/** The ways someone might type an amount they read on a page: with or without £, commas, pence or spaces. */
function typings(amount: number): string[] {
  const shown = formatPence(amount);
  const plain = shown.replaceAll(',', '');
  const typed = [shown, shown.slice(1), plain, plain.slice(1), penceAsTyped(amount), `  ${shown}  `];
  typed.push(`£ ${plain.slice(1)}`);
  if (amount % 10 === 0) typed.push(penceAsTyped(amount).slice(0, -1));
  if (amount % 100 === 0) typed.push(shown.slice(0, -3), plain.slice(1, -3));
  return typed;
}

describe('Amounts of money as people type them', () => {
  test('every amount shown on a page, typed back in any usual way, is the same number of pence', () => {
    for (const amount of [1, 10, 99, 100, 101, 99_999, 100_000, 123_456_789, MOST_PENCE])
      for (const typed of typings(amount)) assert.equal(parsePounds(typed), amount, typed);
    fc.assert(
      fc.property(pence, (amount) => {
        for (const typed of typings(amount)) assert.equal(parsePounds(typed), amount, typed);
      }),
      { numRuns: 5_000 },
    );
  });

  test('any text at all is either not an amount (null) or whole pence from 0 to the most; it never throws', () => {
    const inRange = (typed: string) => {
      const result = parsePounds(typed);
      assert.ok(
        result === null || (Number.isSafeInteger(result) && result >= 0 && result <= MOST_PENCE),
        `${JSON.stringify(typed)} gave ${result}`,
      );
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), inRange), { numRuns: 5_000 });
    // Text that looks nearly like money reaches the parts of the pattern random text seldom does.
    const nearlyMoney = fc
      .array(fc.constantFrom('£', '-', '−', '+', ',', '.', ' ', 'e', '0', '1', '5', '9', '١', '٫'), { maxLength: 24 })
      .map((characters) => characters.join(''));
    fc.assert(fc.property(nearlyMoney, inRange), { numRuns: 20_000 });
  });

  test('a typed amount above the most, or a long run of digits, is not an amount', () => {
    assert.equal(parsePounds('9,999,999.99'), MOST_PENCE);
    assert.equal(parsePounds('10,000,000'), null);
    assert.equal(parsePounds('10000000.00'), null);
    assert.equal(parsePounds('9'.repeat(400)), null);
    fc.assert(
      fc.property(fc.integer({ min: MOST_PENCE + 1, max: Number.MAX_SAFE_INTEGER }), (amount) => {
        assert.equal(parsePounds(penceAsTyped(amount)), null);
      }),
    );
  });

  for (const [typed, expected] of [
    ['12.345', null],
    ['-5', null],
    ['−5', null],
    ['£1,23', null],
    ['1,2345', null],
    ['1e3', null],
    ['  ', null],
    ['', null],
    ['£', null],
    ['.50', null],
    ['12.', null],
    ['12,50', null],
    ['0x10', null],
    ['Infinity', null],
    ['NaN', null],
    ['£-5', null],
    ['0.00', 0],
    ['0', 0],
    ['0.01', 1],
    ['12.5', 1_250],
    ['£1,250.50', 125_050],
    ['007', 700],
    [' £ 12 ', 1_200],
  ] as const)
    test(`"${typed}" is ${expected === null ? 'not an amount' : `${expected} pence`}`, () => {
      assert.equal(parsePounds(typed), expected);
    });

  test('an amount is shown as pounds and pence, going the other way with a minus sign', () => {
    assert.equal(formatPence(0), '£0.00');
    assert.equal(formatPence(5), '£0.05');
    assert.equal(formatPence(123_456_789), '£1,234,567.89');
    assert.equal(formatPence(-500), '−£5.00');
    assert.throws(() => formatPence(1.5), RangeError);
    assert.equal(penceAsTyped(123_405), '1234.05');
  });
});

const STREAMS = ['council', 'nhs'] as const;
const source = fc.constantFrom('held' as const, 'direct_payment' as const);
/** Any amount now and then; mostly amounts small enough that spending, refunds and taking back often fit. */
const amount = fc.oneof({ weight: 1, arbitrary: pence }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 5_000 }) });
const move: fc.Arbitrary<LedgerMove> = fc.oneof(
  fc.record({ kind: fc.constant('allocation' as const), streamId: fc.constantFrom(...STREAMS), amountPence: pence }),
  fc.record({ kind: fc.constant('payment' as const), streamId: fc.constantFrom(...STREAMS), amountPence: amount }),
  fc.record({
    kind: fc.constantFrom('spend' as const, 'refund' as const, 'clawback' as const),
    streamId: fc.constantFrom(...STREAMS),
    amountPence: amount,
    source,
  }),
);

/** A step of a ledger's life: a new transaction, or undoing the nth one recorded so far. */
type Step = { move: LedgerMove } | { undo: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: move.map((change) => ({ move: change })) },
  { weight: 1, arbitrary: fc.nat().map((index) => ({ undo: index })) },
);

const sum = (postings: readonly Posting[]) => postings.reduce((all, posting) => all + posting.amountPence, 0);

describe('The double-entry ledger', () => {
  test('the postings of any transaction sum to zero, and its reversal undoes it exactly', () => {
    fc.assert(
      fc.property(move, (change) => {
        const postings = postingsFor(change);
        assert.equal(postings.length, 2);
        assert.equal(sum(postings), 0);
        assert.ok(postings.every((posting) => posting.amountPence !== 0 && posting.streamId === change.streamId));
        const undone = reversalOf(postings);
        assert.equal(sum(undone), 0);
        for (const balance of balancesOf([...postings, ...undone]).values()) assert.deepEqual(balance, EMPTY_BALANCE);
      }),
    );
  });

  test('an amount that is not whole pence above zero makes no postings', () => {
    for (const amountPence of [0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])
      assert.throws(() => postingsFor({ kind: 'allocation', streamId: 'council', amountPence }), RangeError);
  });

  test('any run of transactions the rules allow leaves no account below zero and the whole ledger at exactly 0', () => {
    /** How many of each kind were recorded over all the runs, so a generator that only makes refusals fails. */
    const allowed: Record<string, number> = {};
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 150, size: 'max' }), (steps) => {
        const recorded: Posting[][] = [];
        /** Transactions that have been undone, and reversals (which, as in the service, are not undone again). */
        const undone = new Set<number>();
        const balances = new Map<string, StreamBalance>(STREAMS.map((stream) => [stream, { ...EMPTY_BALANCE }]));
        for (const next of steps) {
          let postings: Posting[];
          if ('undo' in next) {
            if (recorded.length === 0) continue;
            const index = next.undo % recorded.length;
            if (undone.has(index)) continue;
            postings = reversalOf(recorded[index]!);
            undone.add(index);
          } else postings = postingsFor(next.move);
          const balance = balances.get(postings[0]!.streamId)!;
          const after = balancesOf(postings).get(postings[0]!.streamId)!;
          const wouldBe = {
            funding: balance.funding + after.funding,
            held: balance.held + after.held,
            direct_payment: balance.direct_payment + after.direct_payment,
            spent: balance.spent + after.spent,
          };
          const refusal = refusalFor(balance, postings);
          const fits = wouldBe.held >= 0 && wouldBe.direct_payment >= 0 && wouldBe.spent >= 0 && wouldBe.funding <= 0;
          // The rules refuse exactly what would take an account the wrong side of zero, and say why.
          assert.equal(
            refusal === null,
            fits,
            `${refusal} for ${JSON.stringify(postings)} on ${JSON.stringify(balance)}`,
          );
          if (refusal) {
            if ('undo' in next) undone.delete(next.undo % recorded.length);
            continue;
          }
          balances.set(postings[0]!.streamId, wouldBe);
          const kind = 'undo' in next ? 'reversal' : next.move.kind;
          allowed[kind] = (allowed[kind] ?? 0) + 1;
          if ('undo' in next) undone.add(recorded.length);
          recorded.push(postings);
        }
        const everything = recorded.flat();
        assert.equal(sum(everything), 0, 'the whole ledger sums to exactly 0');
        const fromPostings = balancesOf(everything);
        for (const stream of STREAMS) {
          const balance = balances.get(stream)!;
          assert.deepEqual(fromPostings.get(stream) ?? EMPTY_BALANCE, balance);
          assert.ok(balance.held >= 0 && balance.direct_payment >= 0 && balance.spent >= 0 && balance.funding <= 0);
          const totals = streamTotals(balance);
          // == not Object.is: a stream nothing was given shows given as -0, which reads as £0.00.
          assert.ok(totals.givenPence === totals.spentPence + totals.leftPence, 'given = spent + left');
        }
      }),
      { numRuns: 500 },
    );
    for (const kind of ['allocation', 'payment', 'spend', 'refund', 'clawback', 'reversal'])
      assert.ok((allowed[kind] ?? 0) >= 500, `${kind}: ${allowed[kind] ?? 0} recorded`);
  });

  test('refusals say why in plain words', () => {
    const held = { ...EMPTY_BALANCE, funding: -1_000, held: 1_000 };
    const spend = (amountPence: number, from: 'held' | 'direct_payment') =>
      refusalFor(held, postingsFor({ kind: 'spend', streamId: 'council', amountPence, source: from }));
    assert.equal(spend(1_000, 'held'), null);
    assert.equal(spend(1_001, 'held'), 'There is not enough money left in this funding to cover it.');
    assert.equal(
      spend(1, 'direct_payment'),
      'There is not enough money left in the direct-payment account to cover it.',
    );
    assert.equal(
      refusalFor(held, postingsFor({ kind: 'refund', streamId: 'council', amountPence: 1, source: 'held' })),
      'A refund cannot be more than was spent from this funding.',
    );
    assert.equal(
      refusalFor(
        { ...EMPTY_BALANCE, held: 1_000 },
        postingsFor({ kind: 'clawback', streamId: 'council', amountPence: 1, source: 'held' }),
      ),
      'More cannot be taken back than the funder gave.',
    );
  });
});

const FREQUENCY_LIST = Object.keys(FREQUENCIES) as Frequency[];

describe('What a line of the support plan costs', () => {
  test('1 April to 31 March is 52 weeks, 13 four-weeks, 12 months and 1 year, leap year or not', () => {
    for (let year = 2000; year <= 2100; year += 1) {
      const startsOn = `${year}-04-01`;
      const endsOn = `${year + 1}-03-31`;
      assert.equal(timesInPeriod('weekly', startsOn, endsOn), 52, startsOn);
      assert.equal(timesInPeriod('every_four_weeks', startsOn, endsOn), 13, startsOn);
      assert.equal(timesInPeriod('monthly', startsOn, endsOn), 12, startsOn);
      assert.equal(timesInPeriod('yearly', startsOn, endsOn), 1, startsOn);
      assert.equal(timesInPeriod('once', startsOn, endsOn), 1, startsOn);
    }
  });

  test('shorter periods: whole weeks and months only, and a year-long line at least once', () => {
    assert.equal(timesInPeriod('weekly', '2026-04-01', '2026-04-06'), 0);
    assert.equal(timesInPeriod('weekly', '2026-04-01', '2026-04-07'), 1);
    assert.equal(timesInPeriod('monthly', '2026-01-31', '2026-02-27'), 0);
    assert.equal(timesInPeriod('monthly', '2026-01-31', '2026-02-28'), 1);
    assert.equal(timesInPeriod('monthly', '2026-04-01', '2026-04-30'), 1);
    assert.equal(timesInPeriod('yearly', '2026-04-01', '2026-09-30'), 1);
    assert.equal(timesInPeriod('yearly', '2026-04-01', '2028-03-31'), 2);
  });

  const line = fc.record({
    unitCostPence: fc.integer({ min: 0, max: MOST_PENCE }),
    quantity: fc.integer({ min: 1, max: 9_999 }),
    frequency: fc.constantFrom(...FREQUENCY_LIST),
  });
  /** A budget period as the form allows: from a day to up to two years later. */
  const period = fc
    .tuple(fc.integer({ min: 0, max: 365 * 80 }), fc.integer({ min: 1, max: 731 }))
    .map(([start, length]) => {
      const startsOn = addDays('2000-01-01', start);
      return { startsOn, endsOn: addDays(startsOn, length) };
    });

  test('the cost is whole pence and never falls when the quantity or the unit cost rises', () => {
    fc.assert(
      fc.property(line, period, fc.nat({ max: 9_998 }), fc.nat({ max: MOST_PENCE }), (base, when, more, dearer) => {
        const cost = lineCost(base, when);
        assert.ok(Number.isSafeInteger(cost) && cost >= 0);
        const bigger = { ...base, quantity: Math.min(9_999, base.quantity + more) };
        const costlier = { ...base, unitCostPence: Math.min(MOST_PENCE, base.unitCostPence + dearer) };
        assert.ok(lineCost(bigger, when) >= cost, 'more of it costs no less');
        assert.ok(lineCost(costlier, when) >= cost, 'dearer costs no less');
        assert.ok(lineCost({ ...bigger, unitCostPence: costlier.unitCostPence }, when) >= cost);
        assert.equal(
          cost,
          base.unitCostPence * base.quantity * timesInPeriod(base.frequency, when.startsOn, when.endsOn),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  test('a longer period never has fewer times', () => {
    fc.assert(
      fc.property(period, fc.nat({ max: 400 }), fc.constantFrom(...FREQUENCY_LIST), (when, longer, frequency) => {
        assert.ok(
          timesInPeriod(frequency, when.startsOn, addDays(when.endsOn, longer)) >=
            timesInPeriod(frequency, when.startsOn, when.endsOn),
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
