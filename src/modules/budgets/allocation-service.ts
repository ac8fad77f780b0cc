import type { Actor } from '../../data/actor.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { forbidden, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { amountFor, explain, pointsFor, type Answers } from './allocation.ts';
import type { AllocationSchemes, SchemeInForce } from './store-allocation.ts';
import type { BudgetStores } from './stores.ts';
import { mayManage, staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

export type { SchemeInForce };

/** Longest and shortest reason for asking to look at a figure again, in characters you can see. */
export const REVIEW_REASON_LENGTH = { min: 10, max: 2000 } as const;

/** The person, or someone with authority to act for them, may ask for their figure to be looked at again. */
const mayAskAgain = (actor: Actor | null, decision: AllowedDecision): boolean =>
  actor?.kind === 'citizen' &&
  (decision.purpose === 'self' || decision.purpose === 'representative') &&
  decision.may('budget', 'write');

/** The indicative allocation: the scheme an organisation publishes, the figure worked out for a person, and asking again. */
export function createAllocationService(schemes: AllocationSchemes) {
  return {
    /** The scheme in force for an organisation: reference data, read by any member of its staff. */
    schemeInForce: (organisationId: string) => schemes.inForce(organisationId),

    /** The newest figure, how it was reached in plain words, and whether someone asked to look at it again. */
    async page(data: Data, personId: string) {
      return data.read(
        personId,
        'budget',
        'Your indicative amount and how it was worked out',
        async (stores, decision) => {
          const [name, assessment] = await Promise.all([stores.people.name(), stores.budgets.latestAssessment()]);
          const isThePerson = decision.purpose === 'self';
          return {
            name,
            isThePerson,
            mayAssess: mayManage(data.actor, decision),
            mayAskAgain: mayAskAgain(data.actor, decision),
            assessment: assessment && {
              ...assessment,
              explanation: explain(assessment.scheme, assessment.answers, { isThePerson, name }),
            },
            reviewRequest: assessment ? await stores.budgets.reviewRequestFor(assessment.id) : undefined,
          };
        },
      );
    },

    /** Who the questionnaire is answered for, and the scheme of the assessor's organisation. Staff only. */
    async questionnaire(data: Data, personId: string) {
      const actor = data.actor;
      const name = await data.read(
        personId,
        'budget',
        'Your name, to work out your indicative amount',
        async (stores, decision) => {
          staffOnly(actor, decision);
          return stores.people.name();
        },
      );
      // staffOnly let only staff this far.
      return { name, scheme: actor?.kind === 'staff' ? await schemes.inForce(actor.organisationId) : undefined };
    },

    /** Works out the figure from the answers, under the scheme version the questions came from. */
    async assess(data: Data, personId: string, scheme: SchemeInForce, answers: Answers, now: Date) {
      const points = pointsFor(scheme.scheme, answers);
      const amountPence = amountFor(scheme.scheme.conversion, points);
      return data.write(personId, 'budget', 'Worked out your indicative amount', async (stores, decision) => {
        const actor = staffOnly(data.actor, decision);
        const by = writtenBy(actor);
        const id = newId();
        await stores.budgets.insertAssessment({
          id,
          scheme_organisation_id: scheme.organisation_id,
          scheme_id: scheme.id,
          scheme_version: scheme.version,
          answers: JSON.stringify(answers),
          points,
          amount_pence: amountPence,
          assessed_by_kind: by.kind,
          assessed_by_id: by.id,
          assessed_by_name: by.name,
          assessed_at: now,
        });
        return { id, points, amountPence };
      });
    },

    /** The person, or someone acting for them, asks for the figure they saw to be looked at again; once per figure. */
    async askAgain(data: Data, personId: string, assessmentId: string, reason: string, now: Date) {
      return data.write(
        personId,
        'budget',
        'Asked for your indicative amount to be looked at again',
        async (stores, decision) => {
          if (!data.actor || !mayAskAgain(data.actor, decision)) throw forbidden();
          await stores.budgets.holdBudgets();
          const latest = await stores.budgets.latestAssessment();
          if (!latest || latest.id !== assessmentId)
            throw refused(
              'The figure has been worked out again since you opened this page. Look at the new figure first.',
            );
          if (await stores.budgets.reviewRequestFor(latest.id))
            throw refused('You have already asked for this figure to be looked at again.');
          const by = writtenBy(data.actor);
          await stores.budgets.insertReviewRequest({
            id: newId(),
            assessment_id: latest.id,
            reason,
            asked_by_kind: by.kind,
            asked_by_id: by.id,
            asked_by_name: by.name,
            asked_at: now,
          });
        },
      );
    },
  };
}

export type AllocationService = ReturnType<typeof createAllocationService>;
