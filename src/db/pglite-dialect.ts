import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { AppError } from '../errors.ts';

/**
 * Kysely dialect for PGlite. PGlite is a single Postgres session, so the driver lends that one
 * connection to one user at a time: a transaction keeps it until commit or rollback, and everyone
 * else queues. Without this, two requests' statements interleave inside one transaction.
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;
  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.#pglite);
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

/** How many may wait for the embedded database, and for how long, before they are told it is busy. */
export const EMBEDDED_QUEUE = { mostWaiting: 500, longestWaitMs: 5_000 };

type Waiter = { lend: () => void; timer?: ReturnType<typeof setTimeout> };

/**
 * Lends the one connection to one user at a time, first come first served. The line is bounded: a request that
 * would be the 501st in line, or that has waited 5 seconds, is refused at once as busy (503), rather than waiting
 * for a time-out with nothing said.
 */
class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  #lent = false;
  readonly #line: Waiter[] = [];

  constructor(pglite: PGlite) {
    this.#connection = new PGliteConnection(pglite);
  }
  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#lent) this.#lent = true;
    else await this.#waitInLine(true);
    return this.#connection;
  }

  #waitInLine(bounded: boolean): Promise<void> {
    if (bounded && this.#line.length >= EMBEDDED_QUEUE.mostWaiting) return Promise.reject(new AppError('CW_BUSY'));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        lend: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
      };
      if (bounded)
        waiter.timer = setTimeout(() => {
          this.#line.splice(this.#line.indexOf(waiter), 1);
          reject(new AppError('CW_BUSY'));
        }, EMBEDDED_QUEUE.longestWaitMs);
      this.#line.push(waiter);
    });
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const isolation = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await connection.executeQuery(CompiledQuery.raw(`begin${isolation}`));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    const next = this.#line.shift();
    if (next) next.lend();
    else this.#lent = false;
  }
  /** Waits, however long, for everyone already in line and whoever holds the connection, then keeps it. */
  async destroy(): Promise<void> {
    if (!this.#lent) this.#lent = true;
    else await this.#waitInLine(false);
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;
  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }
  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Parameters go as text of unspecified type, as node-postgres sends them, so Postgres infers each
    // type from the statement. Without paramTypes PGlite first asks the server to describe every
    // statement, which more than doubles the cost of a small query.
    const parameters = compiledQuery.parameters.map(asText);
    const result = await this.#pglite.query<R>(compiledQuery.sql, parameters, { paramTypes: parameters.map(() => 0) });
    const command = (result as { command?: string }).command;
    const changes = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return {
      rows: result.rows,
      ...(changes ? { numAffectedRows: BigInt(result.affectedRows ?? 0) } : {}),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on the embedded database; page through results instead.');
  }
}

/** A parameter as Postgres text input, as node-postgres would send it; bytes stay bytes for PGlite's bytea serializer. */
function asText(value: unknown): string | Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}
