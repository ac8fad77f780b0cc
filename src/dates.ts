const isoDateInLondon = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
/** The last minute ukDate was asked about, and its answer: the UK's day changes only on the hour. */
let lastMinute = NaN;
let lastDate = '';
/**
 * The UK calendar date of a moment, as 'YYYY-MM-DD'. One formatter for every call (building one costs far more than
 * using it), and one use of it a minute: every request asks, and using it costs about 5 µs.
 */
export function ukDate(moment: Date): string {
  const minute = Math.floor(moment.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDate = isoDateInLondon.format(moment);
    lastMinute = minute;
  }
  return lastDate;
}

const DAY_MS = 86_400_000;
/** Days from 1 January 1970 to a 'YYYY-MM-DD' date, on the calendar (no time zones involved). */
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** 'YYYY-MM-DD' moved by a number of days, on the calendar: addDays('2024-02-28', 1) is '2024-02-29'. */
export const addDays = (date: string, days: number): string =>
  new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);

/**
 * 'YYYY-MM-DD' moved by whole calendar months. A day the later month does not have becomes its last day:
 * addMonths('2026-08-31', 6) is '2027-02-28', and addMonths('2024-02-29', 12) is '2025-02-28'.
 */
export function addMonths(date: string, months: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(date.slice(8, 10)), lastDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days from one 'YYYY-MM-DD' date to another: negative when `to` comes first. */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * '2026-03-01' or a Date → '1 March 2026'. A calendar date is named without the time-zone formatter, which costs
 * about ten times as much: noon UTC is the same day in the UK.
 */
export function formatUkDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value !== 'string') return Number.isNaN(value.getTime()) ? '' : dateFormat.format(value);
  const date = new Date(`${value.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** A moment → '1 March 2026 at 2:05pm' in UK time. */
export function formatUkDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  const parts = dateTimeFormat.formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s/g, '')}`;
}
