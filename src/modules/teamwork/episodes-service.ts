import type { StaffActor } from '../../data/actor.ts';
import type { PersonData } from '../../data/person-data.ts';
import { formatUkDate, ukDate } from '../../dates.ts';
import { forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { addStayPlaces, citizenReaders, endStayPlaces } from '../access/index.ts';
import { addToAboutMe } from '../people/index.ts';
import type { TeamworkDeps } from './deps.ts';
import { episodeFamilyView } from './episode-family-view.ts';
import { EpisodeRefused } from './episode-refused.ts';
import { currentSteps, delayDays, followUpMoves, type StepEvent } from './episode-rules.ts';
import {
  BLOCKER_REASONS,
  EPISODE_STEPS,
  STEP_STATUSES,
  type BlockerReason,
  type EpisodeStep,
  type StepStatus,
} from './episode-steps.ts';
import type { EpisodeRow } from './store-episodes.ts';
import type { TeamworkStores } from './stores.ts';
import type { TimelineEntry } from './timeline-entry.ts';

type Data = PersonData<TeamworkStores>;

/** What a member of staff types to start an episode. */
export type EpisodeStart = {
  organisationId: string;
  placeName: string;
  admittedOn: string;
  expectedDischargeOn: string;
  followUpHours: number;
  wardStaffIds: string[];
};
export type StepChange = { status: StepStatus; responsibleId: string | null; expectedOn: string | null; note: string };
export type BlockerInput = {
  step: EpisodeStep;
  reason: BlockerReason;
  whatHappened: string;
  whatNext: string;
  whoDecides: string;
  happenedOn: string;
  newDate: string;
};

const episodePath = (episode: EpisodeRow) => `/people/${episode.person_id}/episodes/${episode.id}`;

/** The team role the ward staff hold while the stay lasts. */
const wardRole = (placeName: string) => `Ward staff at ${placeName}, during the stay`;

/** Only staff change an episode: the person and their family read it and add what they know to About me. */
const staffOnly = (data: Data): StaffActor => {
  const actor = data.actor;
  if (actor?.kind !== 'staff') throw forbidden();
  return actor;
};

const stepEventRow = (episodeId: string, event: StepEvent, note: string, actor: StaffActor, now: Date) => ({
  id: newId(),
  episode_id: episodeId,
  step: event.step,
  status: event.status,
  responsible_id: event.responsible_id,
  expected_on: event.expected_on,
  note,
  recorded_by_id: actor.id,
  recorded_by_name: `${actor.name}, ${actor.jobTitle}`,
  recorded_at: now,
});

/** One episode of this person with its steps and blockers; 404 when there is no such episode. */
async function loadEpisode(stores: TeamworkStores, episodeId: string) {
  const episode = (await stores.teamwork.episodes.episodes()).find((candidate) => candidate.id === episodeId);
  if (!episode) throw notFound();
  const [events, blockers] = await Promise.all([
    stores.teamwork.episodes.stepEvents(episodeId),
    stores.teamwork.episodes.blockers(episodeId),
  ]);
  return { episode, events, blockers, steps: currentSteps(events) };
}

type Loaded = Awaited<ReturnType<typeof loadEpisode>>;

/** The expected day of leaving, as the discharge step now has it. */
const dischargeOn = (loaded: Loaded): string =>
  loaded.steps.find((state) => state.step === 'discharge')!.latest?.expected_on ?? loaded.episode.expected_discharge_on;

const refuseIfClosed = (episode: EpisodeRow, field: string) => {
  if (episode.closed_at)
    throw new EpisodeRefused(
      field,
      `This stay was closed on ${formatUkDate(episode.closed_on)} by ${episode.closed_by_name}. It cannot change now.`,
    );
};

/** The staff who are in the care team today, by id: who a step can be given to. */
async function currentStaff(stores: TeamworkStores, today: string) {
  const members = await stores.access.careTeamMembers();
  const current = members.filter(
    (member) => member.from_date <= today && (member.until_date === null || member.until_date >= today),
  );
  return new Map(current.map((member) => [member.staff_account_id, member]));
}

/**
 * Tells those who need to know that a step changed or was blocked: the key worker, whoever the step names, and the
 * person and those acting for them or sharing this part (never whoever made the change).
 */
async function tellOfChange(
  stores: TeamworkStores,
  actor: StaffActor,
  episode: EpisodeRow,
  text: string,
  responsibleId: string | null,
  now: Date,
) {
  const members = await currentStaff(stores, ukDate(now));
  const staff = new Set(
    [...members.values()].filter((member) => member.is_key_worker).map((member) => member.staff_account_id),
  );
  if (responsibleId) staff.add(responsibleId);
  staff.delete(actor.id);
  const citizens = await citizenReaders(stores, 'notes', now);
  await stores.notifications.notify({
    kind: 'episode_changed',
    recipients: [
      ...[...staff].map((accountId) => ({ kind: 'staff' as const, accountId })),
      ...citizens.map((accountId) => ({ kind: 'citizen' as const, accountId })),
    ],
    text,
    link: episodePath(episode),
  });
}

/** Transfers of care: starting one with the ward staff in the team, its steps, blockers, closing, and who is told. */
export function createEpisodeService(deps: TeamworkDeps) {
  const reference = deps.reference.episodes;
  return {
    /** The person's episodes, newest first; for the person and their family, the open one in plain words. */
    async list(data: Data, personId: string, now: Date) {
      return data.read(personId, 'notes', 'Your hospital stays and moves', async (stores, decision) => {
        const [name, episodes] = await Promise.all([stores.people.name(), stores.teamwork.episodes.episodes()]);
        const open = episodes.find((episode) => !episode.closed_at);
        return {
          name,
          episodes,
          isCitizen: data.actor?.kind === 'citizen',
          mayStart: data.actor?.kind === 'staff' && decision.may('notes', 'write') && !open,
          open:
            open && data.actor?.kind === 'citizen'
              ? await episodeFamilyView(await loadEpisode(stores, open.id), stores, decision, now)
              : undefined,
        };
      });
    },

    /** What the start form offers: where a stay can be, and the staff there. 404 when the actor may not write notes. */
    async startForm(data: Data, personId: string) {
      await data.check(personId, 'notes', 'write', 'Your hospital stays and moves, to start one');
      staffOnly(data);
      const name = await data.read(personId, 'notes', 'Your name, to start a stay', ({ people }) => people.name());
      const places = await reference.placesOfCare();
      const staff = (await Promise.all(places.map((place) => reference.staffOf(place.id)))).flat();
      return { name, places, staff };
    },

    /**
     * Starts an episode: the admission step is done, discharge and the follow-up call are expected, and the ward
     * staff hold care-team places until it closes. Refused, changing nothing, when a named member of staff does
     * not work where the stay is, or the person is already somewhere.
     */
    async start(data: Data, personId: string, input: EpisodeStart, now: Date): Promise<string> {
      const staffOf = await reference.staffOf(input.organisationId);
      const places = await reference.placesOfCare();
      const place = places.find((candidate) => candidate.id === input.organisationId);
      return data.write(personId, 'notes', `Your stay at ${input.placeName} started`, async (stores) => {
        const actor = staffOnly(data);
        if (!place) throw new EpisodeRefused('organisation', 'Select where the stay is from the list');
        const wardStaff = input.wardStaffIds.map((id) => staffOf.find((candidate) => candidate.id === id));
        if (!wardStaff.length || wardStaff.some((staff) => !staff))
          throw new EpisodeRefused('ward_staff', `Select the ward staff from those who work at ${place.name}`);
        if ((await stores.teamwork.episodes.episodes()).some((episode) => !episode.closed_at))
          throw new EpisodeRefused('organisation', 'There is already a stay that has not closed. Close it first.');
        const id = newId();
        const today = ukDate(now);
        await stores.teamwork.episodes.insertEpisode({
          id,
          organisation_id: input.organisationId,
          place_name: input.placeName,
          admitted_on: input.admittedOn,
          expected_discharge_on: input.expectedDischargeOn,
          follow_up_hours: input.followUpHours,
          started_by_id: actor.id,
          started_by_name: `${actor.name}, ${actor.jobTitle}`,
          started_at: now,
        });
        const placeIds = await addStayPlaces(stores, {
          staff: wardStaff.map((staff) => staff!),
          teamRole: wardRole(input.placeName),
          fromDate: input.admittedOn > today ? input.admittedOn : today,
          placeName: input.placeName,
          actor,
          now,
        });
        await stores.teamwork.episodes.insertWardPlaces(
          placeIds.map((care_team_member_id) => ({ episode_id: id, care_team_member_id })),
        );
        const nurse = wardStaff[0]!.id;
        const starting: StepEvent[] = [
          { step: 'admission', status: 'done', responsible_id: nurse, expected_on: input.admittedOn },
          { step: 'what_matters', status: 'not_started', responsible_id: nurse, expected_on: input.admittedOn },
          { step: 'discharge', status: 'not_started', responsible_id: nurse, expected_on: input.expectedDischargeOn },
          ...followUpMoves(currentSteps([]), input.expectedDischargeOn, input.followUpHours),
        ];
        await stores.teamwork.episodes.insertStepEvents(
          starting.map((event) => stepEventRow(id, event, 'Set when the stay started', actor, now)),
        );
        return id;
      });
    },

    /** One episode with its steps as they stand, its blockers and its history. */
    async episode(data: Data, personId: string, episodeId: string, now: Date) {
      return data.read(
        personId,
        'notes',
        'Your stay: where things are and what happens next',
        async (stores, decision) => {
          const loaded = await loadEpisode(stores, episodeId);
          const name = await stores.people.name();
          if (data.actor?.kind === 'citizen')
            return { name, isCitizen: true as const, family: await episodeFamilyView(loaded, stores, decision, now) };
          return {
            name,
            isCitizen: false as const,
            ...loaded,
            dischargeOn: dischargeOn(loaded),
            mayChange: decision.may('notes', 'write') && !loaded.episode.closed_at,
            totalDelayDays: loaded.blockers.reduce((sum, blocker) => sum + blocker.delay_days, 0),
            wardStaff: (await stores.access.careTeamMembers()).filter(
              (member) => member.team_role === wardRole(loaded.episode.place_name),
            ),
          };
        },
      );
    },

    /** A step as it stands and who it can be given to, for its form. */
    async stepForm(data: Data, personId: string, episodeId: string, step: EpisodeStep, now: Date) {
      await data.check(personId, 'notes', 'write', 'Your stay, to change a step');
      staffOnly(data);
      return data.read(
        personId,
        'notes',
        `Your stay: ${EPISODE_STEPS[step].family}, opened to change it`,
        async (stores) => {
          const loaded = await loadEpisode(stores, episodeId);
          return {
            name: await stores.people.name(),
            episode: loaded.episode,
            state: loaded.steps.find((state) => state.step === step)!,
            staff: [...(await currentStaff(stores, ukDate(now))).values()],
          };
        },
      );
    },

    /**
     * Records a change to a step as a new event. The person named must be staff in the care team today, and the date
     * no earlier than the admission. A new date for leaving moves the follow-up call with it. Everyone concerned is told.
     */
    async changeStep(
      data: Data,
      personId: string,
      episodeId: string,
      step: EpisodeStep,
      change: StepChange,
      now: Date,
    ) {
      await data.write(personId, 'notes', `Your stay: ${EPISODE_STEPS[step].family} changed`, async (stores) => {
        const actor = staffOnly(data);
        const loaded = await loadEpisode(stores, episodeId);
        refuseIfClosed(loaded.episode, 'status');
        if (change.responsibleId && !(await currentStaff(stores, ukDate(now))).has(change.responsibleId))
          throw new EpisodeRefused('responsible', 'Select someone who works in the care team today from the list');
        if (change.expectedOn && change.expectedOn < loaded.episode.admitted_on)
          throw new EpisodeRefused(
            'expected',
            `The date must be on or after the admission, ${formatUkDate(loaded.episode.admitted_on)}`,
          );
        const event: StepEvent = {
          step,
          status: change.status,
          responsible_id: change.responsibleId,
          expected_on: change.expectedOn,
        };
        const moves =
          step === 'discharge' && change.expectedOn
            ? followUpMoves(loaded.steps, change.expectedOn, loaded.episode.follow_up_hours)
            : [];
        await stores.teamwork.episodes.insertStepEvents([
          stepEventRow(episodeId, event, change.note, actor, now),
          ...moves.map((move) => stepEventRow(episodeId, move, 'Moved with the date of leaving', actor, now)),
        ]);
        await tellOfChange(
          stores,
          actor,
          loaded.episode,
          `${await stores.people.name()}'s stay at ${loaded.episode.place_name}: “${EPISODE_STEPS[step].staff}” is now ${STEP_STATUSES[change.status].toLowerCase()}.`,
          change.responsibleId,
          now,
        );
      });
    },

    /** The steps a blocker can hold up, for its form. */
    async blockerForm(data: Data, personId: string, episodeId: string) {
      await data.check(personId, 'notes', 'write', 'Your stay, to record what held it up');
      staffOnly(data);
      return data.read(personId, 'notes', 'Your stay, opened to record what held it up', async (stores) => ({
        name: await stores.people.name(),
        episode: (await loadEpisode(stores, episodeId)).episode,
      }));
    },

    /**
     * Records what held a step up: the step is blocked until its new date, the delay is counted in days from when it
     * was expected, and a later date for leaving moves leaving and the follow-up call too. Everyone concerned is told.
     */
    async recordBlocker(data: Data, personId: string, episodeId: string, input: BlockerInput, now: Date) {
      await data.write(
        personId,
        'notes',
        `Your stay: what held up “${EPISODE_STEPS[input.step].family}”`,
        async (stores) => {
          const actor = staffOnly(data);
          const loaded = await loadEpisode(stores, episodeId);
          refuseIfClosed(loaded.episode, 'step');
          if (input.happenedOn < loaded.episode.admitted_on)
            throw new EpisodeRefused(
              'happened',
              `The date it happened must be on or after the admission, ${formatUkDate(loaded.episode.admitted_on)}`,
            );
          const state = loaded.steps.find((candidate) => candidate.step === input.step)!;
          const delay = delayDays(state.latest?.expected_on ?? null, input.happenedOn, input.newDate);
          await stores.teamwork.episodes.insertBlocker({
            id: newId(),
            episode_id: episodeId,
            step: input.step,
            reason: input.reason,
            what_happened: input.whatHappened,
            what_next: input.whatNext,
            who_decides: input.whoDecides,
            happened_on: input.happenedOn,
            new_date: input.newDate,
            delay_days: delay,
            recorded_by_id: actor.id,
            recorded_by_name: `${actor.name}, ${actor.jobTitle}`,
            recorded_at: now,
          });
          const blocked: StepEvent = {
            step: input.step,
            status: 'blocked',
            responsible_id: state.latest?.responsible_id ?? null,
            expected_on: input.newDate,
          };
          const events: StepEvent[] = [blocked];
          const leaving = dischargeOn(loaded);
          if (input.step !== 'discharge' && input.newDate > leaving) {
            const discharge = loaded.steps.find((candidate) => candidate.step === 'discharge')!;
            events.push({
              step: 'discharge',
              status: discharge.status,
              responsible_id: discharge.latest?.responsible_id ?? null,
              expected_on: input.newDate,
            });
          }
          const newLeaving = events.find((event) => event.step === 'discharge')?.expected_on;
          if (newLeaving) events.push(...followUpMoves(loaded.steps, newLeaving, loaded.episode.follow_up_hours));
          await stores.teamwork.episodes.insertStepEvents(
            events.map((event, index) =>
              stepEventRow(episodeId, event, index === 0 ? input.whatHappened : 'Moved with the new date', actor, now),
            ),
          );
          await tellOfChange(
            stores,
            actor,
            loaded.episode,
            `${await stores.people.name()}'s stay at ${loaded.episode.place_name}: “${EPISODE_STEPS[input.step].staff}” is held up. ${BLOCKER_REASONS[input.reason]}. New date: ${formatUkDate(input.newDate)}.`,
            blocked.responsible_id,
            now,
          );
        },
      );
    },

    /** The episode to close, for the confirm page. */
    async closeForm(data: Data, personId: string, episodeId: string) {
      await data.check(personId, 'notes', 'write', 'Your stay, to close it');
      staffOnly(data);
      return data.read(personId, 'notes', 'Your stay, opened to close it', async (stores) => ({
        name: await stores.people.name(),
        episode: (await loadEpisode(stores, episodeId)).episode,
      }));
    },

    /** Closes an episode once and ends the ward staff's places. Closing it again is refused and changes nothing. */
    async close(data: Data, personId: string, episodeId: string, howItEnded: string, now: Date) {
      await data.write(personId, 'notes', 'Your stay closed', async (stores) => {
        const actor = staffOnly(data);
        const { episode } = await loadEpisode(stores, episodeId);
        refuseIfClosed(episode, 'how_it_ended');
        const closed = await stores.teamwork.episodes.insertClosure({
          episode_id: episodeId,
          closed_on: ukDate(now),
          how_it_ended: howItEnded,
          closed_by_id: actor.id,
          closed_by_name: `${actor.name}, ${actor.jobTitle}`,
          closed_at: now,
        });
        if (!closed)
          throw new EpisodeRefused(
            'how_it_ended',
            'This stay was closed by someone else just now. It cannot be closed again.',
          );
        await endStayPlaces(stores, await stores.teamwork.episodes.wardPlaces(episodeId), {
          placeName: episode.place_name,
          actor,
          now,
        });
      });
    },

    /** The episode the person or their family adds what they know to; 404 when they may not change About me. */
    async whatYouKnowForm(data: Data, personId: string, episodeId: string) {
      await data.check(personId, 'about_me', 'write', 'Your About me, to add what you know');
      return data.read(personId, 'notes', 'Your stay, to add what you know', async (stores) => ({
        name: await stores.people.name(),
        episode: (await loadEpisode(stores, episodeId)).episode,
      }));
    },

    /** Adds what the person or their family knows to About me, in their name, where the ward staff read it. */
    async addWhatYouKnow(data: Data, personId: string, episodeId: string, text: string, now: Date) {
      const { episode } = await this.whatYouKnowForm(data, personId, episodeId);
      await data.write(
        personId,
        'about_me',
        `Your About me: added what you know, for your stay at ${episode.place_name}`,
        (stores) => addToAboutMe(stores, { heading: 'how_to_support', text, writer: data.actor!, now }),
      );
    },

    /**
     * For a manager: counts over the episodes of the people whose care team they may see (those their organisation
     * has places for), naming nobody, so nothing of anyone's record is read.
     */
    async forManager(data: Data, now: Date) {
      const candidates = await reference.peopleWithEpisodes();
      const visible = await data.listable(candidates, 'care_team', ['care']);
      return reference.counts(visible, ukDate(now));
    },
  };
}

export type EpisodeService = ReturnType<typeof createEpisodeService>;

/** The person's episodes as the shared timeline shows them: each start, step change, blocker and close. */
export async function episodeTimeline(stores: TeamworkStores): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  for (const episode of await stores.teamwork.episodes.episodes()) {
    const at = { kind: 'episode' as const, part: 'notes' as const, link: episodePath(episode) };
    entries.push({
      ...at,
      at: episode.started_at,
      title: `Stay at ${episode.place_name} started`,
      who: episode.started_by_name,
    });
    const [events, blockers] = await Promise.all([
      stores.teamwork.episodes.stepEvents(episode.id),
      stores.teamwork.episodes.blockers(episode.id),
    ]);
    for (const event of events.filter((row) => row.recorded_at.getTime() !== episode.started_at.getTime()))
      entries.push({
        ...at,
        at: event.recorded_at,
        title: `${EPISODE_STEPS[event.step].staff}: ${STEP_STATUSES[event.status].toLowerCase()}`,
        who: event.recorded_by_name,
        detail: event.note || undefined,
      });
    for (const blocker of blockers)
      entries.push({
        ...at,
        at: blocker.recorded_at,
        title: `${EPISODE_STEPS[blocker.step].staff} held up: ${BLOCKER_REASONS[blocker.reason]}`,
        who: blocker.recorded_by_name,
        detail: blocker.what_happened,
      });
    if (episode.closed_at)
      entries.push({
        ...at,
        at: episode.closed_at,
        title: `Stay at ${episode.place_name} closed`,
        who: episode.closed_by_name!,
        detail: episode.how_it_ended!,
      });
  }
  return entries;
}
