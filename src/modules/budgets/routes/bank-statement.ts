import { createHash } from 'node:crypto';
import { parse, type CsvError } from 'csv-parse/sync';
import { formatUkDate } from '../../../dates.ts';
import { parseDateInput } from '../../../web/date-input.ts';
import { hasControlCharacters, hasVisibleCharacters, normaliseLineEndings } from '../../../text.ts';
import { MOST_PENCE, formatPence, parsePounds } from '../money.ts';
import type { StatementEntry } from '../statement-recorder.ts';

export type { StatementEntry };

// The rules for reading a direct-payment bank statement saved as CSV, as plain functions: which columns it has,
// what each line says (spending or a refund, when, who, how much), and every problem by line and column. Nothing
// here records anything; a statement is only read.

/** 1 MB and 2,000 lines: more than a year of a direct-payment account, and a page that still loads. */
export const STATEMENT_MAX_BYTES = 1_048_576;
export const STATEMENT_MAX_LINES = 2_000;
/** As long as the description of money recorded by hand may be. */
export const DESCRIPTION_MAX = 300;
export const STATEMENT_TOO_LARGE = `The file is larger than 1 MB. Split the statement into shorter periods of no more than ${STATEMENT_MAX_LINES.toLocaleString('en-GB')} lines and upload each one.`;

export type StatementColumn = 'date' | 'description' | 'out' | 'in' | 'amount' | 'balance';

/** Each column's name in messages, and the headings banks give it (compared without case, spaces or "£"). */
const COLUMNS: Record<StatementColumn, { name: string; headings: string[] }> = {
  date: { name: 'Date', headings: ['date', 'transaction date', 'posting date', 'posted date', 'value date'] },
  description: {
    name: 'Description',
    headings: [
      'description',
      'details',
      'transaction description',
      'transaction details',
      'payee',
      'narrative',
      'memo',
      'name',
      'reference',
    ],
  },
  out: {
    name: 'Money out',
    headings: ['money out', 'paid out', 'debit', 'debits', 'debit amount', 'out', 'payments out', 'withdrawals'],
  },
  in: {
    name: 'Money in',
    headings: ['money in', 'paid in', 'credit', 'credits', 'credit amount', 'in', 'payments in', 'deposits'],
  },
  amount: { name: 'Amount', headings: ['amount', 'transaction amount', 'value'] },
  balance: { name: 'Balance', headings: ['balance', 'running balance'] },
};

/** A heading as compared: lower case, "£" and "(GBP)" left out, words separated by one space. */
const headingKey = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && word !== 'gbp')
    .join(' ');

const columnOf = (heading: string): StatementColumn | undefined => {
  const key = headingKey(heading);
  return (Object.keys(COLUMNS) as StatementColumn[]).find((column) => COLUMNS[column].headings.includes(key));
};

/** A line of the statement as it will be recorded: spending (money out) or a refund (money in). */

export type LineProblem = { column: string; message: string };

export type StatementLine = {
  /** The line of the file the row starts on; the headings are line 1. */
  line: number;
  /** What the file says, for showing beside any problem. */
  typed: { date: string; description: string; out: string; in: string };
  entry: StatementEntry | null;
  problems: LineProblem[];
};

export type Statement =
  { ok: true; lines: StatementLine[]; ignoredColumns: string[] } | { ok: false; problems: string[] };

/** When money may have moved: not after today, and within the budget's period. */
export type StatementRules = { today: string; startsOn: string; endsOn: string };

const SAVE_AS = 'Save the statement from your bank or spreadsheet as a CSV file (CSV UTF-8) and upload it again.';

/** The text of the file, or why it is not a text file we can read. */
function textOf(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problem: string } {
  if (bytes.length === 0) return { ok: false, problem: 'The file is empty.' };
  if (bytes.length > STATEMENT_MAX_BYTES) return { ok: false, problem: STATEMENT_TOO_LARGE };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, problem: `The file is not text in UTF-8, the form a CSV file needs. ${SAVE_AS}` };
  }
  if (hasControlCharacters(text))
    return { ok: false, problem: `The file holds characters that are not text, so it is not a CSV file. ${SAVE_AS}` };
  if (text.trim() === '') return { ok: false, problem: 'The file is empty.' };
  return { ok: true, text };
}

type Row = { cells: string[]; line: number };

/** The rows of the file with the line each starts on, blank rows left out; or the problem that stopped the reading. */
function rowsOf(text: string): { ok: true; rows: Row[] } | { ok: false; problem: string } {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, {
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      max_record_size: STATEMENT_MAX_BYTES,
    }) as unknown as typeof records;
  } catch (error) {
    // Everything before the last row read is fine; the trouble starts on the next line that is not blank.
    const before = Buffer.from(text).subarray(0, (error as CsvError & { bytes_records?: number }).bytes_records ?? 0);
    const fine = before.toString('utf8');
    const blank = /^(?:[ \t]*\n)*/.exec(text.slice(fine.length))![0].split('\n').length - 1;
    return {
      ok: false,
      problem: `Line ${fine.split('\n').length + blank}: a quotation mark opens a value that is never closed, so the rest of the file cannot be read. Check the file and upload it again.`,
    };
  }
  const rows: Row[] = [];
  for (const { record, info, raw } of records) {
    if (record.every((cell) => cell.trim() === '')) continue;
    // info.lines is where the row ends; a quoted value may hold line breaks, so the row starts that many lines before.
    const breaks = raw.replace(/\n$/, '').split('\n').length - 1;
    rows.push({ cells: record, line: info.lines - breaks });
  }
  return { ok: true, rows };
}

type Columns = Partial<Record<StatementColumn, number>>;

/** Which column is which, from the first row; or every problem with the headings. */
function columnsOf(
  headings: string[],
): { ok: true; columns: Columns; ignored: string[] } | { ok: false; problems: string[] } {
  const columns: Columns = {};
  const ignored: string[] = [];
  const problems: string[] = [];
  headings.forEach((heading, index) => {
    const column = columnOf(heading);
    if (!column) {
      if (heading.trim() !== '') ignored.push(heading.trim());
      return;
    }
    const earlier = columns[column];
    if (earlier !== undefined)
      problems.push(
        `The first line names two ${COLUMNS[column].name} columns (“${headings[earlier]!.trim()}” and “${heading.trim()}”). Keep one.`,
      );
    else columns[column] = index;
  });
  if (Object.keys(columns).length === 0)
    return {
      ok: false,
      problems: [
        `The first line of the file must name its columns: Date, Description, Money out and Money in (or one Amount column). This file starts with “${headings.join(',').slice(0, 80)}”.`,
      ],
    };
  if (columns.date === undefined) problems.push('The first line must name a Date column.');
  if (columns.description === undefined) problems.push('The first line must name a Description column.');
  const inOut = columns.out !== undefined || columns.in !== undefined;
  if (!inOut && columns.amount === undefined)
    problems.push('The first line must name a Money out column and a Money in column, or one Amount column.');
  if (inOut && columns.amount !== undefined)
    problems.push(
      'The first line names an Amount column as well as Money out or Money in. Keep one way of showing the money.',
    );
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns, ignored };
}

/**
 * A date as UK banks write it: 01/11/2026 (day first; also with - or .), 1 Nov 2026, 1 November 2026, 01-Nov-2026,
 * or 2026-11-01, read by the product's one set of date rules: the day, or `unreal` when it has that shape but no
 * such day exists (31/11/2026, 1 Novembr 2026), or nothing when it is not shaped like a date.
 */
export type ReadDate = { date: string } | { unreal: true } | undefined;

export function statementDate(typed: string): ReadDate {
  const text = typed.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const dayFirst =
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text) ??
    /^(\d{1,2})(?:\s+|-)(\p{L}+)\.?,?(?:\s+|-)(\d{4})$/u.exec(text);
  const boxes = iso
    ? { day: iso[3]!, month: iso[2]!, year: iso[1]! }
    : dayFirst
      ? { day: dayFirst[1]!, month: dayFirst[2]!, year: dayFirst[3]! }
      : undefined;
  if (!boxes) return undefined;
  const read = parseDateInput(boxes, { label: 'The date' });
  return read.ok && read.date ? { date: read.date } : { unreal: true };
}

/** An amount cell: empty (or zero, which some banks put in the other column), pence with its sign, or not money. */
type Amount = { kind: 'none' } | { kind: 'money'; pence: number; negative: boolean } | { kind: 'bad' };

function amountOf(typed: string): Amount {
  const text = typed.trim();
  if (text === '') return { kind: 'none' };
  const sign = /^[-−+]/.exec(text)?.[0];
  const pence = parsePounds(sign ? text.slice(1) : text);
  if (pence === null) return { kind: 'bad' };
  if (pence === 0) return { kind: 'none' };
  return { kind: 'money', pence, negative: sign === '-' || sign === '−' };
}

const notMoney = (typed: string) =>
  `${typed.trim()} is not an amount of money${/\d{8,}/.test(typed) ? ` up to ${formatPence(MOST_PENCE)}` : ''}`;

/** One row of the statement: what it says, and everything wrong with it. */
function lineOf(row: Row, columns: Columns, width: number, rules: StatementRules): StatementLine {
  const cell = (column: StatementColumn) => {
    const index = columns[column];
    return index === undefined ? '' : (row.cells[index] ?? '');
  };
  const problems: LineProblem[] = [];
  const problem = (column: StatementColumn | null, text: string) =>
    problems.push({
      column: column ? COLUMNS[column].name : '',
      message: column ? `Line ${row.line}, ${COLUMNS[column].name}: ${text}` : `Line ${row.line}: ${text}`,
    });

  const typedAmount = cell('amount').trim();
  const typed = {
    date: cell('date').trim(),
    description: cell('description').trim(),
    out: columns.amount !== undefined ? (/^[-−]/.test(typedAmount) ? typedAmount : '') : cell('out').trim(),
    in: columns.amount !== undefined ? (/^[-−]/.test(typedAmount) ? '' : typedAmount) : cell('in').trim(),
  };

  if (row.cells.length > width)
    problem(
      null,
      `it has ${row.cells.length} values but the first line names ${width} columns. Check for a comma that should be inside quotation marks.`,
    );

  let occurredOn: string | undefined;
  const read = statementDate(typed.date);
  const date = read && 'date' in read ? read.date : undefined;
  if (typed.date === '') problem('date', 'the date is missing');
  else if (read === undefined) problem('date', `${typed.date} is not a date like 01/11/2026 or 1 Nov 2026`);
  else if (date === undefined) problem('date', `${typed.date} is not a real date`);
  else if (date > rules.today) problem('date', `${formatUkDate(date)} is in the future`);
  else if (date < rules.startsOn)
    problem('date', `${formatUkDate(date)} is before this budget began on ${formatUkDate(rules.startsOn)}`);
  else if (date > rules.endsOn)
    problem('date', `${formatUkDate(date)} is after this budget ended on ${formatUkDate(rules.endsOn)}`);
  else occurredOn = date;

  const description = typed.description.replace(/\s+/g, ' ');
  if (!hasVisibleCharacters(description)) problem('description', 'the description of who was paid is missing');
  else if (description.length > DESCRIPTION_MAX)
    problem('description', `the description must be ${DESCRIPTION_MAX} characters or fewer`);

  let move: { kind: 'spend' | 'refund'; pence: number } | undefined;
  if (columns.amount !== undefined) {
    const amount = amountOf(typedAmount);
    if (amount.kind === 'bad') problem('amount', notMoney(typedAmount));
    else if (amount.kind === 'none') problem('amount', 'the amount is missing');
    else move = { kind: amount.negative ? 'spend' : 'refund', pence: amount.pence };
  } else {
    const out = amountOf(typed.out);
    const moneyIn = amountOf(typed.in);
    if (out.kind === 'bad') problem('out', notMoney(typed.out));
    if (moneyIn.kind === 'bad') problem('in', notMoney(typed.in));
    else if (moneyIn.kind === 'money' && moneyIn.negative)
      problem('in', `${typed.in} is below zero. Money going out belongs under Money out`);
    if (out.kind === 'money' && moneyIn.kind === 'money')
      problem(null, 'it has an amount under both Money out and Money in. A line is one or the other');
    else if (out.kind === 'none' && moneyIn.kind === 'none')
      problem(null, 'it has no amount under Money out or Money in');
    else if (out.kind === 'money') move = { kind: 'spend', pence: out.pence };
    else if (moneyIn.kind === 'money' && !moneyIn.negative) move = { kind: 'refund', pence: moneyIn.pence };
  }

  const entry =
    problems.length === 0 && occurredOn && move
      ? { kind: move.kind, occurredOn, description, amountPence: move.pence }
      : null;
  return { line: row.line, typed, entry, problems };
}

/**
 * Reads a bank statement: every line with what it would record, or its problems by line and column; or, when the
 * file itself cannot be read (empty, too large, not text, no headings), the problems with the file. Any bytes give
 * an answer; nothing throws.
 */
export function readStatement(bytes: Uint8Array, rules: StatementRules): Statement {
  const text = textOf(bytes);
  if (!text.ok) return { ok: false, problems: [text.problem] };
  const read = rowsOf(normaliseLineEndings(text.text));
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const [headings, ...rows] = read.rows;
  if (!headings) return { ok: false, problems: ['The file is empty.'] };
  if (rows.length > STATEMENT_MAX_LINES)
    return {
      ok: false,
      problems: [
        `The file has ${rows.length.toLocaleString('en-GB')} lines of money. A statement can have ${STATEMENT_MAX_LINES.toLocaleString('en-GB')} at most: split it into shorter periods and upload each one.`,
      ],
    };
  const columns = columnsOf(headings.cells);
  if (!columns.ok) return { ok: false, problems: columns.problems };
  if (rows.length === 0)
    return { ok: false, problems: ['The file has its headings but no lines of money after them.'] };
  return {
    ok: true,
    lines: rows.map((row) => lineOf(row, columns.columns, headings.cells.length, rules)),
    ignoredColumns: columns.ignored,
  };
}

/**
 * Each entry's idempotency key: from the funding stream, the kind, date, amount and description, and how many
 * identical entries come before it in the file. The same statement imported twice, or two statements that
 * overlap, give the same keys for the same money, so it is recorded once; two identical payments on one day
 * stay two.
 */
export function statementKeys(streamId: string, entries: readonly StatementEntry[]): string[] {
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    const identity = JSON.stringify([streamId, entry.kind, entry.occurredOn, entry.amountPence, entry.description]);
    const position = seen.get(identity) ?? 0;
    seen.set(identity, position + 1);
    const hash = createHash('sha256').update(`${identity}#${position}`).digest('base64url');
    return `statement:${hash}`;
  });
}

/** Words of a name as compared: lower case letters and digits. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * The support-plan line a payment was for, when the bank's description names the line's provider (its words, in
 * order) and no other line's. Providers shorter than four letters ("You") are never matched.
 */
export function matchingLine<L extends { line_id: string; provider: string }>(
  description: string,
  lines: readonly L[],
): L | undefined {
  const words = ` ${wordsOf(description).join(' ')} `;
  const matches = lines.filter((line) => {
    const provider = wordsOf(line.provider).join(' ');
    return provider.length >= 4 && words.includes(` ${provider} `);
  });
  return matches.length === 1 ? matches[0] : undefined;
}
