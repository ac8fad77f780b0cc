import type { Actor } from '../../data/actor.ts';
import type { AllowedDecision, PersonData } from '../../data/person-data.ts';
import { formatUkDate, ukDate } from '../../dates.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { notFound, refused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { authorityTypeName } from '../people/index.ts';
import { actingCircleMember } from '../plans/index.ts';
import {
  AGREEMENT_KINDS,
  agreementText,
  mayDecideNow,
  representativeMayAgree,
  sentence,
  whoMayAgree,
  type AgreementTerms,
  type CapacityAssessment,
  type WouldBeAgreer,
} from './agreement-terms.ts';
import type { AgreementDecision, AgreementExplanation, MoneyAgreement } from './store-agreements.ts';
import type { BudgetStore } from './store.ts';
import type { BudgetStores } from './stores.ts';
import { mayManage, staffOnly, writtenBy } from './writer.ts';

type Data = PersonData<BudgetStores>;

export type Explanation = { explainedOn: string; explainedTo: string; how: string };
export type AgreementAnswer = { outcome: 'agreed' | 'declined'; capacity: CapacityAssessment | null };

/** Where an agreement stands, in words for a list. */
function statusOf(decision: AgreementDecision | undefined, explained: boolean): string {
  if (decision)
    return decision.outcome === 'agreed'
      ? `Agreed by ${decision.decided_by_name} on ${formatUkDate(decision.decided_at)}`
      : `Not agreed: ${decision.decided_by_name} said no on ${formatUkDate(decision.decided_at)}`;
  return explained ? 'Explained, waiting for an answer' : 'Waiting to be explained';
}

/** The agreements of a budget, oldest first, each with where it stands: for the budget page. */
export async function agreementList(budgets: BudgetStore, budgetId: string) {
  const rows = await budgets.agreements(budgetId);
  const ids = rows.map((row) => row.id);
  const [decisions, explained] = await Promise.all([budgets.decisions(ids), budgets.explainedIds(ids)]);
  return rows.map((row) => ({
    id: row.id,
    title: AGREEMENT_KINDS[row.kind],
    payer: row.terms.payer,
    payee: row.terms.payee,
    status: statusOf(
      decisions.find((decision) => decision.agreement_id === row.id),
      explained.has(row.id),
    ),
  }));
}

/**
 * Who the signed-in citizen is to the person, as the rules of agreeing need them: the person themselves, a
 * representative with the authority recorded on their place in the circle of support, or a circle member who reads.
 */
async function wouldBeAgreer(
  stores: BudgetStores,
  actor: Actor | null,
  decision: AllowedDecision,
  today: string,
  capacity: CapacityAssessment | null,
): Promise<WouldBeAgreer & { circleMemberId?: string }> {
  if (!actor || actor.kind === 'staff') return { as: 'staff' };
  if (decision.purpose === 'self') return { as: 'self' };
  if (decision.purpose !== 'representative') return { as: 'circle' };
  const member = await actingCircleMember(stores, actor.id, today);
  return member ? { as: 'representative', ...member, capacity } : { as: 'circle' };
}

async function agreementOrNotFound(budgets: BudgetStore, agreementId: string): Promise<MoneyAgreement> {
  const agreement = await budgets.agreementById(agreementId);
  if (!agreement) throw notFound();
  return agreement;
}

/** The capacity facts of a representative's answer, in words. */
function capacityLines(decision: AgreementDecision, personName: string): string[] {
  if (decision.acting_as !== 'representative') return [];
  return [
    `They act for ${personName} with a ${authorityTypeName(decision.authority_type as never).toLowerCase()}.`,
    `Assessed on ${formatUkDate(decision.capacity_assessed_on)} by ${decision.capacity_assessed_by}: ${personName} cannot make this decision themselves.`,
    `How ${personName} was involved: ${sentence(decision.person_involvement!)}`,
    `What ${personName} said they want: ${sentence(decision.person_wishes!)}`,
  ];
}

/** Who wrote the agreement, who explained it, and the answer, in words: shown on the page and printed in the PDF. */
function agreementRecord(
  agreement: MoneyAgreement,
  explanations: AgreementExplanation[],
  answer: AgreementDecision | undefined,
  personName: string,
) {
  return {
    drafted: `Written by ${agreement.drafted_by_name}, on ${formatUkDate(agreement.drafted_at)}.`,
    explanations: explanations.map(
      (row) =>
        `${row.explained_by_name}, explained it to ${row.explained_to} on ${formatUkDate(row.explained_on)}. How it was explained: ${sentence(row.how)}`,
    ),
    answer: answer
      ? [
          answer.outcome === 'agreed'
            ? `${answer.decided_by_name} understood and agreed to it on ${formatUkDate(answer.decided_at)}.`
            : `${answer.decided_by_name} did not agree to it, on ${formatUkDate(answer.decided_at)}.`,
          ...capacityLines(answer, personName),
        ]
      : null,
  };
}

export type AgreementRecord = ReturnType<typeof agreementRecord>;

export function createAgreementService() {
  return {
    /** Who the agreement would be for, for the drafting form: staff who manage the budget only. */
    async forDraft(data: Data, personId: string, today: string) {
      return data.read(personId, 'budget', 'Your budget, to write a money agreement', async (stores, decision) => {
        staffOnly(data.actor, decision);
        return { name: await stores.people.name(), budget: await stores.budgets.budgetFor(today) };
      });
    },

    /** Drafts an agreement for the budget of today's period; answers its id. */
    async draft(data: Data, personId: string, terms: AgreementTerms, now: Date) {
      return data.write(
        personId,
        'budget',
        `Wrote a money agreement: ${AGREEMENT_KINDS[terms.kind]}`,
        async (stores, decision) => {
          const actor = staffOnly(data.actor, decision);
          const budget = await stores.budgets.budgetFor(ukDate(now));
          if (!budget) throw refused('Start a budget before writing a money agreement.');
          const by = writtenBy(actor);
          const id = newId();
          await stores.budgets.insertAgreement({
            id,
            budget_id: budget.id,
            kind: terms.kind,
            terms: JSON.stringify(terms),
            drafted_by_kind: 'staff',
            drafted_by_id: by.id,
            drafted_by_name: by.name,
            drafted_at: now,
          });
          return id;
        },
      );
    },

    /** One agreement in plain words, who explained it, the answer if given, and whether the reader may answer. */
    async show(data: Data, personId: string, agreementId: string, now: Date) {
      return data.read(personId, 'budget', 'A money agreement about your budget', async (stores, decision) => {
        const agreement = await agreementOrNotFound(stores.budgets, agreementId);
        const [name, explanations, [answer]] = await Promise.all([
          stores.people.name(),
          stores.budgets.explanations(agreementId),
          stores.budgets.decisions([agreementId]),
        ]);
        const agreer = await wouldBeAgreer(stores, data.actor, decision, ukDate(now), null);
        const notYet = mayDecideNow({ explained: explanations.length > 0, decided: Boolean(answer) });
        const who =
          agreer.as === 'representative'
            ? representativeMayAgree(name, agreer.authorityType, agreer.authorityInForce)
            : whoMayAgree(name, agreer);
        return {
          name,
          isThePerson: decision.purpose === 'self',
          mayManage: mayManage(data.actor, decision),
          agreement,
          title: AGREEMENT_KINDS[agreement.kind],
          sections: agreementText(agreement.terms),
          record: agreementRecord(agreement, explanations, answer, name),
          /** Why the reader cannot answer, when they are someone who answers but cannot; null when they may. */
          cannotAnswer: who.may ? notYet : who.reason,
          mayAnswer: agreer.as !== 'staff' && who.may && notYet === null,
          asRepresentative: agreer.as === 'representative',
        };
      });
    },

    /** What the form recording an explanation shows: staff who manage the budget only. */
    async forExplaining(data: Data, personId: string, agreementId: string) {
      return data.read(personId, 'budget', 'A money agreement, to record explaining it', async (stores, decision) => {
        staffOnly(data.actor, decision);
        const agreement = await agreementOrNotFound(stores.budgets, agreementId);
        return { name: await stores.people.name(), title: AGREEMENT_KINDS[agreement.kind] };
      });
    },

    /** Records that a member of staff explained the agreement: when, to whom and how. */
    async explain(data: Data, personId: string, agreementId: string, explanation: Explanation, now: Date) {
      return data.write(personId, 'budget', 'Recorded explaining a money agreement', async (stores, decision) => {
        const actor = staffOnly(data.actor, decision);
        const agreement = await agreementOrNotFound(stores.budgets, agreementId);
        if (explanation.explainedOn < ukDate(agreement.drafted_at))
          throw refused(
            `The agreement was written on ${formatUkDate(agreement.drafted_at)}, so it cannot have been explained before then.`,
          );
        const by = writtenBy(actor);
        await stores.budgets.insertExplanation({
          agreement_id: agreementId,
          id: newId(),
          explained_on: explanation.explainedOn,
          explained_to: explanation.explainedTo,
          how: explanation.how,
          explained_by_kind: 'staff',
          explained_by_id: by.id,
          explained_by_name: by.name,
          recorded_at: now,
        });
      });
    },

    /**
     * Records the answer to an agreement: by the person, or by a representative with authority over their money
     * who has recorded the capacity facts for this decision. Refusals say why in words and keep nothing.
     */
    async answer(data: Data, personId: string, agreementId: string, answer: AgreementAnswer, now: Date) {
      try {
        await recordAnswer(data, personId, agreementId, answer, now);
      } catch (error) {
        // Two answers sent at the same moment: the key keeps one, and the other is told it came second.
        if (uniqueKeyClash(error) !== undefined) throw refused(mayDecideNow({ explained: true, decided: true })!);
        throw error;
      }
    },
  };
}

/** Records an answer once every rule has said yes; see `answer`. */
function recordAnswer(data: Data, personId: string, agreementId: string, answer: AgreementAnswer, now: Date) {
  return data.write(personId, 'budget', 'Answered a money agreement', async (stores, decision) => {
    const agreement = await agreementOrNotFound(stores.budgets, agreementId);
    const name = await stores.people.name();
    const today = ukDate(now);
    const agreer = await wouldBeAgreer(stores, data.actor, decision, today, answer.capacity);
    const who = whoMayAgree(name, agreer);
    if (!who.may) throw refused(who.reason);
    const [explanations, decided] = await Promise.all([
      stores.budgets.explanations(agreementId),
      stores.budgets.decisions([agreementId]),
    ]);
    const notYet = mayDecideNow({ explained: explanations.length > 0, decided: decided.length > 0 });
    if (notYet) throw refused(notYet);
    const capacity = who.as === 'representative' ? answer.capacity! : null;
    if (capacity && capacity.assessedOn < ukDate(agreement.drafted_at))
      throw refused(
        `The assessment must be about this agreement, so it cannot be from before it was written on ${formatUkDate(agreement.drafted_at)}.`,
      );
    const actor = data.actor!;
    await stores.budgets.insertDecision({
      agreement_id: agreementId,
      outcome: answer.outcome,
      acting_as: who.as,
      decided_by_kind: 'citizen',
      decided_by_id: actor.id,
      decided_by_name: who.as === 'representative' ? `${actor.name}, for ${name}` : actor.name,
      circle_member_id: agreer.as === 'representative' ? (agreer.circleMemberId ?? null) : null,
      authority_type: agreer.as === 'representative' ? agreer.authorityType : null,
      capacity_assessed_on: capacity?.assessedOn ?? null,
      capacity_assessed_by: capacity?.assessedBy ?? null,
      capacity_outcome: capacity?.outcome ?? null,
      person_involvement: capacity?.involvement ?? null,
      person_wishes: capacity?.wishes ?? null,
      decided_at: now,
    });
  });
}

export type AgreementService = ReturnType<typeof createAgreementService>;
