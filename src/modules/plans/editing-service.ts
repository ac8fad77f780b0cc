import type { PersonData } from '../../data/person-data.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { ukDate } from '../../dates.ts';
import { newId } from '../../ids.ts';
import { writerName } from '../people/index.ts';
import { emptyPlan, PLAN_SECTIONS, type PlanContent } from './content.ts';
import type { PlanStores } from './stores.ts';
import { planTaskList } from './task-list.ts';
import { glanceNeeds, glanceSection, planSections } from './plan-view.ts';
import { involvedNames } from './print-service.ts';
import { readPlanContacts } from './plan-contacts.ts';
import { PLAN_HOME_PARTS, planHomeSummary, sectionsShown } from './section-sharing.ts';
import { planStanding } from './plan-standing.ts';

type Data = PersonData<PlanStores>;

const PLAN = 'Your care and support plan';

export type PlanSection = (typeof PLAN_SECTIONS)[number];
/** Someone who can be named in a plan: a current care-team member or a current member of the circle of support. */
export type NameableMember = { id: string; name: string; description: string };
export type PlanPeople = { personName: string; careTeam: NameableMember[]; circle: NameableMember[] };

export type SaveOutcome = { outcome: 'saved'; number: number } | { outcome: 'conflict' };

/** Suggestions for a section that the person has not answered yet (used or not used), newest first. */
export function pendingSuggestions<C extends { id: string; section: string; kind: string }>(
  section: PlanSection,
  comments: C[],
  answers: { suggestion_id: string }[],
): C[] {
  const answered = new Set(answers.map((answer) => answer.suggestion_id));
  return comments
    .filter((comment) => comment.kind === 'suggestion' && comment.section === section.key && !answered.has(comment.id))
    .reverse();
}

export const changeSummary = (section: PlanSection): string => `Changed: ${section.title}`;

/** Who can be named in the plan today: current care-team members and current members of the circle of support. */
async function planPeople({ access, people }: PlanStores, now: Date): Promise<PlanPeople> {
  const today = ukDate(now);
  const [personName, team, circle] = await Promise.all([
    people.name(),
    access.careTeamMembers(),
    people.currentCircle(),
  ]);
  return {
    personName,
    careTeam: team
      .filter((member) => member.from_date <= today && (member.until_date === null || member.until_date >= today))
      .map((member) => ({
        id: member.id,
        name: member.staff_name,
        description: `${member.team_role}, ${member.organisation_name}`,
      })),
    circle: circle.map((member) => ({ id: member.id, name: member.name, description: member.relationship })),
  };
}

export function createPlanEditing() {
  return {
    /**
     * The plan home: the plan itself at a glance (every section, needs with their goals and actions), whether it is
     * agreed, and which sections are unfinished.
     */
    async home(data: Data, personId: string) {
      return data.readFirst(personId, PLAN_HOME_PARTS, planHomeSummary, async (stores, decision) => {
        const { plans, people } = stores;
        const name = await people.name();
        // Someone a section was shared with on its own sees that section and nothing else of the plan.
        const shown = sectionsShown(decision.may);
        const wholePlan = decision.may('plan');
        const current = await plans.currentVersion();
        const content = current?.content;
        const names =
          content &&
          (await involvedNames(stores, content.involved.careTeamMemberIds, content.involved.circleMemberIds));
        const contacts = content ? await readPlanContacts(stores.access, content, ukDate(new Date())) : [];
        return {
          name,
          isThePerson: decision.purpose === 'self',
          isStaff: data.actor?.kind === 'staff',
          mayReadAboutMe: decision.may('about_me'),
          mayChange: decision.may('plan', 'write'),
          wholePlan,
          current: current && {
            // Where the plan stands is about the whole plan: not read for someone shown a section on its own.
            standing: wholePlan ? await planStanding(stores, decision.purpose === 'self', data.actor?.id) : undefined,
            tasks: planTaskList(current.content),
            sections: planSections(current.content, names!, { contacts })
              .filter((section) => shown(section.key))
              .map(glanceSection),
            needs: shown('needs') ? glanceNeeds(current.content, contacts) : [],
          },
        };
      });
    },

    /** Starts the plan with version 1, empty. Starting a plan that already exists changes nothing. */
    async start(data: Data, personId: string, now: Date): Promise<void> {
      const actor = data.actor!;
      try {
        await data.write(personId, 'plan', `${PLAN}: started`, async ({ plans }) => {
          if (await plans.currentVersion()) return;
          await plans.insertVersion({
            number: 1,
            id: newId(),
            content: emptyPlan(),
            based_on: null,
            change_summary: 'Started the plan',
            saved_by_kind: actor.kind,
            saved_by_id: actor.id,
            saved_by_name: writerName(actor),
            saved_at: now,
          });
        });
      } catch (error) {
        // Someone else started it at the same instant: the plan exists, which is what was asked for.
        if (uniqueKeyClash(error) === undefined) throw error;
      }
    },

    /**
     * What a question page needs: the current plan and its number (the form's `based_on`), who can be named,
     * and suggestions waiting for the person. undefined when there is no plan yet. 404 for anyone who may not write.
     */
    async forEditing(
      data: Data,
      personId: string,
      section: PlanSection,
      now: Date,
      summary = `${PLAN}: ${section.title}, opened to change it`,
    ) {
      await data.check(personId, 'plan', 'write', summary);
      return data.read(personId, 'plan', summary, async (stores, decision) => {
        const current = await stores.plans.currentVersion();
        if (!current) return undefined;
        const [people, comments, answers] = await Promise.all([
          planPeople(stores, now),
          stores.plans.commentsFor(),
          stores.plans.suggestionAnswersFor(),
        ]);
        return {
          number: current.number,
          content: current.content,
          people,
          today: ukDate(now),
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
    async save(
      data: Data,
      personId: string,
      section: PlanSection,
      basedOn: number,
      change: (plan: PlanContent) => PlanContent,
      now: Date,
      summary = changeSummary(section),
    ): Promise<SaveOutcome> {
      const actor = data.actor!;
      try {
        return await data.write(
          personId,
          'plan',
          `${PLAN}: ${section.title}`,
          async ({ plans }): Promise<SaveOutcome> => {
            const current = await plans.currentVersion();
            if (!current || current.number !== basedOn) return { outcome: 'conflict' };
            const number = current.number + 1;
            await plans.insertVersion({
              number,
              id: newId(),
              content: change(current.content),
              based_on: basedOn,
              change_summary: summary,
              saved_by_kind: actor.kind,
              saved_by_id: actor.id,
              saved_by_name: writerName(actor),
              saved_at: now,
            });
            return { outcome: 'saved', number };
          },
        );
      } catch (error) {
        if (uniqueKeyClash(error) !== undefined) return { outcome: 'conflict' };
        throw error;
      }
    },

    /** A professional's words for a section that is the person's own: kept as a suggestion, never as the plan. */
    async suggest(data: Data, personId: string, section: PlanSection, body: string, now: Date): Promise<void> {
      const actor = data.actor!;
      await data.write(personId, 'plan', `${PLAN}: a suggestion for ${section.title}`, ({ plans }) =>
        plans.insertComment({
          id: newId(),
          section: section.key,
          body,
          kind: 'suggestion',
          written_by_kind: actor.kind,
          written_by_id: actor.id,
          written_by_name: writerName(actor),
          written_at: now,
        }),
      );
    },
  };
}

export type PlanEditing = ReturnType<typeof createPlanEditing>;
export const planSection = (key: string): PlanSection | undefined =>
  PLAN_SECTIONS.find((section) => section.key === key);
