import type { FastifyInstance } from 'fastify';

/** `/health`: the process is up. `/ready`: it can reach its database, so a load balancer may send it work. */
export function setUpHealthChecks(app: FastifyInstance, databaseReady: () => Promise<void>): void {
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await databaseReady();
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'not ready', code: 'CW_NOT_READY' });
    }
  });
}
