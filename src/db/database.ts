import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ConfigError, type Config } from '../config.ts';
import { lockDataFolder } from './data-folder-lock.ts';
import { poolForKysely } from './postgres-pool.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type DatabaseHandle = { db: Db; backend: 'pglite' | 'postgres'; close: () => Promise<void> };

const POOL_SIZE = 10;
/**
 * Connections to the embedded database's thread: enough that it has the next statement waiting while it runs one.
 * They share its one session (pglite-pool.ts), and each prepares its own statements.
 */
const EMBEDDED_CONNECTIONS = 3;
const INT8 = 20;
const DATE = 1082;

/** int8 becomes a JS number (pence and counts stay well inside 2^53); a date stays 'YYYY-MM-DD'. */
function parseInt8(value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`A whole number from the database is too large: ${value}`);
  return number;
}
pg.types.setTypeParser(INT8, parseInt8);
pg.types.setTypeParser(DATE, (value: string) => value);

/** Opens the database the configuration names: a PostgreSQL server, or the embedded one on disk. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<DatabaseHandle> {
  const handle = await startOpeningDatabase(config);
  await handle.opened;
  return handle;
}

/**
 * Opens the database as openDatabase does, but answers as soon as `db` may be used: the embedded database goes on
 * opening in its own thread, and statements wait for it. `opened` settles when it has opened, or fails as
 * openDatabase would; `close` may be called either way.
 */
export async function startOpeningDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
): Promise<DatabaseHandle & { opened: Promise<void> }> {
  if (config.databaseUrl) return { ...(await openPostgres(config.databaseUrl)), opened: Promise.resolve() };
  return openEmbedded(config.dataDir);
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, connectionTimeoutMillis: 5_000 });
  pool.on('error', (error) => console.error(`PostgreSQL connection error: ${error.message}`));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const reason = (error as { code?: string; message: string }).code ?? (error as Error).message;
    throw new ConfigError(
      `Cannot reach the PostgreSQL server in DATABASE_URL (${reason}): check the host, port, user, password and database name.`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolForKysely(pool, POOL_SIZE) }) });
  return { db, backend: 'postgres', close: () => db.destroy() };
}

async function openEmbedded(dataDir: string): Promise<DatabaseHandle & { opened: Promise<void> }> {
  const unlock = await lockDataFolder(dataDir);
  // Loaded only here: a process on a PostgreSQL server never needs the embedded one.
  const { openEmbeddedDatabase } = await import('./pglite-connection.ts');
  const { pglitePool } = await import('./pglite-pool.ts');
  const embedded = openEmbeddedDatabase(dataDir, EMBEDDED_CONNECTIONS).catch(async (error: unknown) => {
    await unlock();
    throw new ConfigError(
      `The embedded database in ${dataDir} could not be opened (${(error as Error).message}): restore it from a backup or choose another DATA_DIR.`,
    );
  });
  const opened = embedded.then(() => {});
  opened.catch(() => {}); // reported to whoever awaits it, and to every statement
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: async () => poolForKysely(pglitePool((await embedded).clients), EMBEDDED_CONNECTIONS),
    }),
  });
  return {
    db,
    backend: 'pglite',
    opened,
    close: async () => {
      // A database that failed to open has let its folder go already.
      const open = await embedded.catch(() => undefined);
      if (!open) return;
      await db.destroy();
      await open.close();
      await unlock();
    },
  };
}
