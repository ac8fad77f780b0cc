import { ukDate } from '../../dates.ts';
import type { PersonData } from '../../data/person-data.ts';
import { PlaceStillNeeded, type DutiesOf } from '../../data/place-duties.ts';
import { newId } from '../../ids.ts';
import type { CircleMemberChange } from './record-changes.ts';
import type { PeopleStores } from './stores.ts';

const CHECKED = 'Your circle of support, and what your plan asks of the person whose place may end';

/**
 * The person's contacts and circle of support. `dutiesOf` says what the current plan still asks of a member,
 * which stops their place ending: the plans module answers it, so people needs no plans code.
 */
export function createCircleService<S extends PeopleStores>(dutiesOf: DutiesOf<S>) {
  type Data = PersonData<S>;

  /** Whose place is about to end, and what the plan still asks of them; undefined when there is no such current member. */
  const placeToEnd = (data: Data, personId: string, memberId: string, summary: string) =>
    data.read(personId, 'contacts', summary, async (stores, decision) => {
      const member = await stores.people.currentCircleMember(memberId);
      if (!member) return undefined;
      const reader = { mayReadPlan: decision.may('plan'), mayChangePlan: decision.may('plan', 'write') };
      return {
        member: { ...member, personName: await stores.people.name() },
        reader,
        duties: await dutiesOf(stores, { kind: 'circle_member', id: member.id }, member.name, reader),
      };
    });

  return {
    /** The person's own contact details and their circle of support, current members first. */
    async show(data: Data, personId: string, now: Date) {
      const today = ukDate(now);
      const { name, contact, members, mayChange } = await data.read(
        personId,
        'contacts',
        'Your contact details and circle of support',
        async ({ people }, decision) => ({
          name: await people.name(),
          contact: await people.contactDetails(),
          members: await people.circleMembers(),
          mayChange: decision.may('contacts', 'write'),
        }),
      );
      const withAuthority = members.map((member) => ({
        ...member,
        authorityEnded: member.authority_until !== null && member.authority_until < today,
      }));
      return {
        name,
        contact,
        current: withAuthority.filter((member) => member.ended_at === null),
        past: withAuthority.filter((member) => member.ended_at !== null),
        mayChange,
      };
    },

    /** The person's name for the add page; 404 when the actor may not change the circle. */
    async nameForAdding(data: Data, personId: string) {
      await data.check(personId, 'contacts', 'write', 'Your circle of support, opened to add someone');
      return data.read(personId, 'contacts', 'Your name, to add someone to your circle of support', ({ people }) =>
        people.name(),
      );
    },

    /** Adds a member; answers their id. */
    async add(data: Data, personId: string, member: CircleMemberChange): Promise<string> {
      const id = newId();
      await data.write(
        personId,
        'contacts',
        `Your circle of support: added ${member.name} (${member.relationship})`,
        ({ people }) => people.insertCircleMember({ id, ...member, ended_at: null }),
      );
      return id;
    },

    /**
     * A current member to confirm ending, with anything the plan still asks of them (which stops the end), or
     * undefined when there is none; 404 when the actor may not change the circle.
     */
    async memberToEnd(data: Data, personId: string, memberId: string) {
      await data.check(personId, 'contacts', 'write', 'Your circle of support, to end a place in it');
      return placeToEnd(data, personId, memberId, `${CHECKED}, to confirm ending it`);
    },

    /**
     * Ends a place in the circle of support; anyone whose account is linked through it can no longer open the
     * record. Answers false when there is no such current member. A place the current plan still names is refused
     * with PlaceStillNeeded: the check and the end share one transaction, so an action given to them meanwhile
     * stops it too.
     */
    async end(data: Data, personId: string, memberId: string, now: Date): Promise<boolean> {
      await data.check(personId, 'contacts', 'write', 'Your circle of support, to end a place in it');
      const place = await placeToEnd(data, personId, memberId, `${CHECKED}, checked before ending it`);
      if (!place) return false;
      const { member, reader } = place;
      if (place.duties.length) throw new PlaceStillNeeded(place.duties, member);
      return data.write(
        personId,
        'contacts',
        `Your circle of support: ended ${member.name}'s place`,
        async (stores) => {
          const duties = await dutiesOf(stores, { kind: 'circle_member', id: member.id }, member.name, reader);
          if (duties.length) throw new PlaceStillNeeded(duties, member);
          return stores.people.endCircleMembership(memberId, now);
        },
      );
    },
  };
}

export type CircleService = ReturnType<typeof createCircleService>;
