import type { PersonData } from '../../data/person-data.ts';
import { forbidden, notFound, refused } from '../../errors.ts';
import { ukDate } from '../../dates.ts';
import { newId } from '../../ids.ts';
import { budgetSummary } from '../budgets/index.ts';
import { writerName } from '../people/index.ts';
import { caseContent, type CaseSection } from './case-content.ts';
import { caseHistories, type CaseHistory } from './case-status.ts';
import type { PanelOutcome } from './tables.ts';
import type { PanelReference } from './store.ts';
import type { PanelStores } from './stores.ts';

type Data = PersonData<PanelStores>;

const CASE = 'What was sent to the panel about you';

export type NewSubmission = {
  organisationId: string;
  sections: CaseSection[];
  askingFor: string;
  personView: string;
  /** Who agreed to send it: 'person', or the circle member id of someone acting for them. */
  agreedBy: string;
};

export type PanelDecisionAnswer = { outcome: PanelOutcome; reasons: string; conditions: string; risks: string };

/** The histories a reader may see: a panel member only the cases sent to their own organisation's panel. */
const visibleTo = (histories: CaseHistory[], panelOrganisationId: string | null) =>
  panelOrganisationId === null
    ? histories
    : histories.filter((history) => history.submission.organisation_id === panelOrganisationId);

/** The current members of the circle of support who may act for the person. */
const representativesOf = async ({ people }: PanelStores) =>
  (await people.circleMembers()).filter((member) => member.ended_at === null && member.may_act_for_person);

async function historiesOf({ panel }: PanelStores) {
  const [submissions, decisions, reconsiderations] = await Promise.all([
    panel.submissions(),
    panel.decisions(),
    panel.reconsiderations(),
  ]);
  return caseHistories(submissions, decisions, reconsiderations);
}

export function createPanelService(
  reference: PanelReference & {
    peopleReferredToPanel: (organisationId: string) => Promise<{ person_id: string; opened_at: Date }[]>;
  },
) {
  return {
    /** Every case sent to a panel about the person, with decisions: the person's and the team's page, and the panel's. */
    async cases(data: Data, personId: string) {
      return data.read(personId, 'panel_case', CASE, async (stores, decision) => {
        const actor = data.actor!;
        const panelOf = decision.purpose === 'panel' && actor.kind === 'staff' ? actor.organisationId : null;
        return {
          name: await stores.people.name(),
          isThePerson: decision.purpose === 'self',
          isPanel: panelOf !== null,
          maySubmit: actor.kind === 'staff' && decision.purpose === 'care' && decision.may('budget', 'write'),
          mayAskAgain: decision.purpose !== 'panel',
          histories: visibleTo(await historiesOf(stores), panelOf),
        };
      });
    },

    /** What the submit form offers: the panels, and who may agree to send the case (the person, or who acts for them). */
    async submitForm(data: Data, personId: string) {
      return data.read(personId, 'panel_case', 'Your plan and budget, to send to a panel', async (stores, decision) => {
        if (data.actor?.kind !== 'staff' || decision.purpose !== 'care' || !decision.may('budget', 'write'))
          throw forbidden();
        return {
          name: await stores.people.name(),
          panels: await reference.panels(),
          representatives: await representativesOf(stores),
        };
      });
    },

    /**
     * Sends the chosen parts of the plan and budget, as they are today, to an organisation's panel, and opens the case
     * to its panel members. They see what was sent and nothing else of the record.
     */
    async submit(data: Data, personId: string, answer: NewSubmission, now: Date) {
      const panels = await reference.panels();
      const panelName = panels.find((panel) => panel.id === answer.organisationId)?.name;
      if (!panelName) throw refused('Choose a panel from the list.');
      // Asked before the write: inside it, the embedded database's one connection is the write's.
      const members = await reference.panelMembers(answer.organisationId);
      return data.write(
        personId,
        'panel_case',
        `Sent your plan and budget to the panel at ${panelName}`,
        async (stores, decision) => {
          const actor = data.actor;
          if (actor?.kind !== 'staff' || decision.purpose !== 'care' || !decision.may('budget', 'write'))
            throw forbidden();
          const name = await stores.people.name();
          let agreedBy = name;
          if (answer.agreedBy !== 'person') {
            const member = (await representativesOf(stores)).find((candidate) => candidate.id === answer.agreedBy);
            if (!member) throw refused(`Choose who agreed to send this: ${name} or someone who may act for them.`);
            agreedBy = `${member.name} (${member.relationship}), for ${name}`;
          }
          const plan = await stores.plans.currentVersion();
          const budget = await budgetSummary(stores, ukDate(now));
          if (answer.sections.includes('budget') && !budget) throw refused('There is no budget to send yet.');
          const id = newId();
          await stores.panel.insertSubmission({
            id,
            organisation_id: answer.organisationId,
            asking_for: answer.askingFor,
            person_view: answer.personView,
            agreed_by: agreedBy,
            content: caseContent(name, answer.sections, plan?.content, budget),
            submitted_by_id: actor.id,
            submitted_by_name: writerName(actor),
            submitted_at: now,
          });
          await stores.access.openReferral(
            answer.organisationId,
            'panel_case',
            { id: actor.id, name: writerName(actor) },
            now,
            newId(),
          );
          // The panel's members hear of the case; they open it from their queue.
          await stores.notifications.notify({
            kind: 'referral',
            recipients: members.map((accountId) => ({
              kind: 'staff' as const,
              accountId,
            })),
            text: `${writerName(actor)} sent ${name}’s plan and budget to your panel`,
            link: '/panel',
          });
          return id;
        },
      );
    },

    /** A panel member's decision on a case waiting for their panel; the case then closes to the panel. */
    async decide(data: Data, personId: string, submissionId: string, answer: PanelDecisionAnswer, now: Date) {
      return data.write(
        personId,
        'panel_case',
        `The panel’s decision: ${OUTCOME_WORDS[answer.outcome]}`,
        async (stores, decision) => {
          const actor = data.actor;
          if (actor?.kind !== 'staff' || decision.purpose !== 'panel') throw forbidden();
          const history = visibleTo(await historiesOf(stores), actor.organisationId).find(
            (candidate) => candidate.submission.id === submissionId,
          );
          if (!history) throw notFound();
          if (!history.waiting) throw refused('The panel has already decided this case.');
          await stores.panel.insertDecision({
            submission_id: submissionId,
            id: newId(),
            outcome: answer.outcome,
            reasons: answer.reasons,
            conditions: answer.conditions,
            risks: answer.risks,
            decided_by_id: actor.id,
            decided_by_name: writerName(actor),
            decided_at: now,
          });
          await stores.access.closeReferral(actor.organisationId, 'panel_case', now);
          return { name: await stores.people.name() };
        },
      );
    },

    /** The person, someone acting for them or their team asks the panel to look at its decision again, with why. */
    async askAgain(data: Data, personId: string, submissionId: string, reason: string, now: Date) {
      return data.write(
        personId,
        'panel_case',
        'Asked the panel to look at its decision again',
        async (stores, decision) => {
          const actor = data.actor!;
          if (decision.purpose === 'panel') throw forbidden();
          if (actor.kind === 'staff' && !decision.may('budget', 'write')) throw forbidden();
          const history = (await historiesOf(stores)).find((candidate) => candidate.submission.id === submissionId);
          if (!history) throw notFound();
          if (history.waiting) throw refused('The panel has not decided yet, or has already been asked to look again.');
          await stores.panel.insertReconsideration({
            submission_id: submissionId,
            id: newId(),
            reason,
            asked_by_kind: actor.kind,
            asked_by_id: actor.id,
            asked_by_name: writerName(actor),
            asked_at: now,
          });
          await stores.access.openReferral(
            history.submission.organisation_id,
            'panel_case',
            { id: actor.id, name: writerName(actor) },
            now,
            newId(),
          );
        },
      );
    },

    /** The panel's queue: every person whose case is open to the actor's organisation, oldest first, one log row each. */
    async queue(data: Data, organisationId: string) {
      const referred = await reference.peopleReferredToPanel(organisationId);
      return data.list(
        referred.map((row) => row.person_id),
        'panel_case',
        'Your case, in the panel’s list of cases to decide',
        async (stores, decision) => {
          if (decision.purpose !== 'panel') return undefined;
          const waiting = visibleTo(await historiesOf(stores), organisationId).filter((history) => history.waiting);
          return waiting.length ? { name: await stores.people.name(), waiting } : undefined;
        },
      );
    },
  };
}

export const OUTCOME_WORDS: Record<PanelOutcome, string> = {
  approved: 'approved',
  approved_with_conditions: 'approved with conditions',
  not_approved: 'not approved',
};

export type PanelService = ReturnType<typeof createPanelService>;
