import type { AccessPart } from '../../data/person-data.ts';

/** The kinds of thing the shared timeline shows, each a filter on the timeline page. */
export type TimelineKind = 'plan' | 'task' | 'episode' | 'referral' | 'message' | 'note';

/**
 * One thing that happened, as the shared timeline shows it. `part` is the part of the record it belongs to: the
 * timeline shows it only to readers who may read that part, so the person's sharing choices apply.
 */
export type TimelineEntry = {
  at: Date;
  kind: TimelineKind;
  part: AccessPart;
  /** A short sentence: what happened. */
  title: string;
  /** Who did it, as the reader should see them (e.g. 'Fatima Khan, acting for Aisha Khan'). */
  who: string;
  detail?: string;
  link?: string;
};
