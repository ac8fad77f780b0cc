import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  STATEMENT_MAX_BYTES,
  matchingLine,
  readStatement,
  statementDate,
  statementKeys,
  type Statement,
  type StatementEntry,
} from '../../src/modules/budgets/routes/bank-statement.ts';

// The rules for reading a direct-payment bank statement, without a server: the columns banks name, the dates and
// amounts they write, every problem by line and column, the keys that make an import idempotent, and that no bytes
// at all make the reader throw.

const rules = { today: '2026-11-20', startsOn: '2026-04-01', endsOn: '2027-03-31' };
const read = (csv: string | Uint8Array) =>
  readStatement(typeof csv === 'string' ? new TextEncoder().encode(csv) : csv, rules);
const lines = (statement: Statement) => {
  assert.ok(statement.ok, statement.ok ? '' : statement.problems.join(' '));
  return statement.lines;
};
const problemsOf = (statement: Statement) => lines(statement).flatMap((line) => line.problems.map((p) => p.message));
const entries = (statement: Statement) => lines(statement).map((line) => line.entry);
const fileProblems = (statement: Statement) => {
  assert.ok(!statement.ok, 'the file is refused');
  return statement.problems;
};

describe('Reading a bank statement', () => {
  test('banks’ own headings, in any case, with a Balance and other columns', () => {
    const spend = { kind: 'spend', occurredOn: '2026-11-01', description: 'Bright Days Club', amountPence: 4000 };
    const refund = { kind: 'refund', occurredOn: '2026-11-02', description: 'Cinema', amountPence: 850 };
    for (const header of [
      'Date,Description,Money out,Money in,Balance',
      'date,details,paid out,paid in,balance',
      'Transaction Date,Transaction Description,Debit Amount,Credit Amount,Running Balance',
      'DATE,PAYEE,DEBIT,CREDIT',
      'Posting date,Narrative,Withdrawals (£),Deposits (£)',
    ])
      assert.deepEqual(
        entries(read(`${header}\n01/11/2026,Bright Days Club,40.00,\n02/11/2026,Cinema,,8.50\n`)),
        [spend, refund],
        header,
      );
    const signed = read(
      'Date,Type,Description,Amount (GBP)\n1 Nov 2026,DEB,Bright Days Club,-40\n2026-11-02,CR,Cinema,8.50\n',
    );
    assert.deepEqual(entries(signed), [spend, refund]);
    assert.ok(signed.ok);
    assert.deepEqual(signed.ignoredColumns, ['Type']);
  });

  test('UK dates in the ways banks write them', () => {
    for (const typed of [
      '01/11/2026',
      '1/11/2026',
      '01-11-2026',
      '01.11.2026',
      '1 Nov 2026',
      '1 November 2026',
      '01-Nov-2026',
      '2026-11-01',
      ' 1 nov 2026 ',
    ])
      assert.deepEqual(statementDate(typed), { date: '2026-11-01' }, typed);
    assert.deepEqual(statementDate('1 Sept 2026'), { date: '2026-09-01' });
    assert.deepEqual(statementDate('29/02/2028'), { date: '2028-02-29' });
    for (const typed of ['31/11/2026', '29/02/2027', '2026-13-01', '0/11/2026', '1 Nobember 2026'])
      assert.deepEqual(statementDate(typed), { unreal: true }, typed);
    for (const typed of ['11/2026', '1/11/26', 'yesterday', '2026/11/01 10:00', ''])
      assert.equal(statementDate(typed), undefined, typed);
  });

  test('every problem is named by its line and column', () => {
    const csv = [
      'Date,Description,Money out,Money in',
      '01/11/2026,Cinema,£12.3x,',
      '02/11/2026,,5.00,',
      ',Shop,5.00,',
      '31/11/2026,Shop,5.00,',
      'soon,Shop,5.00,',
      '21/11/2026,Shop,5.00,',
      '31/03/2026,Shop,5.00,',
      '03/11/2026,Bus,5.00,5.00',
      '03/11/2026,Bus,,',
      '03/11/2026,Bus,0.00,0',
      '03/11/2026,Bus,,-5.00',
      '03/11/2026,Bus,99999999999,',
      `03/11/2026,${'x'.repeat(301)},1,`,
      '03/11/2026,Bus,1,,,extra',
    ].join('\n');
    assert.deepEqual(problemsOf(read(csv)), [
      'Line 2, Money out: £12.3x is not an amount of money',
      'Line 3, Description: the description of who was paid is missing',
      'Line 4, Date: the date is missing',
      'Line 5, Date: 31/11/2026 is not a real date',
      'Line 6, Date: soon is not a date like 01/11/2026 or 1 Nov 2026',
      'Line 7, Date: 21 November 2026 is in the future',
      'Line 8, Date: 31 March 2026 is before this budget began on 1 April 2026',
      'Line 9: it has an amount under both Money out and Money in. A line is one or the other',
      'Line 10: it has no amount under Money out or Money in',
      'Line 11: it has no amount under Money out or Money in',
      'Line 12, Money in: -5.00 is below zero. Money going out belongs under Money out',
      'Line 13, Money out: 99999999999 is not an amount of money up to £9,999,999.99',
      'Line 14, Description: the description must be 300 characters or fewer',
      'Line 15: it has 6 values but the first line names 4 columns. Check for a comma that should be inside quotation marks.',
    ]);
    const after = readStatement(
      new TextEncoder().encode('Date,Description,Amount\n01/04/2027,Shop,-1\n01/04/2027,Shop,x\n'),
      {
        ...rules,
        today: '2027-06-01',
      },
    );
    assert.deepEqual(problemsOf(after), [
      'Line 2, Date: 1 April 2027 is after this budget ended on 31 March 2027',
      'Line 3, Date: 1 April 2027 is after this budget ended on 31 March 2027',
      'Line 3, Amount: x is not an amount of money',
    ]);
  });

  test('lines are counted as in the file: blank lines and line breaks inside quotes included', () => {
    const csv =
      'Date,Description,Money out,Money in\r\n\r\n01/11/2026,"Bright\r\nDays, Club",40,\r\n02/11/2026,Shop,x,\r\n';
    const read1 = lines(read(csv));
    assert.deepEqual(
      read1.map((line) => [line.line, line.entry?.description]),
      [
        [3, 'Bright Days, Club'],
        [5, undefined],
      ],
    );
    assert.deepEqual(read1[1]!.problems, [
      { column: 'Money out', message: 'Line 5, Money out: x is not an amount of money' },
    ]);
    assert.ok(
      read(`\uFEFF${'Date,Description,Money out,Money in'}\n01/11/2026,Shop,1,\n`).ok,
      'a byte order mark is fine',
    );
  });

  test('files that cannot be read say why, and nothing of them is read', () => {
    assert.deepEqual(fileProblems(read('')), ['The file is empty.']);
    assert.deepEqual(fileProblems(read(' \n\r\n')), ['The file is empty.']);
    assert.match(fileProblems(read(new Uint8Array([0xff, 0xfe, 0x41, 0x00])))[0]!, /not text in UTF-8/);
    assert.match(fileProblems(read('Date,Description\u0000,Money out\n'))[0]!, /not text, so it is not a CSV file/);
    assert.match(fileProblems(read(new Uint8Array(STATEMENT_MAX_BYTES + 1).fill(0x41)))[0]!, /larger than 1 MB/);
    assert.match(
      fileProblems(read(`Date,Description,Money out,Money in\n${'01/11/2026,Shop,1,\n'.repeat(2001)}`))[0]!,
      /The file has 2,001 lines of money\. A statement can have 2,000 at most/,
    );
    assert.ok(
      read(`Date,Description,Money out,Money in\n${'01/11/2026,Shop,1,\n'.repeat(2000)}`).ok,
      '2,000 lines are fine',
    );
    assert.match(fileProblems(read('01/11/2026,Shop,1.00,\n'))[0]!, /The first line of the file must name its columns/);
    assert.deepEqual(fileProblems(read('Date,Money out\n01/11/2026,1\n')), [
      'The first line must name a Description column.',
    ]);
    assert.deepEqual(fileProblems(read('Description,Amount\nShop,1\n')), ['The first line must name a Date column.']);
    assert.deepEqual(fileProblems(read('Date,Description,Balance\n01/11/2026,Shop,1\n')), [
      'The first line must name a Money out column and a Money in column, or one Amount column.',
    ]);
    assert.match(
      fileProblems(read('Date,Description,Amount,Paid out\n01/11/2026,Shop,1,1\n'))[0]!,
      /names an Amount column as well/,
    );
    assert.match(
      fileProblems(read('Date,Posting date,Description,Amount\n'))[0]!,
      /two Date columns \(“Date” and “Posting date”\)/,
    );
    assert.deepEqual(fileProblems(read('Date,Description,Amount\n')), [
      'The file has its headings but no lines of money after them.',
    ]);
    assert.match(
      fileProblems(read('Date,Description,Amount\n01/11/2026,"Shop,1\n02/11/2026,Cafe,2\n'))[0]!,
      /^Line 2: a quotation mark opens a value that is never closed/,
    );
  });
});

describe('Idempotency keys of a statement', () => {
  const entry = (description: string, amountPence = 420, occurredOn = '2026-11-10'): StatementEntry => ({
    kind: 'spend',
    occurredOn,
    description,
    amountPence,
  });

  test('the same lines give the same keys; identical lines get different keys by their place among them', () => {
    const file = [entry('Swimming'), entry('Cafe'), entry('Swimming')];
    const keys = statementKeys('stream-1', file);
    assert.deepEqual(statementKeys('stream-1', file), keys);
    assert.equal(new Set(keys).size, 3);
    // A later statement that overlaps: the two swims and the cafe have the keys they had, and the new line a new key.
    const overlapping = statementKeys('stream-1', [
      entry('Swimming'),
      entry('Swimming'),
      entry('Cafe'),
      entry('Bus', 200),
    ]);
    assert.deepEqual(new Set(overlapping.slice(0, 3)), new Set(keys));
    assert.ok(!keys.includes(overlapping[3]!));
    assert.notDeepEqual(statementKeys('stream-2', file), keys, 'another funding stream, other keys');
    assert.notEqual(
      statementKeys('s', [{ ...entry('Cafe'), kind: 'refund' }])[0],
      statementKeys('s', [entry('Cafe')])[0],
    );
    for (const key of keys) assert.match(key, /^statement:[A-Za-z0-9_-]{43}$/);
  });

  test('property: keys are unique within a file and do not depend on the order of the lines', () => {
    const anEntry = fc.record({
      kind: fc.constantFrom<'spend' | 'refund'>('spend', 'refund'),
      occurredOn: fc.constantFrom('2026-11-01', '2026-11-02'),
      description: fc.constantFrom('Swimming', 'Cafe', 'Bus'),
      amountPence: fc.constantFrom(100, 420),
    });
    fc.assert(
      fc.property(
        fc
          .array(anEntry, { maxLength: 30 })
          .chain((list) =>
            fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
          ),
        ([list, shuffled]) => {
          const keys = statementKeys('s', list);
          assert.equal(new Set(keys).size, list.length);
          assert.deepEqual(new Set(statementKeys('s', shuffled)), new Set(keys));
        },
      ),
    );
  });
});

describe('Matching a payment to a line of the support plan', () => {
  const planLines = [
    { line_id: 'club', provider: 'Bright Days Club' },
    { line_id: 'pa', provider: 'Sam Jones' },
    { line_id: 'you', provider: 'You' },
  ];
  test('by the provider’s words in the description, only when one line matches', () => {
    assert.equal(matchingLine('BRIGHT DAYS CLUB REF 1187', planLines)?.line_id, 'club');
    assert.equal(matchingLine('FPS SAM JONES NOV', planLines)?.line_id, 'pa');
    assert.equal(matchingLine('Brightdays', planLines), undefined);
    assert.equal(matchingLine('THANK YOU', planLines), undefined, 'short providers are never matched');
    assert.equal(
      matchingLine('Sam Jones at Bright Days Club', planLines),
      undefined,
      'two lines match: neither is chosen',
    );
  });
});

describe('Property: no bytes make the reader throw', () => {
  const check = (statement: Statement) => {
    if (!statement.ok) {
      assert.ok(statement.problems.length > 0);
      for (const problem of statement.problems) assert.equal(typeof problem, 'string');
      return;
    }
    assert.ok(statement.lines.length > 0);
    let previous = 1;
    for (const line of statement.lines) {
      assert.ok(line.line > previous, 'lines in order, after the headings');
      previous = line.line;
      assert.equal(line.entry === null, line.problems.length > 0, 'a line is recorded or has problems, never both');
      for (const problem of line.problems) assert.ok(problem.message.startsWith(`Line ${line.line}`), problem.message);
      if (line.entry) {
        assert.ok(Number.isSafeInteger(line.entry.amountPence) && line.entry.amountPence > 0);
        assert.ok(line.entry.occurredOn >= rules.startsOn && line.entry.occurredOn <= rules.today);
        assert.ok(line.entry.description.trim().length > 0 && line.entry.description.length <= 300);
      }
    }
  };

  test('any bytes at all', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => check(readStatement(bytes, rules))),
      {
        numRuns: 500,
      },
    );
  });

  test('text made of a statement’s own pieces, quotes and line breaks', () => {
    const piece = fc.constantFrom(
      'Date',
      'Description',
      'Money out',
      'Money in',
      'Amount',
      'Paid out',
      'Balance',
      '01/11/2026',
      '31/11/2026',
      '1 Nov 2026',
      '2026-11-21',
      '12.50',
      '-3',
      '£1,250.5',
      '12.3x',
      '0.00',
      'Shop',
      '',
      ',',
      ',',
      ',',
      '"',
      '""',
      '\n',
      '\n',
      '\r\n',
      ' ',
      '\uFEFF',
      '\u200B',
      'é',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => check(read(pieces.join('')))),
      { numRuns: 2000 },
    );
  });

  test('a generated statement reads back as written', () => {
    const row = fc.record({
      day: fc.integer({ min: 1, max: 20 }),
      description: fc.stringMatching(/^[A-Za-z][A-Za-z ,&'"-]{0,40}$/),
      pence: fc.integer({ min: 1, max: 999_999_999 }),
      out: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const money = (pence: number) => `${Math.trunc(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
        const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
        const csv = [
          'Date,Description,Paid out,Paid in',
          ...rows.map(
            (r) =>
              `${String(r.day).padStart(2, '0')}/11/2026,${quoted(r.description)},${r.out ? money(r.pence) : ''},${r.out ? '' : money(r.pence)}`,
          ),
        ].join('\n');
        const read1 = entries(read(csv));
        assert.deepEqual(
          read1,
          rows.map((r) => ({
            kind: r.out ? 'spend' : 'refund',
            occurredOn: `2026-11-${String(r.day).padStart(2, '0')}`,
            description: r.description.trim().replace(/\s+/g, ' '),
            amountPence: r.pence,
          })),
        );
      }),
    );
  });
});
