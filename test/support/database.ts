import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

// A test process lives for seconds. Left to itself, V8 recompiles the embedded database's hottest WebAssembly with its
// optimising compiler while the tests run, which costs more than it saves: a third of a test file's CPU time and
// some 500 MB of memory at its peak. So PGlite runs on V8's baseline code in tests (the whole plans folder: 40 s to 26 s).
v8.setFlagsFromString('--no-wasm-tier-up');
v8.setFlagsFromString('--no-wasm-dynamic-tiering');

/** Which database the suite runs on: PGlite unless TEST_DATABASE_URL names a PostgreSQL server. */
export const testBackend = (): 'pglite' | 'postgres' => (process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite');

/**
 * A new, empty, migrated database for one test file, on the backend under test; with `migrated: false`, one with no
 * tables at all (for a test of a migration).
 */
export async function freshDatabase({ migrated = true } = {}): Promise<
  DatabaseHandle & { config: { databaseUrl: string | undefined; dataDir: string } }
> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `careweave_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(
        `create database ${name}${migrated ? ` template ${await migratedTemplateDatabase(admin, serverUrl)}` : ''}`,
      );
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const config = { databaseUrl: url.toString(), dataDir: '' };
    const handle = await openDatabase(config);
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
  if (migrated) await copyMigratedDataFolder(dataDir);
  const config = { databaseUrl: undefined, dataDir };
  // The copy is already at the latest migration (the template is named for the migrations it ran).
  const handle = await openDatabase(config);
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
 * An empty PGlite data folder at the latest migration, copied into `dataDir` (which must not exist or be empty):
 * each test file's database starts so, and so does the folder of a test of the careweave command that is not
 * about making a new one (making one takes seconds).
 */
export async function copyMigratedDataFolder(dataDir: string): Promise<void> {
  fs.cpSync(await migratedTemplate(), dataDir, { recursive: true });
  fs.rmSync(path.join(dataDir, '.ready'), { force: true });
}

/** Names the migrations: a template made by other migrations is never used. */
function migrationsKey(): string {
  const folder = path.join(import.meta.dirname, '../../src/db/migrations');
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(folder).sort()) hash.update(file).update(fs.readFileSync(path.join(folder, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Migrating a new PostgreSQL database takes a second or so; copying a migrated one, a tenth of that. The first
 * test file makes a migrated template database (under an advisory lock, as files run in parallel, and under
 * another name until it is complete) and every file's database is created from it.
 */
async function migratedTemplateDatabase(admin: pg.Client, serverUrl: string): Promise<string> {
  const template = `careweave_template_${migrationsKey()}`;
  const exists = async () =>
    (await admin.query('select 1 from pg_database where datname = $1', [template])).rowCount === 1;
  if (await exists()) return template;
  await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
  try {
    if (!(await exists())) {
      const building = `${template}_building`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      const url = new URL(serverUrl);
      url.pathname = `/${building}`;
      const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
      try {
        await migrateToLatest(handle.db);
      } finally {
        await handle.close();
      }
      await admin.query(`alter database ${building} rename to ${template}`);
    }
  } finally {
    await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
  }
  return template;
}

/**
 * Creating a PGlite data folder takes seconds; copying one takes milliseconds. The first test file
 * makes a migrated template folder (under a lock, as files run in parallel) and the rest copy it.
 */
async function migratedTemplate(): Promise<string> {
  const template = path.join(os.tmpdir(), `careweave-template-${migrationsKey()}`);
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
