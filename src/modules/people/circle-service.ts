import { newId } from '../../ids.ts';
import type { PersonDataContext } from '../access/index.ts';
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

/** A current member to confirm ending, or undefined when there is none; 404 when the actor may not change the circle. */
export async function circleMemberToEnd(data: PersonDataContext, personId: string, memberId: string) {
  await data.require(personId, 'contacts', 'write', 'Your circle of support, to end a place in it');
  return data.read(personId, 'contacts', 'Your circle of support, to confirm ending a place in it', async (trx) => {
    const member = await store.currentCircleMember(trx, personId, memberId);
    return member && { ...member, personName: fullName(await store.personName(trx, personId)) };
  });
}

/**
 * Ends a place in the circle of support. Anyone whose account is linked through that place can no
 * longer open the record. The member is read first so the access log can name them. False when there
 * is no such current member.
 */
export async function endCircleMembership(data: PersonDataContext, personId: string, memberId: string, now: Date): Promise<boolean> {
  const member = await data.read(personId, 'contacts', 'Your circle of support, checked before ending a place in it', (trx) =>
    store.currentCircleMember(trx, personId, memberId),
  );
  if (!member) return false;
  return data.write(personId, 'contacts', `Your circle of support: ended ${member.name}'s place`, (trx) =>
    store.endCircleMembership(trx, personId, memberId, now),
  );
}
