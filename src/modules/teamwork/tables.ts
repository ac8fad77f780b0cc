import type { EpisodeTables } from './tables-episodes.ts';
import type { MessageTables } from './tables-messages.ts';
import type { TaskTables } from './tables-tasks.ts';

/** Every table of the teamwork module: tasks, transfer-of-care episodes and messages. */
export interface TeamworkTables extends TaskTables, EpisodeTables, MessageTables {}
