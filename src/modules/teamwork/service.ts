import type { TeamworkDeps } from './deps.ts';
import { createEpisodeService } from './episodes-service.ts';
import { createMessageService } from './messages-service.ts';
import { createTaskService } from './tasks-service.ts';

/** Teamwork's services: tasks and the timeline, transfer-of-care episodes, and messages. */
export function createTeamworkService(deps: TeamworkDeps) {
  return {
    tasks: createTaskService(deps),
    episodes: createEpisodeService(deps),
    messages: createMessageService(deps),
  };
}

export type TeamworkService = ReturnType<typeof createTeamworkService>;
