import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { AccessService } from '../service.ts';
import { partName } from '../access-log-service.ts';
import { accessLogFilters } from './access-log-filter.ts';

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
    const filters = accessLogFilters(request.query);
    const log = await access.showAccessLog(request.personData, personId, page, upto, filters.choice);
    const path = `/people/${personId}/access-log`;
    const withQuery = (changes: Record<string, string | undefined>) => {
      const query = new URLSearchParams(filters.query);
      for (const [key, value] of Object.entries(changes))
        if (value === undefined) query.delete(key);
        else query.set(key, value);
      const text = query.toString();
      return text ? `${path}?${text}` : path;
    };
    const href = (number: number) => withQuery({ page: number === 1 ? undefined : String(number), upto: log.anchor });
    const filtered = ['who', 'organisation', 'part', 'from-day', 'to-day'].some((key) => filters.query.has(key));
    return reply.code(filters.errors ? 400 : 200).render('access/views/access-log.njk', {
      pageTitle: log.forSelf ? 'Who has looked at your record' : 'Who has looked at this record',
      backLink: `/people/${personId}`,
      personId,
      forSelf: log.forSelf,
      page,
      pages: log.pages,
      entries: log.entries,
      errors: filters.errors?.list,
      fieldErrors: filters.errors?.byField ?? {},
      values: filters.values,
      dates: filters.dates,
      filtered,
      includeOwn: filters.choice.includeOwn,
      ownToggle: withQuery({ mine: filters.choice.includeOwn ? undefined : '1', page: undefined, upto: undefined }),
      whoItems: [
        { value: '', text: 'Anyone' },
        ...log.choices.actors.map((actor) => ({
          value: actor.actor_id,
          text: actor.organisation_name ? `${actor.actor_name} (${actor.organisation_name})` : actor.actor_name,
        })),
      ],
      organisationItems: [
        { value: '', text: 'Any organisation' },
        ...log.choices.organisations.map((name) => ({ value: name, text: name })),
      ],
      partItems: [
        { value: '', text: 'Any part' },
        ...log.choices.parts.map((part) => ({ value: part, text: partName(part) })),
      ],
      pagination: log.pages > 1 && {
        previous: page > 1 ? { href: href(page - 1), labelText: `Page ${page - 1} of ${log.pages}` } : undefined,
        next: page < log.pages ? { href: href(page + 1), labelText: `Page ${page + 1} of ${log.pages}` } : undefined,
      },
    });
  });
}
