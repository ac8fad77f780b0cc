import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.ts';
import { hasPrepared, queryAfterBegin, STARTS_TRANSACTION } from './postgres-begin.ts';

/** Statements given a name at most: enough for every query the app sends, bounded for those built with lists. */
const MOST_NAMED_STATEMENTS = 1000;
const QUERY = /^\s*(?:select|insert|update|delete|with)\b/i;
const ENDS_TRANSACTION = /^\s*(?:commit|rollback)\s*$/i;
/** What Kysely is answered for a `begin` held back to go with the transaction's first statement. */
const NOTHING_SENT = { command: 'BEGIN', rowCount: null, oid: 0, rows: [], fields: [] } satisfies pg.QueryResult;

/**
 * Kysely's view of a node-postgres pool, with three changes:
 * - each query is sent as a named statement, so every connection parses and plans it once and then only runs it
 *   (the names are per text; statements that define or change tables are sent unnamed);
 * - the start of a transaction waits to go with its first statement, in one round trip (see postgres-begin.ts), and a
 *   transaction that sent nothing ends without asking the server;
 * - when every connection has been in use for the pool's connection time-out, the request is told the service is
 *   busy (503) rather than failing with a time-out.
 */
export function poolForKysely(pool: pg.Pool, size: number): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MOST_NAMED_STATEMENTS && (QUERY.test(text) || STARTS_TRANSACTION.test(text)))
      names.set(text, (name = `careweave_${names.size + 1}`));
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const named = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapped = clients.get(client);
    if (!wrapped) {
      /** The start of a transaction, held back until its first statement. */
      let begin: string | undefined;
      const query = (text: string, values: unknown[] = []): Promise<pg.QueryResult> => {
        const name = nameFor(text);
        if (STARTS_TRANSACTION.test(text) && name && hasPrepared(client, name)) {
          begin = name;
          return Promise.resolve(NOTHING_SENT);
        }
        if (begin === undefined) return client.query({ text, values, name });
        const started = begin;
        begin = undefined;
        return ENDS_TRANSACTION.test(text)
          ? Promise.resolve(NOTHING_SENT)
          : queryAfterBegin(client, started, { text, values, name });
      };
      wrapped = {
        query: ((textOrCursor: unknown, values?: unknown[]) => {
          if (typeof textOrCursor === 'string') return query(textOrCursor, values);
          if (begin !== undefined) throw new Error('A cursor cannot be the first statement of a transaction');
          return client.query(textOrCursor as never);
        }) as unknown as PostgresPoolClient['query'],
        release: () => {
          begin = undefined;
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
