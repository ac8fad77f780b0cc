import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pageAsked, paginationView } from '../../../web/paging.ts';
import { PUBLIC_PAGE } from '../../../web/rate-limit.ts';
import { renderConflict, unlessRefused } from '../../../web/refusals.ts';
import { onlyFor, requireStaff } from '../../identity/index.ts';
import { LISTING_FIELD_NAMES, LISTING_FIELDS, type ListingValues } from '../listing-fields.ts';
import type { DirectoryService } from '../service.ts';
import {
  listingEditForm,
  listingFrom,
  listingReportForm,
  newResourceForm,
  REPORT_KINDS,
  rejectForm,
} from './community-forms.ts';
import { describeSuggestion, KIND_NAMES } from './community-view.ts';

// Community mapping: anyone suggests a new resource or says what is wrong with a listing; the directory's keepers
// decide each suggestion, check listings that may be out of date, change them and read their history.

type Form = { values: Record<string, unknown>; errors?: FormErrors };
const KEEPERS = { preHandler: [requireStaff, onlyFor('keepDirectory')] };

/** An id from the path, or 404: a malformed id names nothing. */
const idFrom = (request: FastifyRequest, name: 'serviceId' | 'suggestionId'): string => {
  const value = (request.params as Record<string, unknown>)[name];
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

/** Each detail's input, by its name: its label, what was typed, its message, and what the listing says now. */
const fieldsView = (values: Record<string, unknown>, errors: FormErrors | undefined, current?: ListingValues) =>
  Object.fromEntries(
    LISTING_FIELD_NAMES.map((name) => [
      name,
      {
        name,
        label: LISTING_FIELDS[name],
        value: values[name],
        now: current ? (current[name] ?? 'Not given') : undefined,
        error: errors?.byField[name],
      },
    ]),
  );

const DONE: Record<string, string> = {
  accepted: 'The suggestion has been accepted and the listing changed.',
  added: 'The suggestion has been accepted and the new listing added.',
  rejected: 'The suggestion has been rejected.',
  checked: 'The listing has been marked as checked today.',
  changed: 'Your changes to the listing have been saved.',
};
const flashFor = (request: FastifyRequest) => DONE[(request.query as { done?: string }).done ?? ''];

export function registerCommunityRoutes(app: FastifyInstance, directory: DirectoryService): void {
  const community = directory.community;

  // Suggestions from anyone, signed in or not.

  const renderNew = (reply: FastifyReply, form: Form) =>
    reply.render('directory/views/community/suggest-new.njk', {
      pageTitle: 'Suggest a service or group',
      backLink: '/directory',
      fields: fieldsView(form.values, form.errors),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });

  app.get('/directory/suggest', PUBLIC_PAGE, async (_request, reply) => renderNew(reply, { values: {} }));

  app.post('/directory/suggest', PUBLIC_PAGE, async (request, reply) => {
    const form = checkForm(newResourceForm(), request.body);
    if (!form.ok) return renderNew(reply.code(400), form);
    await community.suggestNew(listingFrom(form.data), {
      name: form.data.suggester_name,
      email: form.data.suggester_email,
    });
    return reply.redirect(`/directory/suggest/sent${form.data.suggester_email ? '?email=1' : ''}`, 303);
  });

  app.get('/directory/suggest/sent', PUBLIC_PAGE, async (request, reply) =>
    reply.render('directory/views/community/sent.njk', {
      pageTitle: 'Suggestion sent',
      flash: 'Thank you. Your suggestion has been sent to the directory’s keepers.',
      gaveEmail: (request.query as { email?: string }).email === '1',
    }),
  );

  async function renderReport(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const serviceId = idFrom(request, 'serviceId');
    const listing = await community.listingToCorrect(serviceId);
    return reply.render('directory/views/community/suggest-change.njk', {
      pageTitle: `Tell us what is wrong – ${listing.values.name}`,
      backLink: `/directory/services/${serviceId}`,
      serviceId,
      name: listing.values.name,
      current: LISTING_FIELD_NAMES.map((field) => ({ label: LISTING_FIELDS[field], value: listing.values[field] })),
      fields: fieldsView(form.values, form.errors, listing.values),
      kinds: Object.entries(REPORT_KINDS).map(([value, text]) => ({ value, text })),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/directory/services/:serviceId/suggest', PUBLIC_PAGE, async (request, reply) =>
    renderReport(request, reply, { values: {} }),
  );

  app.post('/directory/services/:serviceId/suggest', PUBLIC_PAGE, async (request, reply) => {
    const serviceId = idFrom(request, 'serviceId');
    const form = checkForm(listingReportForm(), request.body);
    if (!form.ok) return renderReport(request, reply.code(400), form);
    const answer = form.data;
    const report =
      answer.kind === 'correction'
        ? { kind: answer.kind, proposed: listingFrom(answer), note: answer.note }
        : { kind: answer.kind, note: answer.note };
    return unlessRefused(
      async () => {
        await community.reportListing(serviceId, report, {
          name: answer.suggester_name,
          email: answer.suggester_email,
        });
        return reply.redirect(`/directory/suggest/sent${answer.suggester_email ? '?email=1' : ''}`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderReport(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: fieldError('name', error.message),
        }),
    );
  });

  // The keepers' pages.

  app.get('/directory/suggestions', KEEPERS, async (request, reply) => {
    const queue = await community.queue(request.actor, pageAsked(request));
    return reply.render('directory/views/community/queue.njk', {
      pageTitle: 'Suggestions to check',
      flash: flashFor(request),
      total: queue.total,
      counts: Object.entries(KIND_NAMES)
        .map(([kind, text]) => ({ text, count: queue.counts[kind as keyof typeof KIND_NAMES] ?? 0 }))
        .filter((row) => row.count > 0),
      items: queue.items.map((item) => ({
        id: item.id,
        kind: KIND_NAMES[item.kind],
        title: item.kind === 'new' ? (item.proposed.name ?? 'A new service') : (item.service_name ?? ''),
        by: item.suggester_name,
        at: item.suggested_at,
      })),
      pagination: paginationView('/directory/suggestions', queue.page, 'Pages of suggestions'),
    });
  });

  async function renderSuggestion(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const { suggestion, listing } = await community.suggestion(request.actor, idFrom(request, 'suggestionId'));
    return reply.render('directory/views/community/suggestion.njk', {
      pageTitle: `${KIND_NAMES[suggestion.kind]} – check the suggestion`,
      backLink: '/directory/suggestions',
      ...describeSuggestion(suggestion, listing),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/directory/suggestions/:suggestionId', KEEPERS, async (request, reply) =>
    renderSuggestion(request, reply, { values: {} }),
  );

  /** The page shown when another keeper decided first: nothing of this decision was kept. */
  async function renderDecidedFirst(request: FastifyRequest, reply: FastifyReply) {
    const { suggestion, listing } = await community.suggestion(request.actor, idFrom(request, 'suggestionId'));
    return renderConflict(reply, 'directory/views/community/conflict.njk', {
      pageTitle: 'Another keeper decided this first',
      heading: 'Another keeper decided this suggestion first',
      ...describeSuggestion(suggestion, listing),
      typed: [(request.body as { reason?: unknown } | undefined)?.reason].filter(
        (value) => typeof value === 'string' && value.trim(),
      ),
    });
  }

  app.post('/directory/suggestions/:suggestionId/accept', KEEPERS, async (request, reply) =>
    unlessRefused(
      async () => {
        const { suggestion } = await community.suggestion(request.actor, idFrom(request, 'suggestionId'));
        await community.accept(request.actor, suggestion.id);
        return reply.redirect(`/directory/suggestions?done=${suggestion.kind === 'new' ? 'added' : 'accepted'}`, 303);
      },
      'CW_CONFLICT',
      () => renderDecidedFirst(request, reply),
    ),
  );

  app.post('/directory/suggestions/:suggestionId/reject', KEEPERS, async (request, reply) => {
    const form = checkForm(rejectForm(), request.body);
    if (!form.ok) return renderSuggestion(request, reply.code(400), form);
    return unlessRefused(
      async () => {
        await community.reject(request.actor, idFrom(request, 'suggestionId'), form.data.reason);
        return reply.redirect('/directory/suggestions?done=rejected', 303);
      },
      'CW_CONFLICT',
      () => renderDecidedFirst(request, reply),
    );
  });

  app.get('/directory/stale', KEEPERS, async (request, reply) => {
    const stale = await community.stale(request.actor, pageAsked(request));
    return reply.render('directory/views/community/stale.njk', {
      pageTitle: 'Listings to check',
      flash: flashFor(request),
      total: stale.total,
      items: stale.items,
      pagination: paginationView('/directory/stale', stale.page, 'Pages of listings to check'),
    });
  });

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const serviceId = idFrom(request, 'serviceId');
    const listing = await community.listingToEdit(request.actor, serviceId);
    const values = form.errors ? form.values : { ...listing.values, version: listing.version };
    return reply.render('directory/views/community/edit.njk', {
      pageTitle: `Change the listing – ${listing.values.name}`,
      backLink: '/directory/stale',
      serviceId,
      name: listing.values.name,
      checked: listing.assuredDate,
      version: values.version,
      fields: fieldsView(values, form.errors),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/directory/services/:serviceId/edit', KEEPERS, async (request, reply) =>
    renderEdit(request, reply, { values: {} }),
  );

  const listingConflict = async (request: FastifyRequest, reply: FastifyReply) => {
    const serviceId = idFrom(request, 'serviceId');
    const listing = await community.listingToEdit(request.actor, serviceId);
    return renderConflict(reply, 'directory/views/community/conflict.njk', {
      pageTitle: 'Someone else changed this listing',
      heading: 'Someone else changed this listing',
      name: listing.values.name,
      serviceId,
      rows: LISTING_FIELD_NAMES.map((field) => ({ label: LISTING_FIELDS[field], now: listing.values[field] })),
      typed: [],
    });
  };

  app.post('/directory/services/:serviceId/edit', KEEPERS, async (request, reply) => {
    const serviceId = idFrom(request, 'serviceId');
    const listing = await community.listingToEdit(request.actor, serviceId);
    const form = checkForm(listingEditForm(listing.values.address !== null), request.body);
    if (!form.ok) return renderEdit(request, reply.code(400), form);
    return unlessRefused(
      async () => {
        await community.edit(request.actor, serviceId, form.data.version, listingFrom(form.data));
        return reply.redirect(`/directory/services/${serviceId}/history?done=changed`, 303);
      },
      'CW_CONFLICT',
      () => listingConflict(request, reply),
    );
  });

  app.post('/directory/services/:serviceId/checked', KEEPERS, async (request, reply) => {
    await community.markChecked(request.actor, idFrom(request, 'serviceId'));
    return reply.redirect('/directory/stale?done=checked', 303);
  });

  app.get('/directory/services/:serviceId/history', KEEPERS, async (request, reply) => {
    const serviceId = idFrom(request, 'serviceId');
    const { listing, groups } = await community.history(request.actor, serviceId);
    return reply.render('directory/views/community/history.njk', {
      pageTitle: `Changes – ${listing.values.name}`,
      backLink: '/directory/stale',
      flash: flashFor(request),
      serviceId,
      name: listing.values.name,
      groups,
    });
  });
}
