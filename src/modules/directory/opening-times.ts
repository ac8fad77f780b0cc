import { ukDate } from '../../dates.ts';
import { inWords } from '../../text.ts';

/** iCalendar's days, Monday first, as HSDS schedules name them in `byday`. */
export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof DAYS)[number];

const DAY_NAMES: Record<Day, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** "Monday" for "MO". */
export const dayName = (day: Day): string => DAY_NAMES[day];

export type Opening = {
  byday: string | null;
  opensAt: string | null;
  closesAt: string | null;
  description: string | null;
};

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The day (iCalendar), time (hh:mm) and date in London at a moment: what "open now" means to a reader here. */
export function londonNow(moment: Date): { day: Day; time: string; date: string } {
  const parts = clock.formatToParts(moment);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const day = get('weekday').slice(0, 2).toUpperCase() as Day;
  return { day, time: `${get('hour')}:${get('minute')}`, date: ukDate(moment) };
}

/** "09:00" → "9am", "13:30" → "1:30pm", "12:00" → "12pm". */
export function timeInWords(time: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const suffix = hours < 12 ? 'am' : 'pm';
  const hour = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === 0 ? `${hour}${suffix}` : `${hour}:${String(minutes).padStart(2, '0')}${suffix}`;
}

/** "MO,WE" → "Mondays and Wednesdays"; every day → "Every day"; Monday to Friday → "Monday to Friday". */
export function daysInWords(byday: string): string {
  const days = DAYS.filter((day) => byday.toUpperCase().replace(/\s/g, '').split(',').includes(day));
  if (days.length === 7) return 'Every day';
  if (days.join(',') === 'MO,TU,WE,TH,FR') return 'Monday to Friday';
  const names = days.map((day) => `${DAY_NAMES[day]}s`);
  return inWords(names);
}

/** One sentence per opening: "Mondays and Wednesdays, 9am to 12pm"; its own description when it has no days. */
export function openingTimesInWords(openings: Opening[]): string[] {
  return openings.flatMap((opening) => {
    const days = opening.byday ? daysInWords(opening.byday) : '';
    const hours =
      opening.opensAt && opening.closesAt ? `${timeInWords(opening.opensAt)} to ${timeInWords(opening.closesAt)}` : '';
    const said = [days, hours].filter(Boolean).join(', ');
    const text = said || opening.description || '';
    return text ? [text] : [];
  });
}
