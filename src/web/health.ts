import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';

/** `/health`: the process is up. `/ready`: it can reach its database, so a load balancer may send it work. */
export function setUpHealthChecks(app: FastifyInstance, services: Services): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'not ready', code: 'CW_NOT_READY' });
    }
  });
}
