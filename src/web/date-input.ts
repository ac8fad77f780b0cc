import { addDays } from '../dates.ts';

/*
 * The one set of rules for a date typed into a GOV.UK date input: day, month and year boxes. No zod
 * here (see date-field.ts for the form field); these only read what was typed and say what is wrong.
 */

/** The three boxes of a GOV.UK date input. */
export type DatePart = 'day' | 'month' | 'year';

/** What was typed into the three boxes. */
export type TypedDate = Record<DatePart, string>;

/** What is wrong with a typed date: the message, and which boxes to mark. */
export type DateProblem = { message: string; parts: DatePart[] };

/** A typed date as 'YYYY-MM-DD' (null when an optional date is left empty), or what is wrong with it. */
export type DateInputResult = { ok: true; date: string | null } | ({ ok: false } & DateProblem);

/** A further rule about a real date: a message (marking all three boxes), a problem marking some of them, or nothing. */
export type DateCheck = (date: string, label: string) => string | DateProblem | undefined;

/** One date input on a form. */
export type DateInput = {
  /** Starts each message, like 'Date of birth' or 'The date sharing stops'. */
  label: string;
  /** True when the boxes may be left empty, which means no date (null). Otherwise a date must be typed. */
  optional?: boolean;
  /** The message when a required date is left empty; 'Enter <label>' when not given. */
  missing?: string;
  /** A rule about the real date, such as not in the past. */
  check?: DateCheck;
};

export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];
const ALL_PARTS = (): DatePart[] => [...DATE_PARTS];

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** People type months as numbers or words ('3', '03', 'Mar', 'March', 'Sept'): accept any of them. */
function monthNumber(typed: string): number | undefined {
  if (/^\d{1,2}$/.test(typed)) return Number(typed);
  const word = typed.toLowerCase();
  const index = MONTHS.findIndex(
    (name) => word === name || word === name.slice(0, 3) || (word === 'sept' && name === 'september'),
  );
  return index === -1 ? undefined : index + 1;
}

const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * Reads a date typed into day, month and year boxes, by the product's one set of rules. Never throws:
 * anything typed gets a date or a message, with the boxes to mark.
 */
export function parseDateInput(typed: TypedDate, input: DateInput): DateInputResult {
  const { label } = input;
  const boxes: TypedDate = { day: typed.day.trim(), month: typed.month.trim(), year: typed.year.trim() };
  const missing = DATE_PARTS.filter((part) => boxes[part] === '');
  if (missing.length === 3) {
    return input.optional
      ? { ok: true, date: null }
      : { ok: false, message: input.missing ?? `Enter ${lowerFirst(label)}`, parts: ALL_PARTS() };
  }
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(' and ')}`, parts: missing };

  const year = /^\d{4}$/.test(boxes.year) ? Number(boxes.year) : undefined;
  const month = monthNumber(boxes.month);
  const monthOk = month !== undefined && month >= 1 && month <= 12;
  const day = /^\d{1,2}$/.test(boxes.day) ? Number(boxes.day) : undefined;
  const dayOk = day !== undefined && day >= 1 && day <= (year !== undefined && monthOk ? daysIn(year, month) : 31);
  const wrong = DATE_PARTS.filter((part) =>
    part === 'year' ? year === undefined : part === 'month' ? !monthOk : !dayOk,
  );
  if (wrong.length === 1 && wrong[0] === 'year' && /^\d+$/.test(boxes.year))
    return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };
  if (wrong.length) return { ok: false, message: `${label} must be a real date`, parts: wrong };

  const date = `${boxes.year}-${pad(month!)}-${pad(day!)}`;
  const problem = input.check?.(date, label);
  if (problem === undefined) return { ok: true, date };
  return typeof problem === 'string' ? { ok: false, message: problem, parts: ALL_PARTS() } : { ok: false, ...problem };
}

// ---- Checks for `check` -------------------------------------------------------------------------

/** Today or later, such as when sharing stops or a plan is reviewed. `today` is 'YYYY-MM-DD' in UK time. */
export const notInPast =
  (today: string): DateCheck =>
  (date, label) =>
    date < today ? `${label} must be today or in the future` : undefined;

/** After today, such as the next review of an agreed plan or when someone's authority ends. */
export const inFuture =
  (today: string): DateCheck =>
  (date, label) =>
    date <= today ? `${label} must be in the future` : undefined;

/** No more than a year (365 days) before or after today, such as when someone joined a care team. */
export const withinAYear =
  (today: string): DateCheck =>
  (date, label) =>
    date < addDays(today, -365)
      ? `${label} must be within the last year`
      : date > addDays(today, 365)
        ? `${label} must be within the next year`
        : undefined;

/** The earliest date of birth the product accepts. */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-01';

/** A date of birth: today or before, and not before 1 January 1900. */
export const bornBy =
  (today: string): DateCheck =>
  (date, label) =>
    date > today
      ? `${label} must be today or in the past`
      : date < EARLIEST_DATE_OF_BIRTH
        ? { message: `${label} must be on or after 1 January 1900`, parts: ['year'] }
        : undefined;

/** The product's date of birth input; `missing` words the message for empty boxes to suit the page. */
export const dateOfBirthInput = (today: string, missing = 'Enter date of birth') =>
  ({ label: 'Date of birth', missing, check: bornBy(today) }) satisfies DateInput;

const pad = (value: number): string => String(value).padStart(2, '0');
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
