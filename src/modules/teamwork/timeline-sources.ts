import { episodeTimeline } from './episodes-service.ts';
import { messageTimeline } from './messages-service.ts';
import type { TeamworkStores } from './stores.ts';
import type { TimelineEntry, TimelineKind } from './timeline-entry.ts';

/**
 * The timeline's entries from the rest of teamwork: episode steps and messages. Each source names the kinds it
 * gives, so a filter that leaves them out does not read them; the timeline shows an entry only to readers of its
 * part.
 */
export const timelineSources: {
  kinds: TimelineKind[];
  entries: (stores: TeamworkStores) => Promise<TimelineEntry[]>;
}[] = [
  { kinds: ['episode'], entries: episodeTimeline },
  { kinds: ['message'], entries: messageTimeline },
];
