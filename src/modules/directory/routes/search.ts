import type { FastifyInstance } from 'fastify';
import type { DirectoryService } from '../service.ts';

export function registerSearchRoutes(_app: FastifyInstance, _directory: DirectoryService): void {}
