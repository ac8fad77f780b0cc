import pg from 'pg';
import { prepareValue } from 'pg/lib/utils.js';

/** How a transaction is started: Kysely sends `begin`, or `start transaction …` with settings. */
export const STARTS_TRANSACTION = /^\s*(?:begin|start\s+transaction\b[^;]*)\s*$/i;
/** How Kysely ends a transaction, and how it commits one. */
export const ENDS_TRANSACTION = /^\s*(?:commit|rollback)\s*$/i;
export const COMMITS = /^\s*commit\s*$/i;
/**
 * Ends a statement that is the last of its transaction, so that the commit goes with it (see postgres-pool.ts), on a
 * PostgreSQL server and on PGlite alike. Nothing may run in the transaction after it.
 */
export const THEN_COMMIT = '/* then commit */';
/**
 * Ends a statement inside a transaction whose result is not needed: it goes with the next statement of its
 * transaction, in that statement's round trip (see postgres-pool.ts), and its failure is that statement's. Only for a
 * statement that returns no rows and whose failure may be reported a step late.
 */
export const WITH_NEXT = '/* with the next */';

/** A prepared statement sent ahead of another, with its values. */
export type Ahead = { name: string; values?: readonly unknown[] };

/** The parts of node-postgres's connection that a statement writes to the server with. */
type Wire = {
  stream: { cork?: () => void; uncork?: () => void };
  bind: (config: {
    portal: string;
    statement: string;
    values: readonly unknown[];
    valueMapper?: (value: unknown) => unknown;
  }) => void;
  execute: (config: { portal: string }) => void;
  sync: () => void;
};

/** The parts of node-postgres's Query changed here: how it is written, and how it reads a finished command. */
type QueryInternals = {
  values?: unknown;
  submit: (connection: Wire) => Error | null;
  handleCommandComplete: (message: unknown, connection: unknown) => void;
};

/**
 * Sends `config` with statements before it (the start of its transaction, a statement held back with WITH_NEXT), the
 * commit after it, or both, as one message to the server and one answer back, where node-postgres would otherwise wait
 * for each in turn: a round trip each, which on a busy server costs about as much as a statement. `before` and `after`
 * name statements this connection has prepared already. All of it goes before a single Sync, so when one part fails
 * the server runs nothing after it: a failed statement is not committed, and its transaction is then rolled back as
 * after any failure. Resolves with the statement's own result; rejects with the first failure of any part.
 */
export function queryBetween(
  client: pg.PoolClient,
  around: { before: readonly Ahead[]; after?: string },
  config: pg.QueryConfig,
): Promise<pg.QueryResult> {
  const query = new pg.Query(config) as unknown as QueryInternals;
  const submit = query.submit.bind(query);
  const completed = query.handleCommandComplete.bind(query);
  const run = (connection: Wire, { name, values = [] }: Ahead) => {
    connection.bind({ portal: '', statement: name, values, valueMapper: prepareValue });
    connection.execute({ portal: '' });
  };
  query.submit = (connection) => {
    if (!Array.isArray(query.values)) return new Error('Query values must be an array');
    // The statement is written through this, so that the commit goes after it and before its Sync; and only once its
    // Execute is written (a value that cannot be sent ends the statement before that, and nothing is committed).
    // (A proxy, not an object made from the connection: PGlite's connection keeps its sending in a private method.)
    let executed = false;
    const changed: Partial<Wire> = {
      execute: (execute) => {
        executed = true;
        connection.execute(execute);
      },
      sync: () => {
        if (executed && around.after) run(connection, { name: around.after });
        connection.sync();
      },
    };
    const wire = new Proxy(connection, {
      get: (target, key): unknown => {
        if (key in changed) return changed[key as keyof Wire];
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    connection.stream.cork?.();
    try {
      for (const ahead of around.before) run(connection, ahead);
      return submit(wire);
    } finally {
      connection.stream.uncork?.();
    }
  };
  // Commands complete in the order sent; the statement's own result is the only one to keep.
  let commands = 0;
  const own = around.before.length;
  query.handleCommandComplete = (message, connection) => {
    if (commands++ === own) completed(message, connection);
  };
  return new Promise((resolve, reject) => {
    void client.query(
      query as never,
      ((error: Error | null, result: pg.QueryResult) => (error ? reject(error) : resolve(result))) as never,
    );
  });
}

/** Whether this connection has prepared the statement `name` already (node-postgres keeps the list per connection). */
export const hasPrepared = (client: pg.PoolClient, name: string | undefined): name is string =>
  name !== undefined &&
  Boolean(
    (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements[
      name
    ],
  );
