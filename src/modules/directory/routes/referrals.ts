import type { FastifyInstance } from 'fastify';
import type { DirectoryService } from '../service.ts';

export function registerReferralsRoutes(_app: FastifyInstance, _directory: DirectoryService): void {}
