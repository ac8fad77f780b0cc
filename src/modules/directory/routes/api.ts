import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRefusal, notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { PUBLIC_PAGE } from '../../../web/rate-limit.ts';
import { hsdsPage } from '../listings-service.ts';
import type { DirectoryService } from '../service.ts';
import { BadParameter, pagingOf, PARAMETERS, serviceQueryOf } from './api-query.ts';

// The Open Referral UK read API (HSDS 3.0, UK profile), public and without an account, as the profile's OpenAPI
// document describes it. The lists are searched by the directory's one search; the rest is read from the listings.

const BASE = '/api/v1/directory';

/** What the API follows: HSDS 3.0 as the UK profile has it, described by the profile's own OpenAPI document. */
export const API_META = {
  version: '3.0',
  profile: 'https://github.com/openreferral/uk-profile',
  openapi_url: 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json',
};

const idOf = (request: FastifyRequest): string => {
  const { id } = request.params as { id?: unknown };
  if (!isUuid(id)) throw notFound();
  return id.toLowerCase();
};

/** A bad parameter, or a search the directory refuses (an unknown postcode), as 400 JSON naming what to fix. */
async function answer(reply: FastifyReply, work: () => Promise<unknown>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BadParameter) return reply.code(400).send({ code: 'CW_VALIDATION', message: error.message });
    if (isRefusal(error, 'CW_REFUSED')) return reply.code(400).send({ code: error.code, message: error.message });
    throw error;
  }
}

const found = <T>(document: T | undefined): T => {
  if (!document) throw notFound();
  return document;
};

export function registerOpenReferralApi(app: FastifyInstance, directory: DirectoryService): void {
  const { listings, search } = directory;
  const byStaff = (request: FastifyRequest) => request.actor?.kind === 'staff';

  app.get(`${BASE}/`, PUBLIC_PAGE, async () => API_META);

  app.get(`${BASE}/services`, PUBLIC_PAGE, async (request, reply) =>
    answer(reply, async () => {
      const query = serviceQueryOf(request.query, PARAMETERS.services, byStaff(request));
      const { total, services } = await search.find(query);
      const contents = await listings.servicesInList(services.map((service) => service.id));
      return hsdsPage(contents, total, query.page, query.perPage);
    }),
  );
  app.get(`${BASE}/services/:id`, PUBLIC_PAGE, async (request) => found(await listings.service(idOf(request))));

  // Paged by service: each service found brings every place it is offered at.
  app.get(`${BASE}/service_at_locations`, PUBLIC_PAGE, async (request, reply) =>
    answer(reply, async () => {
      const query = serviceQueryOf(request.query, PARAMETERS.serviceAtLocations, byStaff(request));
      const { total, services } = await search.find(query);
      const contents = await listings.placesInList(services.map((service) => service.id));
      return hsdsPage(contents, total, query.page, query.perPage);
    }),
  );
  app.get(`${BASE}/service_at_locations/:id`, PUBLIC_PAGE, async (request) =>
    found(await listings.serviceAtLocation(idOf(request))),
  );

  app.get(`${BASE}/taxonomies`, PUBLIC_PAGE, async (request, reply) =>
    answer(reply, async () => {
      const { page, perPage } = pagingOf(request.query);
      return listings.taxonomies(page, perPage);
    }),
  );
  app.get(`${BASE}/taxonomies/:id`, PUBLIC_PAGE, async (request) => found(await listings.taxonomy(idOf(request))));

  app.get(`${BASE}/taxonomy_terms`, PUBLIC_PAGE, async (request, reply) =>
    answer(reply, async () => {
      const { page, perPage } = pagingOf(request.query);
      return listings.taxonomyTerms(page, perPage);
    }),
  );
  app.get(`${BASE}/taxonomy_terms/:id`, PUBLIC_PAGE, async (request) =>
    found(await listings.taxonomyTerm(idOf(request))),
  );

  // The UK profile's OpenAPI document leaves organisations out; HSDS 3.0 has them, and so does the issue this
  // answers, so they are served in HSDS 3.0's shape (the UK profile's compiled organisation schemas).
  app.get(`${BASE}/organizations`, PUBLIC_PAGE, async (request, reply) =>
    answer(reply, async () => {
      const { page, perPage } = pagingOf(request.query);
      return listings.organizations(page, perPage);
    }),
  );
  app.get(`${BASE}/organizations/:id`, PUBLIC_PAGE, async (request) =>
    found(await listings.organization(idOf(request))),
  );
}
