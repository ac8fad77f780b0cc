import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { pathId } from '../../../web/params.ts';
import { mayDo, requireSignedIn } from '../../identity/index.ts';
import type { AccessService } from '../service.ts';

/** The page number from `?page=`: 1 when absent, undefined when it is not a page number at all. */
export function pageNumber(query: unknown): number | undefined {
  const raw = (query as { page?: unknown } | undefined)?.page;
  if (raw === undefined) return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,5}$/.test(raw)) return undefined;
  return Number(raw);
}

export function registerAccessLogRoutes(app: FastifyInstance, access: AccessService): void {
  app.get('/people/:personId/access-log', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const page = pageNumber(request.query);
    const { upto } = request.query as { upto?: unknown };
    if (!page || (upto !== undefined && !isUuid(upto))) throw notFound();
    // Refused attempts are for the privacy officer to follow up; the person sees what was done.
    const includeRefused = mayDo(request.actor, 'reviewEmergencyAccess');
    const log = await access.showAccessLog(request.personData, personId, page, upto, includeRefused);
    const href = (number: number) =>
      `/people/${personId}/access-log?${number === 1 ? '' : `page=${number}&`}upto=${log.anchor}`;
    return reply.render('access/views/access-log.njk', {
      pageTitle: log.forSelf ? 'Who has looked at your record' : 'Who has looked at this record',
      forSelf: log.forSelf,
      includeRefused,
      page,
      pages: log.pages,
      entries: log.entries,
      pagination: log.pages > 1 && {
        previous: page > 1 ? { href: href(page - 1), labelText: `Page ${page - 1} of ${log.pages}` } : undefined,
        next: page < log.pages ? { href: href(page + 1), labelText: `Page ${page + 1} of ${log.pages}` } : undefined,
      },
    });
  });
}
