import type { Actor, StaffActor } from '../../data/actor.ts';
import type { LeadProfessionalOf } from '../../data/lead-professional.ts';
import type { DutiesOf, PlaceDuty } from '../../data/place-duties.ts';
import { addDays, ukDate } from '../../dates.ts';
import { notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { mayDo } from '../identity/index.ts';
import type { PersonDataContext } from './data-context.ts';
import { addedToCareTeamAlert, membershipStatus } from './care-team-service.ts';
import type { AccessReference } from './store-gate.ts';
import type { Practitioner, StaffMember } from './store-staff-leaving.ts';
import type { AccessStores } from './stores.ts';

export type { Practitioner, StaffMember };

/** How a handover went, counted by people: nobody's name reaches the administrator. */
export type HandoverOutcome = { handedOver: number; keptOpen: number };

/** The administrator reads no plan: what the plan still asks of the leaver is said without its actions. */
const ADMINISTRATOR_READER = { mayReadPlan: false, mayChangePlan: false };

const nameAndJob = (staff: { display_name: string; job_title: string }) => `${staff.display_name} (${staff.job_title})`;

/** What a key worker is told when a leaver's place must stay open because the plan still names them. */
export const placeKeptAlert = (leaver: StaffMember, personName: string, duties: PlaceDuty[]): string =>
  `${leaver.display_name} has left ${leaver.organisation_name}. Their place in ${personName}'s care team stays open, ` +
  `because the care and support plan still needs them. ${duties.map((duty) => duty.summary).join(' ')} ` +
  `Then end their place in the care team.`;

/**
 * A member of staff leaving their organisation: the administrator closes their account and hands their care-team
 * places to a colleague. A place the current plan still names (for open actions, as lead professional or for the
 * review) cannot end: it stays open, and the person's key worker is told what must change first.
 */
export function createStaffLeavingService<S extends AccessStores>(deps: {
  reference: AccessReference;
  dutiesOf: DutiesOf<S>;
  /** From plans: the place the plan names as lead professional, who hears when a leaver's place must stay. */
  leadProfessionalOf: LeadProfessionalOf<S>;
  closeStaffAccount: (staffId: string, now: Date) => Promise<boolean>;
}) {
  const { reference } = deps;

  /** The administrator asking; 404 for anyone whose role does not manage staff. */
  const administrator = (actor: Actor | null): StaffActor => {
    if (!mayDo(actor, 'manageStaff')) throw notFound();
    return actor;
  };

  /** One person's care team as the leaver leaves it: what changed, or undefined when they hold no place there. */
  async function handOverOne(stores: S, leaver: StaffMember, successor: Practitioner, now: Date) {
    const today = ukDate(now);
    const open = (await stores.access.careTeamMembers()).filter(
      (member) => membershipStatus(member, today) !== 'ended',
    );
    const places = open.filter(
      (member) => member.staff_account_id === leaver.id && member.organisation_id === leaver.organisation_id,
    );
    if (!places.length) return undefined;
    const personName = await stores.people.name();
    const stillNeeded: PlaceDuty[] = [];
    for (const place of places) {
      const duties = await deps.dutiesOf(
        stores,
        { kind: 'care_team_member', id: place.id },
        leaver.display_name,
        ADMINISTRATOR_READER,
      );
      if (duties.length) stillNeeded.push(...duties);
      else await stores.access.endCareTeamMember(place.id, addDays(today, -1), today);
    }
    const wasKeyWorker = places.some((place) => place.is_key_worker);
    const successorsPlace = open.find((member) => member.staff_account_id === successor.id);
    const alerts: { staff_account_id: string; message: string }[] = [];
    if (!successorsPlace) {
      await stores.access.insertCareTeamMember({
        id: newId(),
        staff_account_id: successor.id,
        organisation_id: leaver.organisation_id,
        team_role: places[0]!.team_role,
        is_key_worker: wasKeyWorker,
        from_date: today,
        until_date: null,
      });
      alerts.push({ staff_account_id: successor.id, message: addedToCareTeamAlert(personName, places[0]!.team_role) });
    } else if (wasKeyWorker && !successorsPlace.is_key_worker) {
      await stores.access.makeKeyWorker(successorsPlace.id);
    }
    if (stillNeeded.length) {
      // The lead professional and the key workers hear what must change; when the leaver was the key worker,
      // that is the successor, who also hears when there is nobody else to.
      const leadPlace = await deps.leadProfessionalOf(stores);
      const told = new Set(
        open
          .filter((member) => member.is_key_worker || member.id === leadPlace)
          .map((member) => member.staff_account_id)
          .filter((staffId) => staffId !== leaver.id),
      );
      if (wasKeyWorker || !told.size) told.add(successor.id);
      const message = placeKeptAlert(leaver, personName, stillNeeded);
      for (const staffId of told) alerts.push({ staff_account_id: staffId, message });
    }
    await stores.access.insertStaffAlerts(
      alerts.map((alert) => ({ id: newId(), ...alert, created_at: now, read_at: null })),
    );
    const summary =
      `Your care team: ${nameAndJob(leaver)} has left ${leaver.organisation_name}, ` +
      `and ${nameAndJob(successor)} takes over their place` +
      (stillNeeded.length
        ? `. ${leaver.display_name}'s place stays until your care and support plan no longer needs them`
        : '');
    return { summary, shown: { keptOpen: stillNeeded.length > 0 } };
  }

  return {
    /**
     * The leaving page's facts: a member of the administrator's own organisation, how many people's care teams
     * they are in for it, and the colleagues who could take over. 404 for anyone else's staff.
     */
    async leaver(actor: Actor | null, staffId: string, now: Date) {
      const admin = administrator(actor);
      const member = await reference.staffMemberOf(admin.organisationId, staffId);
      if (!member) throw notFound();
      const [peopleCount, practitioners] = await Promise.all([
        reference.countPeopleWithPlacesHeldFor(member.id, member.organisation_id, ukDate(now)),
        reference.practitionersOf(member.organisation_id),
      ]);
      const isYou = member.id === admin.id;
      return {
        member,
        isYou,
        /** Why this administrator cannot mark them as leaving, or null when they can. */
        cannotMark: isYou
          ? 'You cannot mark yourself as leaving. Ask another administrator to do it.'
          : member.role === 'platform_administrator'
            ? `${member.display_name} is a platform administrator. Only another platform administrator can close their account.`
            : null,
        hasLeft: member.disabled_at !== null,
        peopleCount,
        colleagues: practitioners.filter((colleague) => colleague.id !== member.id),
      };
    },

    /**
     * Marks a member of staff as left: their account closes first (so they are signed out whatever else happens),
     * then their places go to `successorId`, one of the organisation's practitioners, when one is given. Safe to
     * repeat: a second time hands over whatever places are still open. The administrator's own account: 404.
     */
    async markAsLeft(
      data: PersonDataContext<S>,
      staffId: string,
      successorId: string | null,
      now: Date,
    ): Promise<HandoverOutcome & { leaver: StaffMember; successor: Practitioner | null }> {
      const { member, cannotMark, colleagues } = await this.leaver(data.actor, staffId, now);
      if (cannotMark) throw notFound();
      const successor = successorId === null ? null : colleagues.find((colleague) => colleague.id === successorId);
      if (successor === undefined) throw notFound();
      await deps.closeStaffAccount(member.id, now);
      if (!successor) return { leaver: member, successor, handedOver: 0, keptOpen: 0 };
      const changed = await data.handOverPlaces(member.id, (stores) => handOverOne(stores, member, successor, now));
      const keptOpen = changed.filter((person) => person.shown.keptOpen).length;
      return { leaver: member, successor, handedOver: changed.length - keptOpen, keptOpen };
    },
  };
}

export type StaffLeavingService = ReturnType<typeof createStaffLeavingService>;
