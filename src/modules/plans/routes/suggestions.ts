import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathId } from '../../../web/params.ts';
import { renderConflict } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { sectionPath } from '../content.ts';
import type { PlanEditing } from '../editing-service.ts';
import { basedOnFrom } from './fields.ts';
import {
  acceptSuggestion,
  declineSuggestion,
  ownWordsOf,
  OWN_WORDS_SECTIONS,
  type AnswerOutcome,
  type OwnWordsSection,
} from '../suggestion-service.ts';

const ANSWERED_NOTICES: Record<string, string> = {
  used: 'The suggested words have been added to the plan.',
  'not-used': 'The suggestion has been marked as not used. The plan has not changed.',
};

/** The success banner for a section page the person comes back to after answering a suggestion (`?answered=`). */
export function suggestionAnsweredNotice(query: unknown): string | undefined {
  const answered = (query as { answered?: unknown } | undefined)?.answered;
  return typeof answered === 'string' ? ANSWERED_NOTICES[answered] : undefined;
}

const count = (value: number) => value.toLocaleString('en-GB');

/** Why an answer was not saved, in words. */
function refusalWords(section: OwnWordsSection, outcome: AnswerOutcome): { title: string; message: string } {
  if (outcome.outcome === 'too-long') {
    return {
      title: 'These words would make this part of the plan too long',
      message: `With the suggested words added, ‘${section.title}’ would be ${count(outcome.length)} characters long. It can be at most ${count(outcome.max)} characters. Nothing has been changed. Shorten what is written there first, or copy in only the part of the suggestion you want.`,
    };
  }
  const earlier = outcome.outcome === 'already-answered' ? outcome.earlier : undefined;
  const what = !earlier
    ? 'It has already been answered.'
    : earlier.answer === 'accepted'
      ? 'Its words are already in the plan: the comments page says when they were used.'
      : 'It was marked as not used.';
  return { title: 'This suggestion has already been answered', message: `${what} Nothing has been changed.` };
}

/**
 * "Use these words" and "Not now" for a suggestion on a section in the person's own words. The section is in the
 * path so the access-log entry can name it before anything is read; the suggestion must be for that section.
 */
export function registerSuggestionRoutes(app: FastifyInstance, editing: PlanEditing): void {
  async function answered(
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    section: OwnWordsSection,
    suggestionId: string,
    outcome: AnswerOutcome,
    now: Date,
  ) {
    const sectionHref = `/people/${personId}/plan/${sectionPath(section.key)}`;
    if (outcome.outcome === 'accepted') return reply.redirect(`${sectionHref}?answered=used`, 303);
    if (outcome.outcome === 'declined') return reply.redirect(`${sectionHref}?answered=not-used`, 303);
    const fresh = await editing.forEditing(
      request.personData,
      personId,
      section,
      now,
      `Your care and support plan: ${section.title}, shown because a suggestion could not be answered`,
    );
    if (!fresh) return reply.redirect(`/people/${personId}/plan`, 303);
    if (outcome.outcome === 'conflict') {
      const suggestion = fresh.suggestions.find((item) => item.id === suggestionId);
      return renderConflict(reply, 'plans/views/conflict.njk', {
        pageTitle: 'Someone else changed this plan',
        personId,
        name: fresh.people.personName,
        section,
        saved: [{ label: section.title, value: ownWordsOf(section, fresh.content) }],
        typed: suggestion ? [{ label: 'The suggested words you chose to use', value: suggestion.body }] : [],
        retryHref: sectionHref,
      });
    }
    const words = refusalWords(section, outcome);
    return reply.code(outcome.outcome === 'too-long' ? 400 : 409).render('plans/views/suggestion-refused.njk', {
      pageTitle: words.title,
      backLink: sectionHref,
      personId,
      name: fresh.people.personName,
      section,
      sectionHref,
      ...words,
    });
  }

  for (const section of OWN_WORDS_SECTIONS) {
    const path = `/people/:personId/plan/${sectionPath(section.key)}/suggestions/:suggestionId`;

    app.post(`${path}/accept`, { preHandler: requireSignedIn }, async (request, reply) => {
      const [personId, suggestionId, now] = [pathId(request, 'personId'), pathId(request, 'suggestionId'), new Date()];
      const outcome = await acceptSuggestion(
        request.personData,
        personId,
        section,
        suggestionId,
        basedOnFrom(request),
        now,
      );
      return answered(request, reply, personId, section, suggestionId, outcome, now);
    });

    app.post(`${path}/decline`, { preHandler: requireSignedIn }, async (request, reply) => {
      const [personId, suggestionId, now] = [pathId(request, 'personId'), pathId(request, 'suggestionId'), new Date()];
      const outcome = await declineSuggestion(request.personData, personId, section, suggestionId, now);
      return answered(request, reply, personId, section, suggestionId, outcome, now);
    });
  }
}
