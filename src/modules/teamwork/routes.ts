import type { FastifyInstance } from 'fastify';
import type { TeamworkService } from './service.ts';
import { registerEpisodeRoutes } from './routes/episodes.ts';
import { registerMessageRoutes } from './routes/messages.ts';
import { registerTaskRoutes } from './routes/tasks.ts';

/** Teamwork's pages: tasks and the timeline, transfer-of-care episodes, and messages. */
export function registerTeamworkRoutes(app: FastifyInstance, teamwork: TeamworkService): void {
  registerTaskRoutes(app, teamwork.tasks);
  registerEpisodeRoutes(app, teamwork.episodes);
  registerMessageRoutes(app, teamwork.messages);
}
