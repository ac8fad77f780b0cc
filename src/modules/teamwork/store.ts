import type { Db } from '../../db/database.ts';
import { bindEpisodeStore, createEpisodeReference } from './store-episodes.ts';
import { bindMessageStore, createMessageReference } from './store-messages.ts';
import { bindTaskStore, createTaskReference } from './store-tasks.ts';

/** The teamwork module's stores for one person: tasks, episodes and messages, each bound to that person. */
export function bindTeamworkStore(db: Db, personId: string) {
  return {
    tasks: bindTaskStore(db, personId),
    episodes: bindEpisodeStore(db, personId),
    messages: bindMessageStore(db, personId),
  };
}

/** What lists about many people start from (ids only; their records are then read through the data context). */
export function createTeamworkReference(db: Db) {
  return { tasks: createTaskReference(db), episodes: createEpisodeReference(db), messages: createMessageReference(db) };
}

export type TeamworkStore = ReturnType<typeof bindTeamworkStore>;
export type TeamworkReference = ReturnType<typeof createTeamworkReference>;
