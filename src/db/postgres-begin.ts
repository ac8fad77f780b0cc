import pg from 'pg';

/** How a transaction is started: Kysely sends `begin`, or `start transaction …` with settings. */
export const STARTS_TRANSACTION = /^\s*(?:begin|start\s+transaction\b[^;]*)\s*$/i;

/** The parts of node-postgres's connection that a statement writes to the server with. */
type Wire = {
  stream: { cork?: () => void; uncork?: () => void };
  bind: (config: { portal: string; statement: string; values: unknown[] }) => void;
  execute: (config: { portal: string }) => void;
};

/** What of node-postgres's Query this changes: how it is written to the server, and how it reads a completed command. */
type QueryInternals = {
  values?: unknown;
  submit: (connection: Wire) => Error | null;
  handleCommandComplete: (message: unknown, connection: unknown) => void;
};

/**
 * Sends `config` together with the start of its transaction: one message to the server and one answer back, where
 * node-postgres would otherwise send the `begin` and wait for it first (a round trip of every transaction, which on a
 * busy server costs as much as the statement). The `begin` is a statement this connection has prepared already
 * (`begin` is its name); both go before a single Sync, so when either fails the server runs nothing after the failure,
 * and the transaction is then rolled back as it would be after any failed statement. Resolves with the statement's
 * result.
 */
export function queryAfterBegin(client: pg.PoolClient, begin: string, config: pg.QueryConfig): Promise<pg.QueryResult> {
  const query = new pg.Query(config) as unknown as QueryInternals;
  const submit = query.submit.bind(query);
  const completed = query.handleCommandComplete.bind(query);
  query.submit = (connection) => {
    if (!Array.isArray(query.values)) return new Error('Query values must be an array');
    connection.stream.cork?.();
    try {
      connection.bind({ portal: '', statement: begin, values: [] });
      connection.execute({ portal: '' });
      return submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  };
  // The first command to complete is the `begin`: the statement's own result is what follows it.
  let begun = false;
  query.handleCommandComplete = (message, connection) => {
    if (begun) completed(message, connection);
    else begun = true;
  };
  return new Promise((resolve, reject) => {
    void client.query(
      query as never,
      ((error: Error | null, result: pg.QueryResult) => (error ? reject(error) : resolve(result))) as never,
    );
  });
}

/** Whether this connection has prepared the statement `name` already (node-postgres keeps the list per connection). */
export const hasPrepared = (client: pg.PoolClient, name: string): boolean =>
  Boolean(
    (client as unknown as { connection: { parsedStatements: Record<string, string> } }).connection.parsedStatements[
      name
    ],
  );
