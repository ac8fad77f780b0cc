import type { Actor } from '../../data/actor.ts';
import type { AllowedDecision } from '../../data/person-data.ts';
import { formatUkDate, formatUkDateTime } from '../../dates.ts';
import { authorityInForce } from '../people/index.ts';
import { representativeStanding, type AuthorityType, type PersonSideAgreer } from './capacity-rule.ts';
import type { AgreementRow } from './store.ts';
import type { CapacityAssessment } from './store-capacity.ts';
import type { PlanStores } from './stores.ts';

// The plan's agreement under the Mental Capacity Act 2005: who the signed-in citizen is to the person, what the check
// page tells a representative, and how a representative's agreement reads afterwards.

/**
 * The circle-of-support place a citizen's account acts for the person through, if it is current: its id, the
 * authority recorded on it, and whether that authority counts today. For whoever decides what they may agree.
 */
export async function actingCircleMember(
  stores: Pick<PlanStores, 'access' | 'people'>,
  accountId: string,
  today: string,
): Promise<{ circleMemberId: string; authorityType: AuthorityType | null; authorityInForce: boolean } | undefined> {
  const link = (await stores.access.linkedAccounts()).find(
    (account) => account.account_id === accountId && account.acting_as === 'circle_member',
  );
  const member = (await stores.people.circleMembers()).find(
    (candidate) => candidate.id === link?.circle_member_id && candidate.ended_at === null,
  );
  return (
    member && {
      circleMemberId: member.id,
      authorityType: member.authority_type,
      authorityInForce:
        member.may_act_for_person &&
        authorityInForce({ from: member.authority_from, until: member.authority_until }, today),
    }
  );
}

/**
 * Who the signed-in citizen is to the person, for agreeing the plan: the person themselves, a representative with the
 * authority recorded on their place in the circle of support, or a circle member who reads. Staff are none of these.
 */
export async function personSideAgreer(
  stores: PlanStores,
  actor: Actor,
  decision: AllowedDecision,
  today: string,
): Promise<(PersonSideAgreer & { circleMemberId?: string }) | null> {
  if (actor.kind === 'staff') return null;
  if (decision.purpose === 'self') return { as: 'self' };
  if (decision.purpose !== 'representative') return { as: 'circle' };
  const member = await actingCircleMember(stores, actor.id, today);
  return member ? { as: 'representative', ...member } : { as: 'circle' };
}

/**
 * What the check page tells whoever would agree for the person's side: for a representative, whether they may be asked
 * the capacity questions, or why they cannot agree for the person at all.
 */
export function capacityQuestion(agreer: PersonSideAgreer | null, personName: string) {
  if (agreer?.as !== 'representative') return { asked: false, cannotAgree: null };
  const standing = representativeStanding(personName, 'care', agreer.authorityType, agreer.authorityInForce);
  return { asked: standing.may, cannotAgree: standing.may ? null : standing.reason };
}

/** What the assessment found, in one sentence: "Aisha Khan could not make this decision on … (assessed by …)." */
export function capacityNote(assessment: CapacityAssessment, person: string, forThePerson: boolean): string {
  const who = forThePerson ? 'You' : person;
  return `${who} could not make this decision on ${formatUkDate(assessment.assessed_on)} (assessed by ${assessment.assessor_name}, ${assessment.assessor_role}).`;
}

/** Ends typed words with a full stop unless they end a sentence already. */
const sentence = (typed: string) => (/[.!?”"]$/.test(typed.trim()) ? typed.trim() : `${typed.trim()}.`);

/**
 * A representative's agreement in words, with the capacity facts it rests on; `forThePerson` speaks to the person
 * ("you"). Undefined for any other agreement, which reads as it always has.
 */
export function representativeAgreementLine(
  row: AgreementRow,
  assessment: CapacityAssessment | undefined,
  forThePerson: boolean,
): string | undefined {
  if (row.acting_as !== 'representative' || !assessment || !row.agreed_for_name) return undefined;
  const person = row.agreed_for_name;
  const suffix = `, for ${person}`;
  const by = row.agreed_by_name.endsWith(suffix) ? row.agreed_by_name.slice(0, -suffix.length) : row.agreed_by_name;
  return forThePerson
    ? [
        `${by} agreed for you on ${formatUkDateTime(row.agreed_at)}.`,
        capacityNote(assessment, person, true),
        `How you were involved: ${sentence(assessment.involvement)}`,
        `What you said you want: ${sentence(assessment.wishes)}`,
      ].join(' ')
    : [
        `${by} agreed for ${person} on ${formatUkDateTime(row.agreed_at)}.`,
        capacityNote(assessment, person, false),
        `How ${person} was involved: ${sentence(assessment.involvement)}`,
        `What ${person} said they want: ${sentence(assessment.wishes)}`,
      ].join(' ');
}
