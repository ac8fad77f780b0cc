import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from './database.ts';

/** A database for tests of the careweave command: what the command is given, and a way to look at it after. */
export type CliDatabase = {
  /** DATABASE_URL on PostgreSQL, DATA_DIR on the embedded database. */
  env: Record<string, string>;
  /** Runs the work on the database as the command left it. */
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>;
  close: () => Promise<void>;
};

/**
 * A fresh, migrated database on the backend under test. PostgreSQL is kept open alongside the command; the embedded
 * database (in `folder`/data) allows one process at a time, so it is opened only to look, after the command ends.
 */
export async function cliDatabase(folder: string): Promise<CliDatabase> {
  if (testBackend() === 'postgres') {
    const server = await freshDatabase();
    return {
      env: { DATABASE_URL: server.config.databaseUrl! },
      withDatabase: (work) => work(server),
      close: () => server.close(),
    };
  }
  const dataDir = path.join(folder, 'data');
  await copyMigratedDataFolder(dataDir);
  return {
    env: { DATA_DIR: dataDir },
    withDatabase: async (work) => {
      const handle = await openDatabase({ databaseUrl: undefined, dataDir });
      try {
        return await work(handle);
      } finally {
        await handle.close();
      }
    },
    close: async () => {},
  };
}
