import type { Actor, StaffActor } from '../../data/actor.ts';
import type { LeadProfessionalOf, PlacesNamedInPlan } from '../../data/lead-professional.ts';
import { SHAREABLE_PARTS, type ShareablePart } from '../../data/person-data.ts';
import type { DutiesOf } from '../../data/place-duties.ts';
import { ukDate } from '../../dates.ts';
import { AppError, notFound } from '../../errors.ts';
import { addPersonNotice } from '../people/index.ts';
import { newId } from '../../ids.ts';
import { sharingInForce, type SharingState } from './policy.ts';
import type { CareTeamMemberRow, SharingChoiceRow } from './store.ts';
import type { AccessReference, StaffOption } from './store-gate.ts';

export type { StaffOption };
import type { AccessStores } from './stores.ts';
import type { AudienceKind, ToldHow } from './tables.ts';
import { maySettle, splitRecorded, toldHowLabel } from './who-may-change.ts';
import { createCareTeamService, membershipStatus } from './care-team-service.ts';

/** The parts of a record, and the sections of the plan shared on their own, as the person knows them. */
export const PART_NAMES: Record<ShareablePart, string> = {
  details: 'My details',
  about_me: 'About me',
  contacts: 'Contacts and circle of support',
  plan: 'Care and support plan',
  budget: 'Personal budget',
  notes: 'Notes',
  plan_about: 'What matters to me and my strengths',
  plan_needs: 'Needs, goals and actions',
  plan_crisis: 'Crisis plan',
  plan_risks: 'Positive-risk decisions',
  plan_people: 'Who is involved and the review date',
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
  part: ShareablePart;
  partName: string;
  state: SharingState;
  /** The decision that gives this state, or null when nothing is in force. */
  choice: SharingChoiceRow | null;
  /** True when the decision was made for the professional's whole organisation, not for them by name. */
  throughOrganisation: boolean;
};

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
  return SHAREABLE_PARTS.map((part) => {
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

export type RequestedSharing = Partial<Record<ShareablePart, 'share' | 'withhold'>>;
export type SharingChange = { part: ShareablePart; decision: 'share' | 'withhold'; until_date: string | null };

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
export const sharingChangedAlert = (
  personName: string,
  audience: Audience,
  representative?: { name: string; personCalled: string },
): string => {
  const withWhom = audience.kind === 'staff' ? 'you' : audience.name;
  const changed = representative
    ? `${representative.name}, acting for ${personName}, has changed what ${representative.personCalled} shares with ${withWhom}.`
    : `${personName} has changed what they share with ${withWhom}.`;
  return `${changed} You may now see more or less of their record.`;
};

/** What the person (and anyone acting for them) is told when staff record a choice for them. */
export const recordedChoiceNotice = (
  recorder: StaffActor,
  audience: Audience,
  changes: SharingChange[],
  told: ToldHow,
  waiting: boolean,
): string => {
  const parts = (decision: 'share' | 'withhold') =>
    changes
      .filter((change) => change.decision === decision)
      .map((change) => PART_NAMES[change.part])
      .join(', ');
  const shared = parts('share');
  const stopped = parts('withhold');
  const what = [
    shared && `share ${shared} with ${audience.name}`,
    stopped && `stop sharing ${stopped} with ${audience.name}`,
  ]
    .filter(Boolean)
    .join(', and to ');
  return `${recorder.name} (${recorder.jobTitle}, ${recorder.organisationName}) recorded that you asked to ${what} (${toldHowLabel(told)}).${
    waiting ? ' This waits until someone else in your care team confirms it.' : ''
  } If this is not what you want, change it on your sharing page or tell your care team.`;
};

const madeBy = (actor: Actor) =>
  actor.kind === 'staff'
    ? {
        made_by_kind: 'staff' as const,
        made_by_id: actor.id,
        made_by_name: `${actor.name} (${actor.jobTitle}, ${actor.organisationName})`,
      }
    : { made_by_kind: 'citizen' as const, made_by_id: actor.id, made_by_name: actor.name };

/** What a person is called in a sentence about them: the name they prefer, else their given name. */
const calledBy = (names: { given_name: string; preferred_name: string | null }): string =>
  names.preferred_name ?? names.given_name;

/** The rows that record changes to what one audience may see, made by whoever `made` names. */
const choiceRows = <M extends object>(
  changes: SharingChange[],
  audience: { kind: AudienceKind; id: string },
  made: M,
) =>
  changes.map((change) => ({
    id: newId(),
    part: change.part,
    audience_kind: audience.kind,
    audience_id: audience.id,
    decision: change.decision,
    until_date: change.until_date,
    ...made,
  }));

/**
 * The person's sharing choices, with the care team they are made about (care-team-service.ts). Everything here
 * works on the stores the data context hands over, already bound to one person.
 */
export function createSharingService<S extends AccessStores>(deps: {
  reference: AccessReference;
  dutiesOf: DutiesOf<S>;
  leadProfessionalOf: LeadProfessionalOf<S>;
  placesNamedInPlan: PlacesNamedInPlan<S>;
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

  /**
   * Tells the staff in an audience that what they may see has changed; `representative` names who made the change
   * when someone acting for the person did.
   */
  const tellStaff = (
    stores: AccessStores,
    name: string,
    audience: Audience,
    now: Date,
    representative?: { name: string; personCalled: string },
  ) =>
    stores.access.insertStaffAlerts(
      audience.staffToTell.map((staffId) => ({
        id: newId(),
        staff_account_id: staffId,
        message: sharingChangedAlert(name, audience, representative),
        created_at: now,
        read_at: null,
      })),
    );

  return {
    ...createCareTeamService(deps),
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
     * Records the person's own new decisions (or their representative's) for one audience, one row per part whose
     * outcome changes, and tells the staff in that audience. Answers the changes made (none when nothing differed).
     * Staff record through recordToldChoices.
     */
    async recordChoices(
      stores: AccessStores,
      input: {
        kind: AudienceKind;
        audienceId: string;
        requested: RequestedSharing;
        untilDate: string | null;
        actor: Actor;
        /** Someone acting for the person, not the person themself, made the change. */
        byRepresentative: boolean;
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
      await stores.access.insertSharingChoices(choiceRows(changes, audience, { ...by, made_at: input.now }));
      const representative = input.byRepresentative
        ? { name: input.actor.name, personCalled: calledBy(await stores.people.names()) }
        : undefined;
      await tellStaff(stores, name, audience, input.now, representative);
      return changes;
    },

    /** Whether staff may record choices for this person: not when the person has their own account (rule 2). */
    async staffMayRecord(stores: AccessStores) {
      return !(await stores.access.hasOwnAccount());
    },

    /** Choices staff recorded that wait for a second member of staff, with who they are for. */
    async waitingChoices(stores: AccessStores, now: Date) {
      const today = ukDate(now);
      const [found, rows] = await Promise.all([audiences(stores, today), stores.access.waitingChoices()]);
      return rows.map((row) => ({
        ...row,
        audienceName:
          found.find((audience) => audience.kind === row.audience_kind && audience.id === row.audience_id)?.name ??
          'Someone no longer in the care team',
        partNames: row.parts.map((part) => PART_NAMES[part]).join(', '),
        toldHow: toldHowLabel(row.told_how),
      }));
    },

    /**
     * Records what a person without an account told a member of staff (rule 2). Stopping sharing takes effect now;
     * sharing more with the recorder or their organisation waits for a colleague. The person is told either way.
     * Refused (403) when the person has their own account. Answers what took effect and what waits.
     */
    async recordToldChoices(
      stores: AccessStores,
      input: {
        kind: AudienceKind;
        audienceId: string;
        requested: RequestedSharing;
        untilDate: string | null;
        toldHow: ToldHow;
        actor: StaffActor;
        now: Date;
      },
    ) {
      if (await stores.access.hasOwnAccount())
        throw new AppError('CW_FORBIDDEN', 'This person has their own account, so they make their own choices.');
      const today = ukDate(input.now);
      const [name, audience, choices] = await Promise.all([
        stores.people.name(),
        findAudience(stores, input.kind, input.audienceId, today),
        stores.access.sharingChoices(),
      ]);
      const changes = sharingChanges(partSharingFor(audience, choices, today), input.requested, input.untilDate);
      const split = splitRecorded(changes, audience, input.actor);
      const by = madeBy(input.actor);
      await stores.access.insertSharingChoices(
        choiceRows(split.now, audience, { ...by, made_at: input.now, told_how: input.toldHow }),
      );
      if (split.now.length) await tellStaff(stores, name, audience, input.now);
      if (split.waiting.length) {
        await stores.access.insertWaitingChoice({
          id: newId(),
          audience_kind: audience.kind as 'staff' | 'organisation',
          audience_id: audience.id,
          parts: split.waiting.map((change) => change.part),
          until_date: input.untilDate,
          told_how: input.toldHow,
          recorded_by_id: input.actor.id,
          recorded_by_name: by.made_by_name,
          recorded_at: input.now,
        });
        const colleagues = (await stores.access.careTeamMembers()).filter(
          (member) => membershipStatus(member, today) === 'current' && member.staff_account_id !== input.actor.id,
        );
        await stores.access.insertStaffAlerts(
          [...new Set(colleagues.map((member) => member.staff_account_id))].map((staffId) => ({
            id: newId(),
            staff_account_id: staffId,
            message: `${input.actor.name} recorded a sharing choice for ${name} that needs someone else in the care team to confirm it.`,
            created_at: input.now,
            read_at: null,
          })),
        );
      }
      if (changes.length)
        await addPersonNotice(
          stores,
          recordedChoiceNotice(input.actor, audience, changes, input.toldHow, split.waiting.length > 0),
          input.now,
        );
      return split;
    },

    /**
     * A second member of staff confirms or declines a waiting choice. 404 when there is no such waiting choice;
     * 403 for its recorder. Confirming records the choices as the recorder's, confirmed by this member of staff.
     */
    async settleWaitingChoice(
      stores: AccessStores,
      input: { waitingId: string; outcome: 'confirmed' | 'declined'; actor: StaffActor; now: Date },
    ) {
      const waiting = (await stores.access.waitingChoices()).find((row) => row.id === input.waitingId);
      if (!waiting) throw notFound();
      if (!maySettle(waiting, input.actor))
        throw new AppError(
          'CW_FORBIDDEN',
          'You recorded this choice, so someone else in the care team must confirm it.',
        );
      if (await stores.access.hasOwnAccount())
        throw new AppError('CW_FORBIDDEN', 'This person has their own account, so they make their own choices.');
      const today = ukDate(input.now);
      const confirmer = madeBy(input.actor).made_by_name;
      if (
        !(await stores.access.settleWaitingChoice(waiting.id, {
          outcome: input.outcome,
          by: input.actor,
          at: input.now,
        }))
      )
        throw notFound();
      const [name, audience, choices] = await Promise.all([
        stores.people.name(),
        findAudience(stores, waiting.audience_kind, waiting.audience_id, today),
        stores.access.sharingChoices(),
      ]);
      const requested: RequestedSharing = Object.fromEntries(waiting.parts.map((part) => [part, 'share']));
      const changes =
        input.outcome === 'confirmed'
          ? sharingChanges(partSharingFor(audience, choices, today), requested, waiting.until_date)
          : [];
      await stores.access.insertSharingChoices(
        choiceRows(changes, audience, {
          made_by_kind: 'staff' as const,
          made_by_id: waiting.recorded_by_id,
          made_by_name: waiting.recorded_by_name,
          made_at: input.now,
          told_how: waiting.told_how,
          confirmed_by_name: confirmer,
        }),
      );
      if (changes.length) await tellStaff(stores, name, audience, input.now);
      const parts = waiting.parts.map((part) => PART_NAMES[part]).join(', ');
      await addPersonNotice(
        stores,
        input.outcome === 'confirmed'
          ? `${confirmer} confirmed that you asked to share ${parts} with ${audience.name}. It now counts.`
          : `${confirmer} did not confirm that you asked to share ${parts} with ${audience.name}, so nothing changed.`,
        input.now,
      );
      return { audience, changes };
    },
  };
}

export type SharingService = ReturnType<typeof createSharingService>;
