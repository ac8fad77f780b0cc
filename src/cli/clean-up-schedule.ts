import type { FastifyInstance } from 'fastify';

/** How often the server deletes ended sessions and old sign-in attempts. */
export const CLEAN_UP_EVERY_MS = 3_600_000;

/**
 * Runs the clean-up now and then every hour while the server runs. The timer does not keep the process alive,
 * and stops when the server closes. A failure is logged by its code only: never rows or values.
 */
export function scheduleCleanUp(app: FastifyInstance, cleanUp: () => Promise<unknown>): void {
  const run = () =>
    void cleanUp().catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      const shown = typeof code === 'string' ? code : 'no error code';
      app.log.error(`The clean-up of old sessions and sign-in attempts failed (${shown})`);
    });
  const timer = setInterval(run, CLEAN_UP_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  app.addHook('onReady', async () => run());
}
