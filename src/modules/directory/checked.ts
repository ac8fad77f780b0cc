import { addMonths, formatUkDate } from '../../dates.ts';

/** A listing not checked for this long is shown as possibly out of date. */
export const CHECK_EVERY_MONTHS = 12;

export type Checked = { text: string; outOfDate: boolean };

/** How recently a listing was checked, in words a reader scans, and whether it may be out of date. */
export function checkedStatus(assuredDate: string | null, today: string): Checked {
  if (!assuredDate) return { text: 'Not checked yet', outOfDate: true };
  const outOfDate = addMonths(assuredDate, CHECK_EVERY_MONTHS) < today;
  return {
    text: outOfDate
      ? `Last checked ${formatUkDate(assuredDate)}: it may be out of date`
      : `Checked ${formatUkDate(assuredDate)}`,
    outOfDate,
  };
}
