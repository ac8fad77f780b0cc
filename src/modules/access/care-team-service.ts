import type { StaffActor } from '../../data/actor.ts';
import type { LeadProfessionalOf, PlacesNamedInPlan } from '../../data/lead-professional.ts';
import { PlaceStillNeeded, type DutiesOf, type DutyReader } from '../../data/place-duties.ts';
import { addDays, ukDate } from '../../dates.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { addPersonNotice } from '../people/index.ts';
import type { CareTeamMemberRow } from './store.ts';
import type { TeamContact } from './store-team-contacts.ts';

export type { TeamContact } from './store-team-contacts.ts';
import type { AccessReference, StaffOption } from './store-gate.ts';
import type { AccessStores } from './stores.ts';
import { mayAddPlace, mayEndPlace, type TeamStanding } from './who-may-change.ts';

export type CareTeamStatus = 'current' | 'ended' | 'starting';
export type CareTeamMember = CareTeamMemberRow & { status: CareTeamStatus };

/** Whether a membership counts today. Both ends are inclusive: `until_date` is the last day in the team. */
export function membershipStatus(
  member: { from_date: string; until_date: string | null },
  today: string,
): CareTeamStatus {
  if (member.until_date !== null && member.until_date < today) return 'ended';
  return member.from_date > today ? 'starting' : 'current';
}

export const addedToCareTeamAlert = (personName: string, teamRole: string): string =>
  `You have been added to ${personName}'s care team as ${teamRole}. You can see only what they choose to share with you or your organisation.`;

/**
 * The person's care team: who is in it, and adding and ending places by rule 4 (who-may-change.ts). `dutiesOf`
 * (from the plans module) says what the plan still asks of a member, which stops their place ending;
 * `leadProfessionalOf` says whose place the plan names as lead professional.
 */
export function createCareTeamService<S extends AccessStores>(deps: {
  reference: AccessReference;
  dutiesOf: DutiesOf<S>;
  leadProfessionalOf: LeadProfessionalOf<S>;
  placesNamedInPlan: PlacesNamedInPlan<S>;
}) {
  /** What this member of staff is to the person's care team today: key worker, lead professional, or neither. */
  const standingOf = async (stores: S, staff: StaffActor, today: string): Promise<TeamStanding> => {
    const [members, leadPlace] = await Promise.all([stores.access.careTeamMembers(), deps.leadProfessionalOf(stores)]);
    const own = members.filter(
      (member) => member.staff_account_id === staff.id && membershipStatus(member, today) === 'current',
    );
    return {
      staff,
      keyWorker: own.some((member) => member.is_key_worker),
      leadProfessional: own.some((member) => member.id === leadPlace),
    };
  };

  /** Refuses, inside the person's scope, what rule 4 does not allow. */
  const refuseTeamChange = (message: string) => new AppError('CW_FORBIDDEN', message);

  return {
    /** What this member of staff is to the care team (rule 4), for pages that offer adding and ending places. */
    standing(stores: S, staff: StaffActor, now: Date) {
      return standingOf(stores, staff, ukDate(now));
    },

    /** The whole care team, with whether each membership counts today. */
    async careTeam(stores: AccessStores, now: Date) {
      const today = ukDate(now);
      const [name, members] = await Promise.all([stores.people.name(), stores.access.careTeamMembers()]);
      return {
        personName: name,
        members: members.map((member): CareTeamMember => ({ ...member, status: membershipStatus(member, today) })),
      };
    },

    /**
     * How to reach the members of the care team that the person's plan names, by place id: nobody else's work
     * contact details are shown to the person and their circle.
     */
    async planContacts(stores: S, now: Date): Promise<Map<string, TeamContact>> {
      const named = await deps.placesNamedInPlan(stores);
      const contacts = await stores.access.currentTeamContacts(named, ukDate(now));
      return new Map(contacts.map((contact) => [contact.placeId, contact]));
    },

    /** Staff who could be added to a care team. Directory data, so it is read outside any person's record. */
    staffOptions: (): Promise<StaffOption[]> => deps.reference.staffWhoCanJoinCareTeams(),

    /**
     * Adds someone to the care team, tells them and tells the person. It shares nothing: the person still chooses
     * what they see. Refused (403) unless the actor is the key worker, the lead professional or a manager of the
     * organisation that takes the place (rule 4).
     */
    async addCareTeamMember(
      stores: S,
      input: {
        staff: StaffOption;
        teamRole: string;
        isKeyWorker: boolean;
        fromDate: string;
        actor: StaffActor;
        now: Date;
      },
    ) {
      const standing = await standingOf(stores, input.actor, ukDate(input.now));
      if (!mayAddPlace(standing, input.staff.organisation_id))
        throw refuseTeamChange(
          'Only the key worker, the lead professional or a manager of their organisation can add someone to the care team.',
        );
      const name = await stores.people.name();
      const id = newId();
      await stores.access.insertCareTeamMember({
        id,
        staff_account_id: input.staff.id,
        organisation_id: input.staff.organisation_id,
        team_role: input.teamRole,
        is_key_worker: input.isKeyWorker,
        from_date: input.fromDate,
        until_date: null,
      });
      await stores.access.insertStaffAlerts([
        {
          id: newId(),
          staff_account_id: input.staff.id,
          message: addedToCareTeamAlert(name, input.teamRole),
          created_at: input.now,
          read_at: null,
        },
      ]);
      await addPersonNotice(
        stores,
        `${input.actor.name} (${input.actor.jobTitle}) added ${input.staff.display_name} (${input.staff.job_title}, ${input.staff.organisation_name}) to your care team as ${input.teamRole}. They see only what you share with them or their organisation.`,
        input.now,
      );
      return id;
    },

    /**
     * A place that has not ended, to confirm ending it, with what the current plan still asks of whoever holds
     * it (which stops the end); undefined when there is no such place.
     */
    async careTeamMemberToEnd(stores: S, memberId: string, now: Date, reader: DutyReader) {
      const today = ukDate(now);
      const member = (await stores.access.careTeamMembers()).find(
        (candidate) => candidate.id === memberId && membershipStatus(candidate, today) !== 'ended',
      );
      if (!member) return undefined;
      const duties = await deps.dutiesOf(
        stores,
        { kind: 'care_team_member', id: member.id },
        member.staff_name,
        reader,
      );
      return { personName: await stores.people.name(), member, duties };
    },

    /**
     * Ends a membership now. The last day in the team becomes yesterday, because the end date is inclusive and
     * access must stop straight away. 404 when it is not this person's or already ended. Refused with
     * PlaceStillNeeded, changing nothing, while the current plan names them for open actions, as lead
     * professional or as responsible for the review: checked here, in the same transaction as the end.
     */
    async endCareTeamMember(
      stores: S,
      member: { id: string; staff_name: string; staff_account_id: string; organisation_id: string },
      now: Date,
      reader: DutyReader,
      actor: StaffActor,
    ): Promise<void> {
      if (!mayEndPlace(await standingOf(stores, actor, ukDate(now)), member))
        throw refuseTeamChange(
          'Only the key worker, the lead professional, a manager of their organisation or they themself can end their place.',
        );
      const duties = await deps.dutiesOf(
        stores,
        { kind: 'care_team_member', id: member.id },
        member.staff_name,
        reader,
      );
      if (duties.length) throw new PlaceStillNeeded(duties, { id: member.id, name: member.staff_name });
      const today = ukDate(now);
      if (!(await stores.access.endCareTeamMember(member.id, addDays(today, -1), today))) throw notFound();
      await addPersonNotice(
        stores,
        `${actor.name} (${actor.jobTitle}) ended ${member.staff_name}'s place in your care team.`,
        now,
      );
    },
  };
}
