import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.ts';

export function registerAccessRoutes(_app: FastifyInstance, _services: Services): void {}
