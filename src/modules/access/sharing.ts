import type { Actor } from '../../data/actor.ts';
import { RECORD_PARTS, type RecordPart } from '../../data/person-data.ts';
import { PlaceStillNeeded, type DutiesOf, type DutyReader } from '../../data/place-duties.ts';
import { addDays, ukDate } from '../../dates.ts';
import { notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { sharingInForce, type SharingState } from './policy.ts';
import type { CareTeamMemberRow, SharingChoiceRow } from './store.ts';
import type { AccessReference, StaffOption } from './store-gate.ts';

export type { StaffOption };
import type { AccessStores } from './stores.ts';
import type { AudienceKind } from './tables.ts';

/** The parts of a record as the person knows them. */
export const PART_NAMES: Record<RecordPart, string> = {
  details: 'My details',
  about_me: 'About me',
  contacts: 'Contacts and circle of support',
  plan: 'Care and support plan',
  budget: 'Personal budget',
  notes: 'Notes',
};

export const AUDIENCE_KINDS: readonly AudienceKind[] = ['organisation', 'staff', 'circle_member'];
export const isAudienceKind = (value: unknown): value is AudienceKind =>
  (AUDIENCE_KINDS as readonly unknown[]).includes(value);

/** Someone the person can share their record with. */
export type Audience = {
  kind: AudienceKind;
  id: string;
  name: string;
  /** Who they are, in a few words: 'Social worker, Northbridge City Council' or 'Daughter'. */
  description: string;
  /** For a named professional, the organisation they work for; what is shared with it reaches them too. */
  organisation: { id: string; name: string } | null;
  /** A circle member who may act for the person sees and changes everything, whatever is shared. */
  mayAct: boolean;
  /** Staff in the care team who are told when these choices change. */
  staffToTell: string[];
};

export type PartSharing = {
  part: RecordPart;
  partName: string;
  state: SharingState;
  /** The decision that gives this state, or null when nothing is in force. */
  choice: SharingChoiceRow | null;
  /** True when the decision was made for the professional's whole organisation, not for them by name. */
  throughOrganisation: boolean;
};

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

/** Organisations with someone in the current care team, the named professionals in it, and circle members with accounts. */
export function audiencesFrom(
  members: CareTeamMemberRow[],
  circle: {
    id: string;
    name: string;
    relationship: string;
    may_act_for_person: boolean;
    authority_until: string | null;
  }[],
  today: string,
): Audience[] {
  const current = members.filter((member) => membershipStatus(member, today) === 'current');
  const organisations = new Map<string, Audience>();
  const staff = new Map<string, Audience>();
  for (const member of current) {
    const organisation = organisations.get(member.organisation_id) ?? {
      kind: 'organisation',
      id: member.organisation_id,
      name: member.organisation_name,
      description: '',
      organisation: null,
      mayAct: false,
      staffToTell: [],
    };
    if (!organisation.staffToTell.includes(member.staff_account_id))
      organisation.staffToTell.push(member.staff_account_id);
    const count = organisation.staffToTell.length;
    organisation.description = `${count} ${count === 1 ? 'person' : 'people'} in the care team`;
    organisations.set(member.organisation_id, organisation);
    if (!staff.has(member.staff_account_id)) {
      staff.set(member.staff_account_id, {
        kind: 'staff',
        id: member.staff_account_id,
        name: member.staff_name,
        description: `${member.team_role}, ${member.organisation_name}`,
        organisation: { id: member.organisation_id, name: member.organisation_name },
        mayAct: false,
        staffToTell: [member.staff_account_id],
      });
    }
  }
  const circleAudiences: Audience[] = circle.map((member) => ({
    kind: 'circle_member',
    id: member.id,
    name: member.name,
    description: member.relationship,
    organisation: null,
    mayAct: member.may_act_for_person && (member.authority_until === null || member.authority_until >= today),
    staffToTell: [],
  }));
  return [...organisations.values(), ...staff.values(), ...circleAudiences];
}

/**
 * What one audience can see of each part, and which decision says so. The state comes from the same
 * rule the access check uses (`sharingInForce`), so this page can never disagree with what happens.
 */
export function partSharingFor(
  audience: Audience,
  choicesNewestFirst: SharingChoiceRow[],
  today: string,
): PartSharing[] {
  const relevant = choicesNewestFirst.filter(
    (row) =>
      (row.audience_kind === audience.kind && row.audience_id === audience.id) ||
      (row.audience_kind === 'organisation' && row.audience_id === audience.organisation?.id),
  );
  const live = (row: SharingChoiceRow | undefined) =>
    row && (row.until_date === null || row.until_date >= today) ? row : undefined;
  return RECORD_PARTS.map((part) => {
    const forPart = relevant.filter((row) => row.part === part);
    const state = sharingInForce(forPart, today);
    const choice =
      state === 'none'
        ? null
        : (live(forPart.find((row) => row.audience_kind !== 'organisation')) ??
          live(forPart.find((row) => row.audience_kind === 'organisation')) ??
          null);
    return {
      part,
      partName: PART_NAMES[part],
      state,
      choice,
      throughOrganisation: audience.kind === 'staff' && choice?.audience_kind === 'organisation',
    };
  });
}

export type RequestedSharing = Partial<Record<RecordPart, 'share' | 'withhold'>>;
export type SharingChange = { part: RecordPart; decision: 'share' | 'withhold'; until_date: string | null };

/** Whether sharing a part that is shared now, with this end date, would change anything. */
function endDateChanges(now: PartSharing, untilDate: string | null): boolean {
  // What a professional sees through their organisation ends when the organisation's choice says;
  // only a date given for them by name changes that.
  if (now.throughOrganisation) return untilDate !== null && untilDate !== (now.choice?.until_date ?? null);
  return (now.choice?.until_date ?? null) !== untilDate;
}

/**
 * The decisions to record: only parts whose outcome would change. Sharing with a new end date is a
 * change; withholding something that is not shared is not.
 */
export function sharingChanges(
  current: PartSharing[],
  requested: RequestedSharing,
  untilDate: string | null,
): SharingChange[] {
  const changes: SharingChange[] = [];
  for (const now of current) {
    const wanted = requested[now.part];
    if (wanted === 'share' && (now.state !== 'share' || endDateChanges(now, untilDate)))
      changes.push({ part: now.part, decision: 'share', until_date: untilDate });
    if (wanted === 'withhold' && now.state === 'share')
      changes.push({ part: now.part, decision: 'withhold', until_date: null });
  }
  return changes;
}

/** What staff are told when the person changes what they share: no detail of the record, just that it changed. */
export const sharingChangedAlert = (personName: string, audience: Audience): string =>
  audience.kind === 'staff'
    ? `${personName} has changed what they share with you. You may now see more or less of their record.`
    : `${personName} has changed what they share with ${audience.name}. You may now see more or less of their record.`;

export const addedToCareTeamAlert = (personName: string, teamRole: string): string =>
  `You have been added to ${personName}'s care team as ${teamRole}. You can see only what they choose to share with you or your organisation.`;

const madeBy = (actor: Actor) =>
  actor.kind === 'staff'
    ? {
        made_by_kind: 'staff' as const,
        made_by_id: actor.id,
        made_by_name: `${actor.name} (${actor.jobTitle}, ${actor.organisationName})`,
      }
    : { made_by_kind: 'citizen' as const, made_by_id: actor.id, made_by_name: actor.name };

/**
 * The person's sharing choices and the care team they are made about. Everything here works on the stores the
 * data context hands over, already bound to one person; `dutiesOf` (from the plans module) says what the plan
 * still asks of a care-team member, which stops their place ending.
 */
export function createSharingService<S extends AccessStores>(deps: {
  reference: AccessReference;
  dutiesOf: DutiesOf<S>;
}) {
  const audiences = async ({ access, people }: AccessStores, today: string): Promise<Audience[]> => {
    const [members, withAccounts, circle] = await Promise.all([
      access.careTeamMembers(),
      access.circleMembersWithAccounts(),
      people.circleMembers(),
    ]);
    const reachable = circle
      .filter((member) => member.ended_at === null && withAccounts.has(member.id))
      .toSorted((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
    return audiencesFrom(members, reachable, today);
  };

  const findAudience = async (
    stores: AccessStores,
    kind: AudienceKind,
    audienceId: string,
    today: string,
  ): Promise<Audience> => {
    const audience = (await audiences(stores, today)).find(
      (candidate) => candidate.kind === kind && candidate.id === audienceId,
    );
    if (!audience) throw notFound();
    return audience;
  };

  return {
    audiences,

    /** Every audience with what it can see, for the "who can see your record" page. */
    async overview(stores: AccessStores, now: Date) {
      const today = ukDate(now);
      const [name, found, choices] = await Promise.all([
        stores.people.name(),
        audiences(stores, today),
        stores.access.sharingChoices(),
      ]);
      return {
        personName: name,
        audiences: found.map((audience) => ({ audience, parts: partSharingFor(audience, choices, today) })),
      };
    },

    /** One audience and what it can see; 404 when it is not someone this person can share with. */
    async audienceSharing(stores: AccessStores, kind: AudienceKind, audienceId: string, now: Date) {
      const today = ukDate(now);
      const [name, audience, choices] = await Promise.all([
        stores.people.name(),
        findAudience(stores, kind, audienceId, today),
        stores.access.sharingChoices(),
      ]);
      return { personName: name, audience, parts: partSharingFor(audience, choices, today) };
    },

    /**
     * Records new decisions for one audience, one row per part whose outcome changes, and tells the staff in
     * that audience. Answers the changes made (none when nothing differed).
     */
    async recordChoices(
      stores: AccessStores,
      input: {
        kind: AudienceKind;
        audienceId: string;
        requested: RequestedSharing;
        untilDate: string | null;
        actor: Actor;
        now: Date;
      },
    ) {
      const today = ukDate(input.now);
      const [name, audience, choices] = await Promise.all([
        stores.people.name(),
        findAudience(stores, input.kind, input.audienceId, today),
        stores.access.sharingChoices(),
      ]);
      const changes = sharingChanges(partSharingFor(audience, choices, today), input.requested, input.untilDate);
      if (!changes.length) return changes;
      const by = madeBy(input.actor);
      await stores.access.insertSharingChoices(
        changes.map((change) => ({
          id: newId(),
          part: change.part,
          audience_kind: audience.kind,
          audience_id: audience.id,
          decision: change.decision,
          until_date: change.until_date,
          ...by,
          made_at: input.now,
        })),
      );
      await stores.access.insertStaffAlerts(
        audience.staffToTell.map((staffId) => ({
          id: newId(),
          staff_account_id: staffId,
          message: sharingChangedAlert(name, audience),
          created_at: input.now,
          read_at: null,
        })),
      );
      return changes;
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

    /** Staff who could be added to a care team. Directory data, so it is read outside any person's record. */
    staffOptions: (): Promise<StaffOption[]> => deps.reference.staffWhoCanJoinCareTeams(),

    /** Adds someone to the care team and tells them. It shares nothing: the person still chooses what they see. */
    async addCareTeamMember(
      stores: AccessStores,
      input: { staff: StaffOption; teamRole: string; isKeyWorker: boolean; fromDate: string; now: Date },
    ) {
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
      member: { id: string; staff_name: string },
      now: Date,
      reader: DutyReader,
    ): Promise<void> {
      const duties = await deps.dutiesOf(
        stores,
        { kind: 'care_team_member', id: member.id },
        member.staff_name,
        reader,
      );
      if (duties.length) throw new PlaceStillNeeded(duties, { id: member.id, name: member.staff_name });
      const today = ukDate(now);
      if (!(await stores.access.endCareTeamMember(member.id, addDays(today, -1), today))) throw notFound();
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
