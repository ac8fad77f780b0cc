import type { PersonData } from '../../data/person-data.ts';
import { pageWithin, type Paged } from '../../data/paging.ts';
import { ukDate } from '../../dates.ts';
import { forbidden } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { writerName } from '../people/index.ts';
import { planDrafts } from '../plans/index.ts';
import type { TeamworkStores } from './stores.ts';
import { TASK_STATUSES } from './task-rules.ts';
import type { TimelineEntry, TimelineKind } from './timeline-entry.ts';
import { timelineSources } from './timeline-sources.ts';

// The shared timeline of a person: what happened in their plan, tasks, panel cases and the team's notes (and, from
// the episodes and messages work, their steps and messages), each entry labelled with its part of the record, so a
// reader sees only the parts they may read.

type Data = PersonData<TeamworkStores>;
type Stores = TeamworkStores;

const ENTRIES_PER_PAGE = 25;
/** The parts the timeline is read under: the first of them the reader may read is logged. */
const TIMELINE_PARTS = ['notes', 'plan', 'panel_case', 'messages'] as const;

export type TimelineFilter = { kinds: readonly TimelineKind[]; from: string | null; to: string | null };

const PANEL_OUTCOMES: Record<string, string> = {
  approved: 'approved',
  approved_with_conditions: 'approved with conditions',
  not_approved: 'not approved',
};

/** The plan's saved changes and agreements; an agreement names the version it made, or the draft it was given to. */
async function planEntries({ plans }: Stores, link: string): Promise<TimelineEntry[]> {
  const versions = await plans.versionList();
  const agreements = await plans.agreementsFor(versions.map((version) => version.number));
  const drafts = planDrafts(versions, agreements);
  const agreedVersion = (number: number) => drafts.agreed.find((version) => version.number === number)?.label;
  return [
    ...versions.map((version) => ({
      at: version.saved_at,
      kind: 'plan' as const,
      part: 'plan' as const,
      title: 'Plan changed',
      who: version.saved_by_name,
      detail: version.change_summary,
      link,
    })),
    ...agreements.map((agreement) => ({
      at: agreement.agreed_at,
      kind: 'plan' as const,
      part: 'plan' as const,
      title: `Plan ${agreedVersion(agreement.version_number) ?? 'draft'} agreed${agreement.party === 'lead_professional' ? ' by the lead professional' : ''}`,
      who: agreement.agreed_by_name,
      link,
    })),
  ];
}

/** Every event of every task. */
async function taskEntries({ teamwork }: Stores, personId: string): Promise<TimelineEntry[]> {
  const events = await teamwork.tasks.allEvents();
  return events.map((event) => ({
    at: event.at,
    kind: 'task' as const,
    part: event.part,
    title:
      event.kind === 'created'
        ? `Task added: ${event.title}, for ${event.owner_name}`
        : event.kind === 'handed_over'
          ? `Task handed over to ${event.owner_name}: ${event.title}`
          : `Task ${TASK_STATUSES[event.status].toLowerCase()}: ${event.title}`,
    who: event.by_name,
    ...((event.reason ?? event.note) ? { detail: [event.reason, event.note].filter(Boolean).join(' – ') } : {}),
    link: `/people/${personId}/tasks/${event.task_id}`,
  }));
}

/** Cases sent to a panel, and its decisions. */
async function panelEntries({ panel }: Stores, link: string): Promise<TimelineEntry[]> {
  const [submissions, decisions] = await Promise.all([panel.submissions(), panel.decisions()]);
  return [
    ...submissions.map((submission) => ({
      at: submission.submitted_at,
      kind: 'referral' as const,
      part: 'panel_case' as const,
      title: 'Sent to a panel',
      who: submission.submitted_by_name,
      detail: submission.asking_for,
      link,
    })),
    ...decisions.map((decision) => ({
      at: decision.decided_at,
      kind: 'referral' as const,
      part: 'panel_case' as const,
      title: `The panel decided: ${PANEL_OUTCOMES[decision.outcome] ?? decision.outcome}`,
      who: decision.decided_by_name,
      detail: decision.reasons,
      link,
    })),
  ];
}

async function noteEntries({ teamwork }: Stores): Promise<TimelineEntry[]> {
  return (await teamwork.tasks.notes()).map((note) => ({
    at: note.written_at,
    kind: 'note' as const,
    part: 'notes' as const,
    title: 'Note',
    who: note.written_by_name,
    detail: note.body,
  }));
}

/** Whether an entry passes the filter: one of the kinds asked for (all when none), on or between the dates. */
export function passesFilter(entry: TimelineEntry, filter: TimelineFilter): boolean {
  const day = ukDate(entry.at);
  return (
    (filter.kinds.length === 0 || filter.kinds.includes(entry.kind)) &&
    (filter.from === null || day >= filter.from) &&
    (filter.to === null || day <= filter.to)
  );
}

export function createTimelineService() {
  return {
    /** One page of the person's timeline, newest first: only the parts the reader may read, filtered. */
    async timeline(data: Data, personId: string, filter: TimelineFilter, pageAsked: number) {
      return data.readFirst(
        personId,
        TIMELINE_PARTS,
        () => 'Your shared timeline: what has happened in your care and support',
        async (stores, decision) => {
          if (decision.purpose === 'panel') throw forbidden();
          const wanted = (kind: TimelineKind) => filter.kinds.length === 0 || filter.kinds.includes(kind);
          const sources: Promise<TimelineEntry[]>[] = [];
          if (wanted('plan') && decision.may('plan')) sources.push(planEntries(stores, `/people/${personId}/plan`));
          if (wanted('task') && (decision.may('plan') || decision.may('notes')))
            sources.push(taskEntries(stores, personId));
          if (wanted('referral') && decision.may('panel_case'))
            sources.push(panelEntries(stores, `/people/${personId}/panel`));
          if (wanted('note') && decision.may('notes')) sources.push(noteEntries(stores));
          for (const source of timelineSources) if (source.kinds.some(wanted)) sources.push(source.entries(stores));
          const entries = (await Promise.all(sources))
            .flat()
            .filter((entry) => decision.may(entry.part) && passesFilter(entry, filter))
            .sort((a, b) => b.at.getTime() - a.at.getTime());
          const page = pageWithin(entries.length, pageAsked, ENTRIES_PER_PAGE);
          const paged: Paged<TimelineEntry> = {
            total: entries.length,
            page,
            items: entries.slice(page.offset, page.offset + page.size),
          };
          return {
            name: await stores.people.name(),
            isThePerson: decision.purpose === 'self',
            mayAddNote: decision.may('notes', 'write') && decision.purpose !== 'emergency',
            paged,
          };
        },
      );
    },

    /** Adds a short note to the timeline (the part `notes`); notes are never changed. */
    async addNote(data: Data, personId: string, body: string, now: Date) {
      return data.write(personId, 'notes', 'Added a note to your timeline', async (stores, decision) => {
        if (decision.purpose === 'emergency' || decision.purpose === 'panel') throw forbidden();
        const actor = data.actor!;
        await stores.teamwork.tasks.insertNote({
          id: newId(),
          body,
          written_by_kind: actor.kind,
          written_by_id: actor.id,
          written_by_name:
            decision.purpose === 'representative'
              ? `${actor.name}, acting for ${await stores.people.name()}`
              : writerName(actor),
          written_at: now,
        });
      });
    },
  };
}

export type TimelineService = ReturnType<typeof createTimelineService>;
