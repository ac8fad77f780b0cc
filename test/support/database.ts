import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** Which database the suite runs on: PGlite unless TEST_DATABASE_URL names a PostgreSQL server. */
export const testBackend = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');

/** A new, empty, migrated database for one test file, on the backend under test. */
export async function freshDatabase(): Promise<
  DatabaseHandle & { config: { databaseUrl: string | undefined; dataDir: string } }
> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `careweave_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const config = { databaseUrl: url.toString(), dataDir: '' };
    const handle = await openDatabase(config);
    await migrateToLatest(handle.db);
    return {
      ...handle,
      config,
      close: async () => {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-test-'));
  fs.cpSync(await migratedTemplate(), dataDir, { recursive: true });
  const config = { databaseUrl: undefined, dataDir };
  const handle = await openDatabase(config);
  await migrateToLatest(handle.db);
  return {
    ...handle,
    config,
    close: async () => {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creating a PGlite data folder takes seconds; copying one takes milliseconds. The first test file
 * makes a migrated template folder (under a lock, as files run in parallel) and the rest copy it.
 */
async function migratedTemplate(): Promise<string> {
  const folder = path.join(import.meta.dirname, '../../src/db/migrations');
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(folder).sort()) hash.update(file).update(fs.readFileSync(path.join(folder, file)));
  const key = hash.digest('hex').slice(0, 16);
  const template = path.join(os.tmpdir(), `careweave-template-${key}`);
  const ready = path.join(template, '.ready');
  if (fs.existsSync(ready)) return template;
  fs.mkdirSync(template, { recursive: true });
  const release = await lockfile.lock(template, {
    retries: { retries: 120, minTimeout: 250, maxTimeout: 500 },
    stale: 60_000,
    realpath: false,
  });
  try {
    if (!fs.existsSync(ready)) {
      const building = `${template}.building`;
      fs.rmSync(building, { recursive: true, force: true });
      const handle = await openDatabase({ databaseUrl: undefined, dataDir: building });
      await migrateToLatest(handle.db);
      await handle.close();
      fs.cpSync(building, template, { recursive: true });
      fs.rmSync(building, { recursive: true, force: true });
      fs.writeFileSync(ready, '');
    }
  } finally {
    await release();
  }
  return template;
}
