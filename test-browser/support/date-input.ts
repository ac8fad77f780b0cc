import type { Page } from 'playwright-core';
import { ukDate } from '../../src/dates.ts';

/** Types the UK date `days` from today into the date input whose legend is `legend`; returns it as 'YYYY-MM-DD'. */
export async function fillDateFromToday(page: Page, legend: string, days: number): Promise<string> {
  const iso = ukDate(new Date(Date.now() + days * 86_400_000));
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(String(Number(iso.slice(8, 10))));
  await group.getByLabel('Month').fill(String(Number(iso.slice(5, 7))));
  await group.getByLabel('Year').fill(iso.slice(0, 4));
  return iso;
}
