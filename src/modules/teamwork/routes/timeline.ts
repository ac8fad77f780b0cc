import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatUkDateTime } from '../../../dates.ts';
import { dateRangeView } from '../../../web/date-field.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { pageAsked } from '../../../web/paging.ts';
import { pathId } from '../../../web/params.ts';
import { requireSignedIn } from '../../identity/index.ts';
import type { TimelineFilter, TimelineService } from '../timeline-service.ts';
import { TIMELINE_KINDS, noteForm, timelineFilterForm } from './task-forms.ts';
import { paginationKeeping } from './task-view.ts';

// The shared timeline of a person: filtered by kind and date (a GET form, so it works without JavaScript), newest
// first, a page at a time; and adding a short note.

const PART_LABELS: Record<string, string> = {
  plan: 'Plan',
  notes: 'Notes',
  panel_case: 'Panel',
  messages: 'Messages',
  details: 'Details',
  about_me: 'About me',
  contacts: 'Contacts',
  budget: 'Budget',
  care_team: 'Care team',
};

/** The filter's settings as a query string, for the links between pages. */
function filterQuery(query: Record<string, unknown>): string {
  const kept = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page' || key === 'done') continue;
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === 'string') kept.append(key, item);
  }
  return kept.toString();
}

export function registerTimelineRoutes(app: FastifyInstance, timeline: TimelineService): void {
  async function renderTimeline(
    request: FastifyRequest,
    reply: FastifyReply,
    note: { values: Record<string, unknown>; errors?: FormErrors } = { values: {} },
  ) {
    const personId = pathId(request, 'personId');
    const query = (request.query ?? {}) as Record<string, unknown>;
    const form = checkForm(timelineFilterForm(), query);
    const filter: TimelineFilter = form.ok
      ? { kinds: form.data.kind, from: form.data.from, to: form.data.to }
      : { kinds: [], from: null, to: null };
    const page = await timeline.timeline(request.personData, personId, filter, form.ok ? pageAsked(request) : 1);
    const path = `/people/${personId}/timeline`;
    const errors = form.ok ? note.errors : form.errors;
    const chosen = new Set<string>(form.ok ? form.data.kind : []);
    if (!form.ok) reply.code(400);
    return reply.render('teamwork/views/timeline.njk', {
      pageTitle: page.isThePerson ? 'Your timeline' : `Timeline – ${page.name}`,
      backLink: `/people/${personId}`,
      flash: query.done === 'note' && !errors ? 'Your note has been added to the timeline.' : undefined,
      personId,
      name: page.name,
      isThePerson: page.isThePerson,
      mayAddNote: page.mayAddNote,
      kinds: Object.entries(TIMELINE_KINDS).map(([value, text]) => ({ value, text, checked: chosen.has(value) })),
      filterValues: query,
      ...dateRangeView(query, form.ok ? undefined : form.errors),
      filtered: form.ok && (chosen.size > 0 || form.data.from !== null || form.data.to !== null),
      total: form.ok ? page.paged.total : 0,
      entries: form.ok
        ? page.paged.items.map((entry) => ({
            ...entry,
            when: formatUkDateTime(entry.at),
            kind: TIMELINE_KINDS[entry.kind],
            part: PART_LABELS[entry.part] ?? entry.part,
          }))
        : [],
      pagination: form.ok
        ? paginationKeeping(path, filterQuery(query), page.paged.page, 'Pages of the timeline')
        : undefined,
      noteValues: note.values,
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/timeline', { preHandler: requireSignedIn }, async (request, reply) =>
    renderTimeline(request, reply),
  );

  app.post('/people/:personId/timeline/notes', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(noteForm(), request.body);
    if (!form.ok) return renderTimeline(request, reply.code(400), form);
    await timeline.addNote(request.personData, personId, form.data.body, new Date());
    return reply.redirect(`/people/${personId}/timeline?done=note`, 303);
  });
}
