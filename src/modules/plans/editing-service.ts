import type { Db } from '../../db/database.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { ukDate } from '../../dates.ts';
import { newId } from '../../ids.ts';
import type { PersonDataContext } from '../access/index.ts';
import type { SharingService } from '../access/sharing.ts';
import { currentCircle, writerName } from '../people/index.ts';
import { emptyPlan, PLAN_SECTIONS, type PlanContent } from './content.ts';
import { personName } from './person-name.ts';
import * as store from './store.ts';
import { planTaskList } from './task-list.ts';

const PLAN = 'Your care and support plan';

export type PlanSection = (typeof PLAN_SECTIONS)[number];
/** Someone who can be named in a plan: a current care-team member or a current member of the circle of support. */
export type NameableMember = { id: string; name: string; description: string };
export type PlanPeople = { personName: string; careTeam: NameableMember[]; circle: NameableMember[] };

export type SaveOutcome = { outcome: 'saved'; number: number } | { outcome: 'conflict' };


/** Suggestions for a section that the person has not answered yet (used or not used), newest first. */
export function pendingSuggestions<C extends { id: string; section: string; kind: string }>(
  section: PlanSection, comments: C[], answers: { suggestion_id: string }[],
): C[] {
  const answered = new Set(answers.map((answer) => answer.suggestion_id));
  return comments.filter((comment) => comment.kind === 'suggestion' && comment.section === section.key && !answered.has(comment.id)).reverse();
}

export const changeSummary = (section: PlanSection): string => `Changed: ${section.title}`;

export function createPlanEditing(sharing: SharingService) {
  async function planPeople(trx: Db, personId: string, now: Date): Promise<PlanPeople> {
    const [team, circle] = await Promise.all([sharing.careTeam(trx, personId, now), currentCircle(trx, personId)]);
    return {
      personName: team.personName,
      careTeam: team.members
        .filter((member) => member.status === 'current')
        .map((member) => ({ id: member.id, name: member.staff_name, description: `${member.team_role}, ${member.organisation_name}` })),
      circle: circle.map((member) => ({ id: member.id, name: member.name, description: member.relationship })),
    };
  }

  return {
    /** The plan home: who it is for, the current version, whether it is agreed, and how far each section has got. */
    async home(data: PersonDataContext, personId: string) {
      const page = await data.read(personId, 'plan', PLAN, async (trx, decision) => {
        const name = await personName(trx, personId);
        const current = await store.currentVersion(trx, personId);
        const agreements = current ? await store.agreementsFor(trx, personId, [current.number]) : [];
        return {
          name, isThePerson: decision.purpose === 'self', mayReadAboutMe: decision.readableParts.includes('about_me'),
          current: current && {
            number: current.number, savedAt: current.saved_at, savedBy: current.saved_by_name,
            agreed: new Set(agreements.map((agreement) => agreement.party)).size === 2,
            tasks: planTaskList(current.content),
          },
        };
      });
      return { ...page, mayChange: await data.may(personId, 'plan', 'write') };
    },

    /** Starts the plan with version 1, empty. Starting a plan that already exists changes nothing. */
    async start(data: PersonDataContext, personId: string, now: Date): Promise<void> {
      const actor = data.actor!;
      try {
        await data.write(personId, 'plan', `${PLAN}: started`, async (trx) => {
          if (await store.currentVersion(trx, personId)) return;
          await store.insertVersion(trx, {
            person_id: personId, number: 1, id: newId(), content: emptyPlan(), based_on: null, change_summary: 'Started the plan',
            saved_by_kind: actor.kind, saved_by_id: actor.id, saved_by_name: writerName(actor), saved_at: now,
          });
        });
      } catch (error) {
        if (!uniqueKeyClash(error) !== undefined) throw error;
      }
    },

    /**
     * What a question page needs: the current plan and its number (the form's `based_on`), who can be named,
     * and suggestions waiting for the person. undefined when there is no plan yet. 404 for anyone who may not write.
     */
    async forEditing(data: PersonDataContext, personId: string, section: PlanSection, now: Date, summary = `${PLAN}: ${section.title}, opened to change it`) {
      await data.require(personId, 'plan', 'write', summary);
      return data.read(personId, 'plan', summary, async (trx, decision) => {
        const current = await store.currentVersion(trx, personId);
        if (!current) return undefined;
        const [people, comments, answers] = await Promise.all([planPeople(trx, personId, now), store.commentsFor(trx, personId), store.suggestionAnswersFor(trx, personId)]);
        return {
          number: current.number, content: current.content, people, today: ukDate(now),
          isThePerson: decision.purpose === 'self',
          /** Staff may only suggest words for the person's own sections. */
          onlySuggests: section.personOwned && data.actor?.kind === 'staff',
          suggestions: section.personOwned ? pendingSuggestions(section, comments, answers) : [],
        };
      });
    },

    /**
     * Saves a change to one section as the next version, but only over the version the editor started from.
     * A stale `basedOn`, or someone else saving the same number at the same instant, is a conflict: nothing saved.
     * `summary` says what changed, for the list of versions; by default 'Changed: <section title>'.
     */
    async save(data: PersonDataContext, personId: string, section: PlanSection, basedOn: number, change: (plan: PlanContent) => PlanContent, now: Date, summary = changeSummary(section)): Promise<SaveOutcome> {
      const actor = data.actor!;
      try {
        return await data.write(personId, 'plan', `${PLAN}: ${section.title}`, async (trx): Promise<SaveOutcome> => {
          const current = await store.currentVersion(trx, personId);
          if (!current || current.number !== basedOn) return { outcome: 'conflict' };
          const number = current.number + 1;
          await store.insertVersion(trx, {
            person_id: personId, number, id: newId(), content: change(current.content), based_on: basedOn, change_summary: summary,
            saved_by_kind: actor.kind, saved_by_id: actor.id, saved_by_name: writerName(actor), saved_at: now,
          });
          return { outcome: 'saved', number };
        });
      } catch (error) {
        if (uniqueKeyClash(error) !== undefined) return { outcome: 'conflict' };
        throw error;
      }
    },

    /** A professional's words for a section that is the person's own: kept as a suggestion, never as the plan. */
    async suggest(data: PersonDataContext, personId: string, section: PlanSection, body: string, now: Date): Promise<void> {
      const actor = data.actor!;
      await data.write(personId, 'plan', `${PLAN}: a suggestion for ${section.title}`, (trx) =>
        store.insertComment(trx, {
          person_id: personId, id: newId(), section: section.key, body, kind: 'suggestion',
          written_by_kind: actor.kind, written_by_id: actor.id, written_by_name: writerName(actor), written_at: now,
        }),
      );
    },
  };
}

export type PlanEditing = ReturnType<typeof createPlanEditing>;
export const planSection = (key: string): PlanSection | undefined => PLAN_SECTIONS.find((section) => section.key === key);
