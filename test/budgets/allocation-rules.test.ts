import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { amountFor, explain, pointsFor, type Answers } from '../../src/modules/budgets/allocation.ts';
import { checkAllocationScheme, type AllocationScheme } from '../../src/modules/budgets/allocation-scheme.ts';
import { formatPence } from '../../src/modules/budgets/money.ts';
import { DEMO_ALLOCATION_SCHEME } from '../../src/seed/demo-allocation.ts';

// The indicative allocation's rules: points add up, more points never mean less money, every answer is explained,
// and a scheme with a mistake is refused with a message that says where.

const mostPoints = (scheme: AllocationScheme) =>
  scheme.questions.reduce((sum, question) => sum + Math.max(...question.options.map((option) => option.points)), 0);

const questionsArbitrary = fc
  .array(
    fc.record({
      topic: fc.constantFrom('eating and drinking', 'getting washed and dressed', 'staying safe', 'getting out'),
      points: fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((questions) =>
    questions.map((question, index) => ({
      key: `q${index}`,
      topic: question.topic,
      question: `Question ${index}?`,
      hint: '',
      options: question.points.map((points, option) => ({ label: `Answer ${option}`, points })),
    })),
  );

/** Bands inside the reachable points: starting at 0, starting points going up, amounts never going down. */
const bandsFor = (most: number) =>
  fc
    .record({
      starts: fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, most) }), { maxLength: 6 }),
      first: fc.integer({ min: 0, max: 500_000 }),
      rises: fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 6, maxLength: 6 }),
    })
    .map(({ starts, first, rises }) => {
      const from = [0, ...starts.filter((start) => start <= most).sort((a, b) => a - b)];
      let amount = first;
      return from.map((fromPoints, index) => {
        if (index > 0) amount += rises[index - 1]!;
        return { fromPoints, amountPence: amount };
      });
    });

/** Any valid scheme: a price per point or bands. */
const schemeArbitrary: fc.Arbitrary<AllocationScheme> = questionsArbitrary.chain((questions) => {
  const most = questions.reduce(
    (sum, question) => sum + Math.max(...question.options.map((option) => option.points)),
    0,
  );
  const conversion = fc.oneof(
    fc.integer({ min: 1, max: 100_000 }).map((pencePerPoint) => ({ kind: 'price_per_point' as const, pencePerPoint })),
    bandsFor(most).map((bands) => ({ kind: 'bands' as const, bands })),
  );
  return conversion.map((rule) => ({
    name: 'A scheme',
    publishedOn: '2026-04-01',
    questions,
    conversion: rule,
  }));
});

/** A scheme and one answer to each of its questions. */
const answeredArbitrary = schemeArbitrary.chain((scheme) =>
  fc.tuple(...scheme.questions.map((question) => fc.nat({ max: question.options.length - 1 }))).map((chosen) => ({
    scheme,
    answers: Object.fromEntries(scheme.questions.map((question, index) => [question.key, chosen[index]!])),
  })),
);

describe('The indicative allocation rules', () => {
  test('every generated scheme is accepted by the scheme check, unchanged', () => {
    fc.assert(
      fc.property(schemeArbitrary, (scheme) => {
        const checked = checkAllocationScheme(JSON.parse(JSON.stringify(scheme)));
        assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.problems));
        assert.deepEqual(checked.scheme, scheme);
      }),
    );
  });

  test('the amount is whole pence and never goes down as points go up, for any valid scheme', () => {
    fc.assert(
      fc.property(schemeArbitrary, fc.nat({ max: 1000 }), fc.nat({ max: 1000 }), (scheme, first, second) => {
        const [fewer, more] = first <= second ? [first, second] : [second, first];
        const low = amountFor(scheme.conversion, fewer);
        const high = amountFor(scheme.conversion, more);
        assert.ok(Number.isSafeInteger(low) && low >= 0, `${low} is whole pence`);
        assert.ok(low <= high, `${fewer} points give ${low}, but ${more} points give ${high}`);
      }),
      { numRuns: 500 },
    );
  });

  test('a score never reaches less money than a lower one, every score from 0 to the most checked in turn', () => {
    fc.assert(
      fc.property(schemeArbitrary, (scheme) => {
        let before = amountFor(scheme.conversion, 0);
        for (let points = 1; points <= mostPoints(scheme) + 5; points += 1) {
          const amount = amountFor(scheme.conversion, points);
          assert.ok(amount >= before, `${points} points give ${amount}, less than ${before}`);
          before = amount;
        }
      }),
    );
  });

  test('choosing an answer worth more points never lowers the figure', () => {
    fc.assert(
      fc.property(answeredArbitrary, fc.nat(), ({ scheme, answers }, pick) => {
        const question = scheme.questions[pick % scheme.questions.length]!;
        const current = question.options[answers[question.key]!]!.points;
        const higher = question.options.findIndex((option) => option.points >= current);
        const raised = { ...answers, [question.key]: higher };
        const amount = (chosen: Answers) => amountFor(scheme.conversion, pointsFor(scheme, chosen));
        assert.ok(amount(raised) >= amount(answers));
      }),
    );
  });

  test('the points are the sum of the chosen answers; a price per point is exact', () => {
    fc.assert(
      fc.property(answeredArbitrary, ({ scheme, answers }) => {
        const points = pointsFor(scheme, answers);
        let sum = 0;
        for (const question of scheme.questions) sum += question.options[answers[question.key]!]!.points;
        assert.equal(points, sum);
        if (scheme.conversion.kind === 'price_per_point')
          assert.equal(amountFor(scheme.conversion, points), points * scheme.conversion.pencePerPoint);
      }),
    );
  });

  test('the explanation names every answer, its topic and its points, and the figure it comes to', () => {
    fc.assert(
      fc.property(answeredArbitrary, fc.boolean(), ({ scheme, answers }, isThePerson) => {
        const words = explain(scheme, answers, { isThePerson, name: 'Aisha Khan' });
        assert.equal(words.answers.length, scheme.questions.length);
        scheme.questions.forEach((question, index) => {
          const option = question.options[answers[question.key]!]!;
          const sentence = words.answers[index]!;
          assert.ok(sentence.startsWith(isThePerson ? 'You scored ' : 'Aisha Khan scored '), sentence);
          assert.ok(sentence.includes(`${option.points} point`), sentence);
          assert.ok(sentence.includes(question.topic), sentence);
          assert.ok(sentence.includes(`“${option.label}”`), sentence);
        });
        const points = pointsFor(scheme, answers);
        const figure = words.figure.join(' ');
        assert.ok(figure.includes(`That makes ${points} point`), figure);
        assert.ok(figure.includes(`${formatPence(amountFor(scheme.conversion, points))} a year`), figure);
      }),
    );
  });

  test('the explanation in words: a price per point, a band, and the top band', () => {
    const scheme: AllocationScheme = {
      name: 'Test scheme',
      publishedOn: '2026-04-01',
      questions: [
        {
          key: 'washing',
          topic: 'getting washed and dressed',
          question: 'How much help?',
          hint: '',
          options: [
            { label: 'None', points: 0 },
            { label: 'Help every day', points: 3 },
            { label: 'Help with everything', points: 36 },
          ],
        },
        {
          key: 'eating',
          topic: 'eating and drinking',
          question: 'How much help?',
          hint: '',
          options: [
            { label: 'None', points: 0 },
            { label: 'Some', points: 1 },
            { label: 'A lot', points: 33 },
          ],
        },
      ],
      conversion: { kind: 'price_per_point', pencePerPoint: 25_000 },
    };
    const priced = explain(scheme, { washing: 1, eating: 2 }, { isThePerson: true, name: 'Aisha Khan' });
    assert.deepEqual(priced.answers, [
      'You scored 3 points for getting washed and dressed: “Help every day”.',
      'You scored 33 points for eating and drinking: “A lot”.',
    ]);
    assert.deepEqual(priced.figure, [
      'That makes 36 points in all.',
      '36 points is worth £9,000.00 a year at £250.00 a point.',
    ]);

    const banded: AllocationScheme = {
      ...scheme,
      conversion: {
        kind: 'bands',
        bands: [
          { fromPoints: 0, amountPence: 0 },
          { fromPoints: 30, amountPence: 1_248_000 },
          { fromPoints: 45, amountPence: 1_872_000 },
        ],
      },
    };
    const inBand = explain(banded, { washing: 1, eating: 2 }, { isThePerson: false, name: 'Aisha Khan' });
    assert.equal(inBand.answers[1], 'Aisha Khan scored 33 points for eating and drinking: “A lot”.');
    assert.equal(inBand.figure[1], '36 points falls in the band from 30 to 44 points, which is £12,480.00 a year.');
    const top = explain(banded, { washing: 2, eating: 1 }, { isThePerson: true, name: 'Aisha Khan' });
    assert.equal(top.answers[1], 'You scored 1 point for eating and drinking: “Some”.');
    assert.equal(top.figure[1], '37 points falls in the band from 30 to 44 points, which is £12,480.00 a year.');
    const most = explain(banded, { washing: 2, eating: 2 }, { isThePerson: true, name: 'Aisha Khan' });
    assert.equal(most.figure[1], '69 points falls in the band of 45 points or more, which is £18,720.00 a year.');
  });

  test('the demo scheme is valid', () => {
    assert.ok(checkAllocationScheme(JSON.parse(JSON.stringify(DEMO_ALLOCATION_SCHEME))).ok);
  });

  test('anything at all is either a valid scheme or a list of problems, each with where and what', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const checked = checkAllocationScheme(value);
        if (checked.ok) return;
        assert.ok(checked.problems.length > 0);
        for (const problem of checked.problems) assert.ok(problem.path !== '' && problem.message !== '');
      }),
    );
  });

  const problemsOf = (scheme: unknown) => {
    const checked = checkAllocationScheme(scheme);
    assert.equal(checked.ok, false, 'the scheme is refused');
    return checked.ok ? [] : checked.problems.map((problem) => `${problem.path}: ${problem.message}`);
  };
  const valid = () => structuredClone(DEMO_ALLOCATION_SCHEME);
  /** The demo scheme with values put at dotted paths, as a mistaken file would hold them. */
  const withChanges = (changes: Record<string, unknown>): unknown => {
    const scheme: unknown = valid();
    for (const [at, value] of Object.entries(changes)) {
      const steps = at.split('.');
      let node = scheme as Record<string, unknown>;
      for (const step of steps.slice(0, -1)) node = node[step] as Record<string, unknown>;
      node[steps.at(-1)!] = value;
    }
    return scheme;
  };

  test('a scheme with mistakes: every problem named with where it is', () => {
    const scheme = withChanges({
      'questions.1.key': 'eating',
      'questions.2.options.1.points': 2.5,
      'questions.3.options.0.points': -1,
      'questions.4.options.2.points': '4',
      'questions.5.option': [],
      publishedOn: '2026-02-30',
      'conversion.bands.2.fromPoints': 5,
      'conversion.bands.4.amountPence': 100,
    });
    assert.deepEqual(problemsOf(scheme).sort(), [
      'conversion.bands[2].fromPoints: The bands must go up: this band starts from 5 points, but the band before starts from 5',
      'conversion.bands[4].amountPence: More points must never mean less money: this band is £1.00, less than the £7,800.00 of the band before',
      'publishedOn: The date the scheme is published must be a real date written like 2026-04-01',
      'questions[1].key: The key “eating” is already used by questions[0]',
      'questions[2].options[1].points: The option’s points must be a whole number',
      'questions[3].options[0].points: The option’s points must be 0 or more',
      'questions[4].options[2].points: The option’s points must be a whole number from 0 to 1000, written without quotes',
      'questions[5]: A question has no field called “option”',
    ]);
  });

  test('a scheme needs questions, a known conversion, and bands that start from nothing', () => {
    assert.deepEqual(problemsOf({ ...valid(), questions: [] }), ['questions: Give at least one question']);
    assert.deepEqual(problemsOf({ ...valid(), conversion: { kind: 'per_hour', pencePerPoint: 1 } }), [
      'conversion.kind: The conversion’s kind must be “price_per_point” or “bands”',
    ]);
    assert.deepEqual(
      problemsOf({ ...valid(), conversion: { kind: 'bands', bands: [{ fromPoints: 3, amountPence: 100 }] } }),
      ['conversion.bands[0].fromPoints: The first band must start from 0 points, so that every score falls in a band'],
    );
    assert.deepEqual(problemsOf({ ...valid(), conversion: { kind: 'price_per_point', pencePerPoint: 0 } }), [
      'conversion.pencePerPoint: The price of a point in pence must be 1 or more',
    ]);
    assert.deepEqual(problemsOf({ ...valid(), name: undefined }), ['name: Give the scheme’s name']);
    assert.deepEqual(problemsOf([]), ['the scheme: The scheme must be an object with its fields in braces']);
  });
});
