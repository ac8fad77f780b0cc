import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * One Nunjucks environment for the whole app. Templates are named from `src/modules`
 * (`people/views/record.njk`) or `src/web/views` (`layout.njk`); GOV.UK Frontend's macros come from
 * its package (`govuk/components/button/macro.njk`).
 */
export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [path.join(root, 'src/web/views'), path.join(root, 'src/modules'), path.join(root, 'node_modules/govuk-frontend/dist')],
      { noCache: process.env.NODE_ENV === 'development' },
    ),
    { autoescape: true, throwOnUndefined: false },
  );
  env.addFilter('ukDate', formatUkDate);
  env.addFilter('ukDateTime', formatUkDateTime);
  return env;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true, timeZone: 'Europe/London',
});

/** '2026-03-01' or a Date → '1 March 2026'. */
export function formatUkDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(`${value.slice(0, 10)}T12:00:00Z`) : value;
  return Number.isNaN(date.getTime()) ? '' : dateFormat.format(date);
}

/** A moment → '1 March 2026 at 2:05pm' in UK time. */
export function formatUkDateTime(value: Date | string | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  const parts = dateTimeFormat.formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s/g, '')}`;
}
