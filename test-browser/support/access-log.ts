import type { Page } from 'playwright-core';
import { follow } from './browser.ts';

/**
 * The rows of the access log page that is open which name `actor`, as who (name, role, organisation) and
 * what they did, reading on through every later page (each scanned by axe on the way).
 */
export async function accessLogEntriesBy(page: Page, actor: string): Promise<{ who: string; what: string }[]> {
  const entries: { who: string; what: string }[] = [];
  for (;;) {
    const rows = await page.getByRole('row').filter({ hasText: actor }).allInnerTexts();
    for (const row of rows) {
      const [, who, what] = row.split('\t').map((cell) => cell.trim());
      // A row of several looks ends with a closed list of each ("What they looked at", "What they changed").
      entries.push({ who: who!, what: what!.replace(/\s*What they (looked at|changed|tried to do)$/, '') });
    }
    if (!(await page.getByRole('link', { name: /^Next/ }).count())) return entries;
    await follow(page, 'link', /^Next/);
  }
}
