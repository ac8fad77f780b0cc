import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import pg from 'pg';
import { AppError } from '../errors.ts';
import type { PoolLike } from './postgres-pool.ts';

/** How many may wait for the embedded database, and for how long, before they are told it is busy. */
export const EMBEDDED_QUEUE = { mostWaiting: 500, longestWaitMs: 5_000 };

type Waiter = { lend: () => void; timer?: ReturnType<typeof setTimeout> };

/**
 * PGlite as a node-postgres pool of one connection. PGlite is a single Postgres session, so that one connection is
 * lent to one user at a time: a transaction keeps it until commit or rollback, and everyone else waits in line, first
 * come first served. Without this, two requests' statements would interleave inside one transaction.
 *
 * The line is bounded: a request that would be the 501st in line, or that has waited 5 seconds, is refused at once
 * as busy (503), rather than waiting for a time-out with nothing said.
 *
 * Going through node-postgres (PGlite's own adapter) rather than `pglite.query` gives the embedded database what a
 * server gets (postgres-pool.ts): each statement is prepared once and then only run, `begin` and `commit` go with a
 * statement, and values are sent and read back as they are from a server. Under the bench's load this served 1.7
 * to 2 times as many pages a second as `pglite.query`.
 */
export async function pglitePool(pglite: PGlite): Promise<PoolLike> {
  const client = new pg.Client(createPgConfig(pglite));
  client.on('error', (error) => console.error(`Embedded database error: ${error.message}`));
  await client.connect();
  let lent = false;
  const line: Waiter[] = [];

  const waitInLine = (bounded: boolean): Promise<void> => {
    if (bounded && line.length >= EMBEDDED_QUEUE.mostWaiting) return Promise.reject(new AppError('CW_BUSY'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        lend: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
      };
      if (bounded)
        waiter.timer = setTimeout(() => {
          line.splice(line.indexOf(waiter), 1);
          reject(new AppError('CW_BUSY'));
        }, EMBEDDED_QUEUE.longestWaitMs);
      line.push(waiter);
    });
  };
  const take = async (bounded: boolean): Promise<void> => {
    if (!lent) lent = true;
    else await waitInLine(bounded);
  };
  const lend = Object.assign(client, {
    release: () => {
      const next = line.shift();
      if (next) next.lend();
      else lent = false;
    },
  });

  return {
    connect: (async () => {
      await take(true);
      return lend;
    }) as PoolLike['connect'],
    /** Waits, however long, for everyone already in line and whoever holds the connection, then closes it. */
    end: async () => {
      await take(false);
      await client.end();
    },
    get totalCount() {
      return 1;
    },
    get idleCount() {
      return lent ? 0 : 1;
    },
  };
}
