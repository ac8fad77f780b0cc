import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.ts';
import {
  COMMITS,
  ENDS_TRANSACTION,
  hasPrepared,
  queryBetween,
  STARTS_TRANSACTION,
  THEN_COMMIT,
  WITH_NEXT,
  type Ahead,
} from './postgres-round-trips.ts';

/**
 * A database session shared by a pool's connections (PGlite's, pglite-pool.ts): a transaction must have it to itself.
 * `statement` resolves once no transaction holds it; `transaction` once the session is held for one, with the way to
 * let it go. Either may refuse as busy.
 */
export type SharedSession = { statement: () => Promise<void>; transaction: () => Promise<() => void> };

/** The parts of a node-postgres pool that Careweave uses: the pool of PGlite's connections has them too. */
export type PoolLike = Pick<pg.Pool, 'connect' | 'end' | 'totalCount' | 'idleCount'> & { session?: SharedSession };

/** Statements given a name at most: enough for every query the app sends, bounded for those built with lists. */
const MOST_NAMED_STATEMENTS = 1000;
const QUERY = /^\s*(?:select|insert|update|delete|with)\b/i;
/** What Kysely is answered for a `begin` or `commit` that goes, or went, with a statement. */
const NOTHING_SENT = { command: '', rowCount: null, oid: 0, rows: [], fields: [] } satisfies pg.QueryResult;

/**
 * Kysely's view of a node-postgres pool, with three changes:
 * - each query is sent as a named statement, so every connection parses and plans it once and then only runs it
 *   (the names are per text; statements that define or change tables are sent unnamed);
 * - the start of a transaction waits to go with its first statement, a statement that ends with WITH_NEXT waits to go
 *   with the next, and the commit goes with a last statement that ends with THEN_COMMIT, each in the statement's round
 *   trip (see postgres-round-trips.ts); a transaction that sent nothing ends without asking the server;
 * - when every connection has been in use for the pool's connection time-out, the request is told the service is
 *   busy (503) rather than failing with a time-out.
 */
export function poolForKysely(pool: PoolLike, size: number): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (
      name === undefined &&
      names.size < MOST_NAMED_STATEMENTS &&
      (QUERY.test(text) || STARTS_TRANSACTION.test(text) || ENDS_TRANSACTION.test(text))
    )
      names.set(text, (name = `careweave_${names.size + 1}`));
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  let connectionsNamed = 0;
  const { session } = pool;
  const named = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapped = clients.get(client);
    if (!wrapped) {
      // Connections that share a session share its names too: each names its statements for itself.
      const own = session ? `c${connectionsNamed++}_` : '';
      const nameOf = (text: string) => {
        const name = nameFor(text);
        return name && own + name;
      };
      /** The session held for this connection's transaction, when connections share one. */
      let hold: (() => void) | undefined;
      const letGo = () => {
        hold?.();
        hold = undefined;
      };
      /** The start of a transaction, held back until its first statement. */
      let begin: string | undefined;
      /** Statements marked WITH_NEXT, held back until the next statement of their transaction. */
      let held: pg.QueryConfig[] = [];
      /** Whether a transaction has started and not ended. */
      let inTransaction = false;
      /** Whether the transaction was committed with its last statement. */
      let committed = false;
      /** Sends `config` with what was held back before it, and `commit` (a statement's name) after it. */
      const send = (config: pg.QueryConfig, commit?: string) => {
        const before: Ahead[] = [
          ...(begin === undefined ? [] : [{ name: begin }]),
          ...held.map(({ name, values }) => ({ name: name!, values })),
        ];
        const around = { before, after: hasPrepared(client, commit) ? commit : undefined };
        begin = undefined;
        held = [];
        if (!before.length && !around.after) return client.query(config);
        const sent = queryBetween(client, around, config);
        return around.after
          ? sent.then((result) => {
              committed = true;
              inTransaction = false;
              return result;
            })
          : sent;
      };
      const query = async (text: string, values: unknown[] = []): Promise<pg.QueryResult> => {
        if (session && !inTransaction && !committed) {
          // Nothing to end here: on a shared session, it would end another connection's transaction.
          if (ENDS_TRANSACTION.test(text)) return NOTHING_SENT;
          if (STARTS_TRANSACTION.test(text)) hold = await session.transaction();
          else await session.statement();
        }
        try {
          return await sendQuery(text, values);
        } finally {
          if (hold && ENDS_TRANSACTION.test(text)) letGo();
        }
      };
      const sendQuery = async (text: string, values: unknown[]): Promise<pg.QueryResult> => {
        const name = nameOf(text);
        if (STARTS_TRANSACTION.test(text)) {
          inTransaction = true;
          if (hasPrepared(client, name)) {
            begin = name;
            return NOTHING_SENT;
          }
        }
        if (committed) {
          // Kysely's own commit is all that may follow; anything else would run outside the transaction.
          committed = false;
          if (COMMITS.test(text)) return NOTHING_SENT;
          throw new Error('This transaction was committed with its last statement: nothing may follow THEN_COMMIT');
        }
        if (ENDS_TRANSACTION.test(text)) {
          inTransaction = false;
          const last = held.pop();
          if (last && COMMITS.test(text)) {
            // What was held back is sent now, with the commit after it; the first commit on a connection goes on its own.
            if (!hasPrepared(client, name)) {
              await send(last);
              return client.query({ text, values, name });
            }
            await send(last, name);
            committed = false;
            return NOTHING_SENT;
          }
          // A rollback never sends what was held back; with its begin not sent either, nothing is to be ended.
          held = [];
          if (begin !== undefined) {
            begin = undefined;
            return NOTHING_SENT;
          }
        }
        if (text.endsWith(WITH_NEXT) && inTransaction && hasPrepared(client, name)) {
          held.push({ text, values, name });
          return NOTHING_SENT;
        }
        return send({ text, values, name }, text.endsWith(THEN_COMMIT) ? nameOf('commit') : undefined);
      };
      wrapped = {
        query: ((textOrCursor: unknown, values?: unknown[]) => {
          if (typeof textOrCursor === 'string') return query(textOrCursor, values);
          if (begin !== undefined || held.length || session)
            throw new Error(
              'A cursor cannot follow what is held back to go with the next statement, nor share a session',
            );
          return client.query(textOrCursor as never);
        }) as unknown as PostgresPoolClient['query'],
        release: () => {
          // A transaction left open would take in the next statement of every connection that shares its session: it
          // is rolled back before the session is let go.
          if (session && inTransaction && hold) {
            const holding = hold;
            hold = undefined;
            void client.query('rollback').then(holding, holding);
          } else letGo();
          begin = undefined;
          held = [];
          inTransaction = false;
          committed = false;
          client.release();
        },
      };
      clients.set(client, wrapped);
    }
    return wrapped;
  };
  return {
    connect: async () => {
      try {
        return named(await pool.connect());
      } catch (error) {
        throw pool.totalCount >= size && pool.idleCount === 0 ? new AppError('CW_BUSY') : error;
      }
    },
    end: () => pool.end(),
  };
}
