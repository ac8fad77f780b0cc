import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { AppError } from '../errors.ts';

/** Statements given a name at most: enough for every query the app sends, bounded for those built with lists. */
const MOST_NAMED_STATEMENTS = 1000;
const QUERY = /^\s*(?:select|insert|update|delete|with)\b/i;

/**
 * Kysely's view of a node-postgres pool, with two changes:
 * - each query is sent as a named statement, so every connection parses and plans it once and then only runs it
 *   (the names are per text; statements that define or change tables are sent unnamed);
 * - when every connection has been in use for the pool's connection time-out, the request is told the service is
 *   busy (503) rather than failing with a time-out.
 */
export function poolForKysely(pool: pg.Pool, size: number): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MOST_NAMED_STATEMENTS && QUERY.test(text))
      names.set(text, (name = `careweave_${names.size + 1}`));
    return name;
  };
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const named = (client: pg.PoolClient): PostgresPoolClient => {
    let wrapped = clients.get(client);
    if (!wrapped) {
      wrapped = {
        query: ((textOrCursor: unknown, values?: unknown[]) =>
          typeof textOrCursor === 'string'
            ? client.query({ text: textOrCursor, values, name: nameFor(textOrCursor) })
            : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
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
