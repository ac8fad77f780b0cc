import { addDays, daysBetween } from '../../dates.ts';
import type { Frequency } from './terms.ts';

// What a line of the costed support plan costs over a budget's period, in whole pence.

/** How many times a line of this frequency falls in a period, both dates counted: whole weeks, months or years. */
export function timesInPeriod(frequency: Frequency, startsOn: string, endsOn: string): number {
  const days = daysBetween(startsOn, endsOn) + 1;
  switch (frequency) {
    case 'once':
      return 1;
    case 'weekly':
      return Math.floor(days / 7);
    case 'every_four_weeks':
      return Math.floor(days / 28);
    case 'monthly':
      return wholeMonths(startsOn, endsOn);
    case 'yearly':
      return Math.max(1, Math.floor(wholeMonths(startsOn, endsOn) / 12));
  }
}

/** Whole calendar months from the start to the day after the end: 1 April to 31 March is 12. */
function wholeMonths(startsOn: string, endsOn: string): number {
  const [startYear, startMonth, startDay] = startsOn.split('-').map(Number) as [number, number, number];
  const [endYear, endMonth, endDay] = addDays(endsOn, 1).split('-').map(Number) as [number, number, number];
  let months = (endYear - startYear) * 12 + (endMonth - startMonth);
  if (endDay < startDay) months -= 1;
  return Math.max(0, months);
}

/** A line's cost over the period: unit cost × quantity × times. */
export const lineCost = (
  line: { unitCostPence: number; quantity: number; frequency: Frequency },
  period: { startsOn: string; endsOn: string },
): number => line.unitCostPence * line.quantity * timesInPeriod(line.frequency, period.startsOn, period.endsOn);
