/** The three boxes of a GOV.UK date input. */
export type DatePart = 'day' | 'month' | 'year';

/** A date typed as day, month and year: the date as 'YYYY-MM-DD', or a message and the boxes to mark. */
export type DateInputResult = { ok: true; date: string } | { ok: false; message: string; parts: DatePart[] };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ALL_PARTS: DatePart[] = ['day', 'month', 'year'];

/** People type months as numbers or words ('3', '03', 'Mar', 'March'): accept any of them. */
function monthNumber(typed: string): number | undefined {
  if (/^\d{1,2}$/.test(typed)) return Number(typed);
  const word = typed.toLowerCase();
  const index = MONTHS.findIndex((name) => word === name || word === name.slice(0, 3) || (word === 'sept' && name === 'september'));
  return index === -1 ? undefined : index + 1;
}

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Reads a date typed into day, month and year boxes. `label` starts each message, like 'Date of birth'.
 * Never throws: anything typed gets a date or a message.
 */
export function parseDateInput(day: string, month: string, year: string, label = 'The date'): DateInputResult {
  const typed = { day: day.trim(), month: month.trim(), year: year.trim() };
  const missing = ALL_PARTS.filter((part) => typed[part] === '');
  if (missing.length === 3) return { ok: false, message: `Enter ${lowerFirst(label)}`, parts: ALL_PARTS };
  if (missing.length) return { ok: false, message: `${label} must include a ${missing.join(' and ')}`, parts: missing };

  const dayNumber = /^\d{1,2}$/.test(typed.day) ? Number(typed.day) : undefined;
  const month_ = monthNumber(typed.month);
  if (!/^\d+$/.test(typed.year)) return { ok: false, message: `${label} must be a real date`, parts: ['year'] };
  if (typed.year.length !== 4) return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };
  const yearNumber = Number(typed.year);
  if (month_ === undefined || month_ < 1 || month_ > 12) return { ok: false, message: `${label} must be a real date`, parts: ['month'] };
  if (dayNumber === undefined || dayNumber < 1 || dayNumber > daysIn(yearNumber, month_)) {
    return { ok: false, message: `${label} must be a real date`, parts: ['day'] };
  }
  return { ok: true, date: `${typed.year}-${pad(month_)}-${pad(dayNumber)}` };
}

/** A date of birth: a real date, not in the future, not before 1900. `today` is 'YYYY-MM-DD' in UK time. */
export function parseDateOfBirth(day: string, month: string, year: string, today: string): DateInputResult {
  const result = parseDateInput(day, month, year, 'Date of birth');
  if (!result.ok) return result;
  if (result.date > today) return { ok: false, message: 'Date of birth must be today or in the past', parts: ALL_PARTS };
  if (result.date < '1900-01-01') return { ok: false, message: 'Date of birth must be on or after 1 January 1900', parts: ['year'] };
  return result;
}

/** A date that must come after today, such as when someone's authority ends. */
export function parseFutureDate(day: string, month: string, year: string, today: string, label: string): DateInputResult {
  const result = parseDateInput(day, month, year, label);
  if (!result.ok) return result;
  if (result.date <= today) return { ok: false, message: `${label} must be in the future`, parts: ALL_PARTS };
  return result;
}

/** True when none of the three boxes has anything in it. */
export const isDateInputEmpty = (day: string, month: string, year: string): boolean => `${day}${month}${year}`.trim() === '';

const pad = (value: number): string => String(value).padStart(2, '0');
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
