import type { FastifyInstance } from 'fastify';
import type { DirectoryService } from '../service.ts';

export function registerCommunityRoutes(_app: FastifyInstance, _directory: DirectoryService): void {}
