import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { writerName } from '../people/index.ts';
import { PLAN_SECTIONS, planContentSchema, type PlanContent } from './content.ts';
import type { PlanSection } from './editing-service.ts';
import type { PlanStore } from './store.ts';
import type { PlanStores } from './stores.ts';

type Data = PersonData<PlanStores>;

const PLAN = 'Your care and support plan';

/** The plan field that holds each section in the person's own words: the sections staff may only suggest for. */
const OWN_WORDS = { 'what-matters': 'whatMatters', strengths: 'strengths' } as const;
type OwnWordsKey = keyof typeof OWN_WORDS;
export type OwnWordsSection = PlanSection & { key: OwnWordsKey };

export const OWN_WORDS_SECTIONS = PLAN_SECTIONS.filter(
  (section): section is OwnWordsSection => section.key in OWN_WORDS,
);

/** What the section holds now. */
export const ownWordsOf = (section: OwnWordsSection, plan: PlanContent): string => plan[OWN_WORDS[section.key]];

/** The most characters a section in the person's own words may hold, as the plan's schema says. */
export const ownWordsMaxLength = (section: OwnWordsSection): number =>
  planContentSchema.shape[OWN_WORDS[section.key]].maxLength!;

/** The section's words with a suggestion added after them, a blank line between; just the suggestion when nothing is written yet. */
export function withSuggestion(written: string, suggestion: string): string {
  return written.trim() === '' ? suggestion : `${written}\n\n${suggestion}`;
}

/**
 * Only the person, or someone with authority to act for them, decides what goes into their own words.
 * Staff may write the plan, but their words for these sections are only ever suggestions.
 */
export const mayAnswerSuggestions = (decision: AllowedDecision): boolean =>
  decision.purpose === 'self' || decision.purpose === 'representative';

export type AnswerOutcome =
  | { outcome: 'accepted'; number: number }
  | { outcome: 'declined' }
  /** The suggestion had been answered before; what that answer was, when known. */
  | { outcome: 'already-answered'; earlier?: { answer: 'accepted' | 'declined'; versionNumber: number | null } }
  | { outcome: 'too-long'; length: number; max: number }
  | { outcome: 'conflict' };

/** Thrown inside the write so that nothing of a refused answer is saved, log row included; turned back into an outcome. */
class AnswerRefused extends Error {
  override name = 'AnswerRefused';
  readonly outcome: AnswerOutcome;
  constructor(outcome: AnswerOutcome) {
    super(outcome.outcome);
    this.outcome = outcome;
  }
}

type Suggestion = NonNullable<Awaited<ReturnType<PlanStore['suggestionById']>>>;

/**
 * Answers one suggestion for one section, in one transaction with its log row. Staff: 403 (they already see the
 * suggestion, so hiding it would tell them nothing; the refusal is the plan's rule, not their access).
 * A suggestion that is not this person's, or not for this section: 404.
 */
async function answer(
  data: Data,
  personId: string,
  section: OwnWordsSection,
  suggestionId: string,
  summary: string,
  work: (plans: PlanStore, suggestion: Suggestion) => Promise<AnswerOutcome>,
): Promise<AnswerOutcome> {
  try {
    return await data.write(personId, 'plan', summary, async ({ plans }, decision) => {
      if (!mayAnswerSuggestions(decision)) throw forbidden();
      const suggestion = await plans.suggestionById(suggestionId);
      if (!suggestion || suggestion.section !== section.key) throw notFound();
      const earlier = await plans.suggestionAnswer(suggestionId);
      if (earlier)
        throw new AnswerRefused({
          outcome: 'already-answered',
          earlier: { answer: earlier.answer, versionNumber: earlier.version_number },
        });
      return work(plans, suggestion);
    });
  } catch (error) {
    if (error instanceof AnswerRefused) return error.outcome;
    // Two answers, or two new versions, at the same instant: which key says which.
    const clash = uniqueKeyClash(error);
    if (clash === undefined) throw error;
    return clash.includes('suggestion_answer') ? { outcome: 'already-answered' } : { outcome: 'conflict' };
  }
}

/**
 * Uses a suggestion's words: the next version has them added after what the section holds, and the answer
 * records that version. Only over version `basedOn` (else a conflict), and only if the words still fit.
 */
export function acceptSuggestion(
  data: Data,
  personId: string,
  section: OwnWordsSection,
  suggestionId: string,
  basedOn: number,
  now: Date,
): Promise<AnswerOutcome> {
  const actor = data.actor!;
  return answer(
    data,
    personId,
    section,
    suggestionId,
    `${PLAN}: used a suggestion for ${section.title}`,
    async (plans, suggestion) => {
      const current = await plans.currentVersion();
      if (!current || current.number !== basedOn) throw new AnswerRefused({ outcome: 'conflict' });
      const field = OWN_WORDS[section.key];
      const words = withSuggestion(ownWordsOf(section, current.content), suggestion.body);
      const max = ownWordsMaxLength(section);
      if (words.length > max) throw new AnswerRefused({ outcome: 'too-long', length: words.length, max });
      const number = current.number + 1;
      await plans.insertVersion({
        number,
        id: newId(),
        content: { ...current.content, [field]: words },
        based_on: basedOn,
        change_summary: `Changed: ${section.title}, using words suggested by ${suggestion.written_by_name}`,
        saved_by_kind: actor.kind,
        saved_by_id: actor.id,
        saved_by_name: writerName(actor),
        saved_at: now,
      });
      await plans.insertSuggestionAnswer({
        suggestion_id: suggestion.id,
        answer: 'accepted',
        version_number: number,
        answered_by_kind: actor.kind,
        answered_by_id: actor.id,
        answered_by_name: writerName(actor),
        answered_at: now,
      });
      return { outcome: 'accepted', number };
    },
  );
}

/** Marks a suggestion as not used. The plan does not change. */
export function declineSuggestion(
  data: Data,
  personId: string,
  section: OwnWordsSection,
  suggestionId: string,
  now: Date,
): Promise<AnswerOutcome> {
  const actor = data.actor!;
  return answer(
    data,
    personId,
    section,
    suggestionId,
    `${PLAN}: chose not to use a suggestion for ${section.title}`,
    async (plans, suggestion) => {
      await plans.insertSuggestionAnswer({
        suggestion_id: suggestion.id,
        answer: 'declined',
        version_number: null,
        answered_by_kind: actor.kind,
        answered_by_id: actor.id,
        answered_by_name: writerName(actor),
        answered_at: now,
      });
      return { outcome: 'declined' };
    },
  );
}
