import type pg from 'pg';
import { AppError } from '../errors.ts';
import type { PoolLike, SharedSession } from './postgres-pool.ts';

/** How many may wait for the embedded database, and for how long, before they are told it is busy. */
export const EMBEDDED_QUEUE = { mostWaiting: 500, longestWaitMs: 5_000 };

/** Someone waiting: for a connection, for the session to be free of a transaction, or to hold it for one. */
type Waiter<T> = { go: (given: T) => void; timer?: ReturnType<typeof setTimeout>; transaction?: boolean };

/** A line, first come first served; when `bounded`, the 501st to join, or one who has waited 5 s, is told it is busy. */
function line<T>() {
  const waiting: Waiter<T>[] = [];
  return {
    waiting,
    join(bounded: boolean, transaction?: boolean): Promise<T> {
      if (bounded && waiting.length >= EMBEDDED_QUEUE.mostWaiting) return Promise.reject(new AppError('CW_BUSY'));
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter<T> = {
          transaction,
          go: (given) => {
            clearTimeout(waiter.timer);
            resolve(given);
          },
        };
        if (bounded)
          waiter.timer = setTimeout(() => {
            waiting.splice(waiting.indexOf(waiter), 1);
            reject(new AppError('CW_BUSY'));
          }, EMBEDDED_QUEUE.longestWaitMs);
        waiting.push(waiter);
      });
    },
  };
}

/**
 * PGlite's connections (pglite-connection.ts) as a node-postgres pool. They share PGlite's one session, so while one
 * of them has a transaction open nothing else may be sent: another connection's statement would run inside that
 * transaction. So a transaction holds the session from its start until its connection is done with it
 * (postgres-pool.ts asks, through `session`), and everyone else's statements wait in line, first come first served;
 * between transactions, statements from every connection go to the database's thread one after another, so that it
 * has the next one while it runs one.
 *
 * The lines are bounded: a request that would be the 501st waiting for a connection, or that has waited 5 seconds for
 * a connection or for the session, is refused at once as busy (503), rather than waiting for a time-out with nothing
 * said. A transaction whose work waits for another connection is so refused too, rather than waiting for itself.
 */
export function pglitePool(clients: pg.Client[]): PoolLike {
  for (const client of clients)
    client.on('error', (error) => console.error(`Embedded database error: ${error.message}`));
  const free = clients.map((client) =>
    Object.assign(client, { release: () => lendOrFree(client as pg.PoolClient) }),
  ) as pg.PoolClient[];
  const forConnections = line<pg.PoolClient>();
  const lendOrFree = (client: pg.PoolClient) => {
    const next = forConnections.waiting.shift();
    if (next) next.go(client);
    else free.push(client);
  };
  const take = (bounded: boolean): Promise<pg.PoolClient> => {
    const client = free.pop();
    return client ? Promise.resolve(client) : forConnections.join(bounded);
  };

  const forSession = line<void>();
  let held = false;
  const letGo = () => {
    held = false;
    while (forSession.waiting.length && !held) {
      const next = forSession.waiting.shift()!;
      if (next.transaction) held = true;
      next.go();
    }
  };
  const session: SharedSession = {
    statement: () => (held || forSession.waiting.length ? forSession.join(true) : Promise.resolve()),
    transaction: async () => {
      if (held || forSession.waiting.length) await forSession.join(true, true);
      else held = true;
      let done = false;
      return () => {
        if (!done) letGo();
        done = true;
      };
    },
  };

  return {
    connect: (() => take(true)) as PoolLike['connect'],
    /** Waits, however long, for everyone already in line and whoever holds a connection, then closes them. */
    end: async () => {
      const all = await Promise.all(clients.map(() => take(false)));
      await Promise.all(all.map((client) => (client as unknown as pg.Client).end()));
    },
    session,
    get totalCount() {
      return clients.length;
    },
    get idleCount() {
      return free.length;
    },
  };
}
