import { newId } from '../../ids.ts';
import type { PersonDataContext } from '../access/index.ts';
import { NamedInPlan, planDutiesOf, refuseIfNamedInPlan, type PlanDuty } from '../plans/index.ts';
import { ukDate } from '../../dates.ts';
import type { CircleMemberChange } from './circle-form.ts';
import { fullName } from './names.ts';
import * as store from './store.ts';

/** The person's own contact details and their circle of support, current members first. */
export async function showContacts(data: PersonDataContext, personId: string, now: Date) {
  const today = ukDate(now);
  const { name, contact, members } = await data.read(personId, 'contacts', 'Your contact details and circle of support', async (trx) => ({
    name: fullName(await store.personName(trx, personId)),
    contact: await store.contactDetails(trx, personId),
    members: await store.circleMembers(trx, personId),
  }));
  const withAuthority = members.map((member) => ({
    ...member,
    authorityEnded: member.authority_until !== null && member.authority_until < today,
  }));
  return {
    name,
    contact,
    current: withAuthority.filter((member) => member.ended_at === null),
    past: withAuthority.filter((member) => member.ended_at !== null),
    mayChange: await data.may(personId, 'contacts', 'write'),
  };
}

/** The person's name for the add page; 404 when the actor may not change the circle. */
export async function nameForCircleChange(data: PersonDataContext, personId: string) {
  await data.require(personId, 'contacts', 'write', 'Your circle of support, opened to add someone');
  return data.read(personId, 'contacts', 'Your name, to add someone to your circle of support', async (trx) => fullName(await store.personName(trx, personId)));
}

export async function addCircleMember(data: PersonDataContext, personId: string, member: CircleMemberChange): Promise<void> {
  await data.write(personId, 'contacts', `Your circle of support: added ${member.name} (${member.relationship})`, (trx) =>
    store.insertCircleMember(trx, { person_id: personId, id: newId(), ...member, ended_at: null }),
  );
}

const CHECKED = 'Your circle of support, and what your plan asks of the person whose place may end';

/** Whose place is about to end, and what the plan still asks of them; undefined when there is no such current member. */
async function placeToEnd(data: PersonDataContext, personId: string, memberId: string, summary: string) {
  // Asked before the read: the data context's own checks must not wait on the read's transaction.
  const mayChangePlan = await data.may(personId, 'plan', 'write');
  return data.read(personId, 'contacts', summary, async (trx, decision) => {
    const member = await store.currentCircleMember(trx, personId, memberId);
    if (!member) return undefined;
    const reader = { mayReadPlan: decision.readableParts.includes('plan'), mayChangePlan };
    return {
      member: { ...member, personName: fullName(await store.personName(trx, personId)) },
      reader,
      duties: await planDutiesOf(trx, personId, { kind: 'circle_member', id: member.id }, member.name, reader),
    };
  });
}

/**
 * A current member to confirm ending, with anything the plan still asks of them (which stops the end),
 * or undefined when there is none; 404 when the actor may not change the circle.
 */
export async function circleMemberToEnd(data: PersonDataContext, personId: string, memberId: string) {
  await data.require(personId, 'contacts', 'write', 'Your circle of support, to end a place in it');
  return placeToEnd(data, personId, memberId, `${CHECKED}, to confirm ending it`);
}

export type EndCircleOutcome =
  | { outcome: 'ended' }
  | { outcome: 'not-found' }
  | { outcome: 'named-in-plan'; member: NonNullable<Awaited<ReturnType<typeof placeToEnd>>>['member']; duties: PlanDuty[] };

/**
 * Ends a place in the circle of support. Anyone whose account is linked through that place can no
 * longer open the record. The member is read first so the access log can name them. A place the current
 * plan still names for open actions does not end: the check and the end share one transaction, so an
 * action given to them meanwhile stops it too.
 */
export async function endCircleMembership(data: PersonDataContext, personId: string, memberId: string, now: Date): Promise<EndCircleOutcome> {
  await data.require(personId, 'contacts', 'write', 'Your circle of support, to end a place in it');
  const place = await placeToEnd(data, personId, memberId, `${CHECKED}, checked before ending it`);
  if (!place) return { outcome: 'not-found' };
  const { member, reader } = place;
  if (place.duties.length) return { outcome: 'named-in-plan', member, duties: place.duties };
  try {
    const ended = await data.write(personId, 'contacts', `Your circle of support: ended ${member.name}'s place`, async (trx) => {
      await refuseIfNamedInPlan(trx, personId, { kind: 'circle_member', id: member.id }, member.name, reader);
      return store.endCircleMembership(trx, personId, memberId, now);
    });
    return ended ? { outcome: 'ended' } : { outcome: 'not-found' };
  } catch (error) {
    if (error instanceof NamedInPlan) return { outcome: 'named-in-plan', member, duties: error.duties };
    throw error;
  }
}
