import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ukDate } from '../../../dates.ts';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { fieldError } from '../../../web/forms.ts';
import { pageAsked } from '../../../web/paging.ts';
import { PUBLIC_PAGE } from '../../../web/rate-limit.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { mayDo } from '../../identity/index.ts';
import { checkedStatus } from '../checked.ts';
import type { DirectoryService } from '../service.ts';
import { describeService } from './service-page.ts';
import { milesAway, MILES, RESULTS_PER_PAGE, searchFormFrom, whenItems } from './search-form.ts';

// Finding support: the search page and each service's page. Anyone may use them without an account; the public is
// limited per client, signed-in staff never.

const SHORT_DESCRIPTION = 200;

const shorten = (text: string | null): string => {
  if (!text) return '';
  return text.length <= SHORT_DESCRIPTION ? text : `${text.slice(0, SHORT_DESCRIPTION).replace(/\s+\S*$/, '')}…`;
};

const serviceIdOf = (request: FastifyRequest): string => {
  const value = (request.params as { serviceId?: unknown }).serviceId;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

export function registerSearchRoutes(app: FastifyInstance, directory: DirectoryService): void {
  const { search } = directory;

  app.get('/directory', PUBLIC_PAGE, async (request, reply) => {
    const byStaff = request.actor?.kind === 'staff';
    const page = pageAsked(request);
    const form = searchFormFrom(request.query, page, byStaff);
    const choices = await search.choices();
    const found = form.query
      ? await unlessRefused(
          () => search.find(form.query!),
          'CW_REFUSED',
          (error) => ({
            errors: fieldError('postcode', error.message),
          }),
        )
      : undefined;
    const errors = form.errors ?? (found && 'errors' in found ? found.errors : undefined);
    const results = found && 'services' in found ? found : undefined;
    const today = ukDate(new Date());
    const chosenNeeds = new Set([(form.values.need as string | string[] | undefined) ?? []].flat());
    const pages = results ? Math.max(1, Math.ceil(results.total / RESULTS_PER_PAGE)) : 1;
    const pageHref = (number: number) =>
      `/directory?${form.queryString}${number > 1 ? `${form.queryString ? '&' : ''}page=${number}` : ''}`;
    return reply.code(errors ? 400 : 200).render('directory/views/search/search.njk', {
      pageTitle: 'Find support',
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
      values: form.values,
      searched: form.searched && !errors,
      needItems: choices.needs.map((need) => ({ value: need.id, text: need.name, checked: chosenNeeds.has(need.id) })),
      milesItems: MILES.map((miles) => ({
        value: miles,
        text: miles === '1' ? '1 mile' : `${miles} miles`,
        selected: miles === ((form.values.miles as string | undefined) || '5'),
      })),
      whenItems: whenItems(form.values.when),
      languageItems: [
        { value: '', text: 'Any language' },
        ...choices.languages.map((language) => ({
          value: language,
          text: language,
          selected: language === form.values.language,
        })),
      ],
      total: results?.total ?? 0,
      page: Math.min(page, pages),
      pages,
      cards: (results?.services ?? []).map((service) => ({
        ...service,
        description: shorten(service.description),
        away: milesAway(service.distanceKm),
        checked: checkedStatus(service.assuredDate, today),
      })),
      pagination: results &&
        pages > 1 && {
          previous: page > 1 ? { href: pageHref(page - 1), labelText: `Page ${page - 1} of ${pages}` } : undefined,
          next: page < pages ? { href: pageHref(page + 1), labelText: `Page ${page + 1} of ${pages}` } : undefined,
        },
    });
  });

  app.get('/directory/services/:serviceId', PUBLIC_PAGE, async (request, reply) => {
    const serviceId = serviceIdOf(request);
    const service = await search.service(serviceId);
    if (!service) throw notFound();
    const actor = request.actor;
    return reply.render('directory/views/search/service.njk', {
      pageTitle: service.name,
      backLink: '/directory',
      ...describeService(service, ukDate(new Date())),
      suggestHref: `/directory/services/${serviceId}/suggest`,
      // A practitioner refers someone; a person signed in may refer themselves.
      referHref:
        mayDo(actor, 'findPeople') || actor?.kind === 'citizen' ? `/directory/services/${serviceId}/refer` : undefined,
      referText: actor?.kind === 'citizen' ? 'Ask to be referred to this service' : 'Refer someone to this service',
      referralFigures: await directory.referrals.responseFigures(serviceId, new Date()),
    });
  });
}
