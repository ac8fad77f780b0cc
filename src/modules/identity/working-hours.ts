// When a member of staff works, as they give it (days ticked, a start and an end time typed) and as people read it:
// 'Monday to Thursday, 9am to 5pm'.

import { inWords } from '../../text.ts';

export const WORKING_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WorkingDay = (typeof WORKING_DAYS)[number];

export const dayName = (day: WorkingDay): string => `${day.charAt(0).toUpperCase()}${day.slice(1)}`;

/**
 * A time as typed, '9am', '9.30am', '5:30 pm', '09:00' or '17:30', as 'HH:MM' on the 24-hour clock; null when it is
 * not a time. '12pm' is midday and '12am' midnight.
 */
export function parseTime(typed: string): string | null {
  const match = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(typed.trim().replace(/\s+/g, ' '));
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const half = match[3]?.toLowerCase();
  // Without am or pm, minutes must be given ('9' alone could be either).
  if (minutes > 59 || (!half && match[2] === undefined)) return null;
  if (half) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  } else if (hours > 23) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** '09:00' as '9am', '17:30' as '5:30pm', '12:00' as 'midday', '00:00' as 'midnight'. */
export function timeInWords(time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  if (minutes === 0 && hours === 12) return 'midday';
  if (minutes === 0 && hours === 0) return 'midnight';
  const clock = hours % 12 === 0 ? 12 : hours % 12;
  return `${clock}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

/** Days in week order, with three or more in a row as a range: 'Monday to Thursday', 'Monday, Wednesday and Friday'. */
export function daysInWords(days: readonly WorkingDay[]): string {
  const indexes = WORKING_DAYS.flatMap((day, index) => (days.includes(day) ? [index] : []));
  const runs: number[][] = [];
  for (const index of indexes) {
    const run = runs.at(-1);
    if (run && run.at(-1) === index - 1) run.push(index);
    else runs.push([index]);
  }
  const words = runs.flatMap((run) =>
    run.length >= 3
      ? [`${dayName(WORKING_DAYS[run[0]!]!)} to ${dayName(WORKING_DAYS[run.at(-1)!]!)}`]
      : run.map((index) => dayName(WORKING_DAYS[index]!)),
  );
  return inWords(words);
}

/** 'Monday to Thursday, 9am to 5pm', either part alone, or null when neither is given. */
export function workingHoursInWords(
  days: readonly WorkingDay[],
  from: string | null,
  until: string | null,
): string | null {
  const parts = [
    days.length ? daysInWords(days) : null,
    from && until ? `${timeInWords(from)} to ${timeInWords(until)}` : null,
  ].filter((part) => part !== null);
  return parts.length ? parts.join(', ') : null;
}
