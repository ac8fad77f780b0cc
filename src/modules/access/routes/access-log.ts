import type { FastifyInstance } from 'fastify';
import { isUuid } from '../../../ids.ts';
import type { Services } from '../../../services.ts';
import { notFound } from '../../../web/errors.ts';
import { requireSignedIn } from '../../identity/session-hook.ts';
import * as store from '../store.ts';

export const ACCESS_LOG_PAGE_SIZE = 50;

type LoggedAccess = { action: 'read' | 'write' | 'refused'; purpose: string; summary: string };

/** Lower-cases the first word when it is an ordinary word ("Your About me" → "your About me"), never a name. */
const asPhrase = (summary: string): string => summary.replace(/^(Your|The|A|An|Their|This|These|Some)\b/, (word) => word.toLowerCase());

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

/** The page number from `?page=`: 1 when absent, undefined when it is not a page number at all. */
export function pageNumber(query: unknown): number | undefined {
  const raw = (query as { page?: unknown } | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) return undefined;
  return Number(raw);
}

export function registerAccessLogRoutes(app: FastifyInstance, _services: Services): void {
  app.get('/people/:personId/access-log', { preHandler: requireSignedIn }, async (request, reply) => {
    const { personId } = request.params as { personId: string };
    const page = pageNumber(request.query);
    const { upto } = request.query as { upto?: unknown };
    if (!isUuid(personId) || !page || (upto !== undefined && !isUuid(upto))) throw notFound();
    const actor = request.actor!;
    // Refused attempts are for the privacy officer to follow up; the person sees what was done.
    const includeRefused = actor.kind === 'staff' && actor.role === 'privacy_officer';
    const summary = page === 1 ? 'The list of who has looked at your record' : `Page ${page} of the list of who has looked at your record`;
    const log = await request.personData.read(personId, 'access_log', summary, async (trx, decision) => {
      const total = await store.countAccessLog(trx, personId, includeRefused, upto);
      // Past the last page there is nothing to show, and nothing is logged (throwing here rolls the log row back).
      if ((page > 1 || upto !== undefined) && (page - 1) * ACCESS_LOG_PAGE_SIZE >= total) throw notFound();
      const entries = await store.accessLogPage(trx, personId, { includeRefused, limit: ACCESS_LOG_PAGE_SIZE, offset: (page - 1) * ACCESS_LOG_PAGE_SIZE, upto });
      // Later pages follow on from the newest entry of the list as first seen, not from entries added since.
      return { total, entries, anchor: upto ?? entries[0]?.id, forSelf: decision.purpose === 'self' };
    });
    const pages = Math.max(1, Math.ceil(log.total / ACCESS_LOG_PAGE_SIZE));
    const href = (number: number) => `/people/${personId}/access-log?${number === 1 ? '' : `page=${number}&`}upto=${log.anchor}`;
    return reply.render('access/views/access-log.njk', {
      pageTitle: log.forSelf ? 'Who has looked at your record' : 'Who has looked at this record',
      forSelf: log.forSelf,
      includeRefused,
      page,
      pages,
      entries: log.entries.map((entry) => ({ ...entry, description: describeAccess(entry) })),
      pagination: pages > 1 && {
        previous: page > 1 ? { href: href(page - 1), labelText: `Page ${page - 1} of ${pages}` } : undefined,
        next: page < pages ? { href: href(page + 1), labelText: `Page ${page + 1} of ${pages}` } : undefined,
      },
    });
  });
}
