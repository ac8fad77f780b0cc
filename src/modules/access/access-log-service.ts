import type { PersonData } from '../../data/person-data.ts';
import { notFound } from '../../errors.ts';
import type { AccessStores } from './stores.ts';

export const ACCESS_LOG_PAGE_SIZE = 50;

type LoggedAccess = { action: 'read' | 'write' | 'refused'; purpose: string; summary: string };

/** Lower-cases the first word when it is an ordinary word ("Your About me" → "your About me"), never a name. */
const asPhrase = (summary: string): string =>
  summary.replace(/^(Your|The|A|An|Their|This|These|Some)\b/, (word) => word.toLowerCase());

/** What someone did, as one plain sentence for the person: "Looked at your About me". */
export function describeAccess(entry: LoggedAccess): string {
  if (entry.action === 'refused') {
    const attempt = /^Tried to (see|change): ([\s\S]+)$/.exec(entry.summary);
    return attempt ? `Tried to ${attempt[1]} ${asPhrase(attempt[2]!)} and was refused` : `${entry.summary} (refused)`;
  }
  // Emergency access never allows changes, so the one emergency write is the start of it.
  if (entry.action === 'write' && entry.purpose === 'emergency') return 'Started emergency access to your record';
  if (entry.action === 'write' && entry.purpose === 'privacy_review') return `Checked ${asPhrase(entry.summary)}`;
  return `${entry.action === 'read' ? 'Looked at' : 'Changed'} ${asPhrase(entry.summary)}`;
}

/**
 * One page of the person's access log, as first seen: later pages follow on from the entry `upto` names, not
 * from entries added since (reading the log adds one). Past the last page there is nothing to show: 404, and
 * nothing is logged (throwing inside the read rolls its log row back).
 */
export function showAccessLog(
  data: PersonData<AccessStores>,
  personId: string,
  page: number,
  upto: string | undefined,
  includeRefused: boolean,
) {
  const summary =
    page === 1
      ? 'The list of who has looked at your record'
      : `Page ${page} of the list of who has looked at your record`;
  return data.read(personId, 'access_log', summary, async ({ access }, decision) => {
    const total = await access.countAccessLog(includeRefused, upto);
    if ((page > 1 || upto !== undefined) && (page - 1) * ACCESS_LOG_PAGE_SIZE >= total) throw notFound();
    const entries = await access.accessLogPage({
      includeRefused,
      limit: ACCESS_LOG_PAGE_SIZE,
      offset: (page - 1) * ACCESS_LOG_PAGE_SIZE,
      upto,
    });
    return {
      total,
      entries: entries.map((entry) => ({ ...entry, description: describeAccess(entry) })),
      anchor: upto ?? entries[0]?.id,
      forSelf: decision.purpose === 'self',
      pages: Math.max(1, Math.ceil(total / ACCESS_LOG_PAGE_SIZE)),
    };
  });
}
