import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { restoreBackup } from '../db/backup/restore.ts';
import { checkBackupTarget, writeBackup } from '../db/backup/write.ts';
import { openDatabase } from '../db/database.ts';
import { parseOptions } from './options.ts';

/** careweave backup <file>: every row to one new gzip file. Changes nothing in the database. */
export async function runBackup(args: string[], config: Config): Promise<void> {
  const file = fileArgument(args, 'careweave backup backups/careweave-2026-05-01.jsonl.gz');
  checkBackupTarget(file);
  // Opening an embedded database that is not there would create an empty one: say so instead.
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'PG_VERSION'))) {
    throw new ConfigError(
      `There is no Careweave database in ${config.dataDir}: set DATA_DIR to the data folder to back up.`,
    );
  }
  const handle = await openDatabase(config);
  try {
    const summary = await writeBackup(handle.db, file);
    console.log(`Wrote ${summary.total} rows from ${Object.keys(summary.rows).length} tables to ${file}.`);
  } finally {
    await handle.close();
  }
}

/** careweave restore <file>: loads a backup into an empty database, all or nothing. */
export async function runRestore(args: string[], config: Config): Promise<void> {
  const file = fileArgument(args, 'careweave restore backups/careweave-2026-05-01.jsonl.gz');
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ConfigError(`There is no file at ${file}: check the file name.`);
  if (!stat.isFile()) throw new ConfigError(`${file} is not a file: give the backup file itself.`);
  const handle = await openDatabase(config);
  try {
    const summary = await restoreBackup(handle.db, file);
    console.log(`Restored ${summary.total} rows into ${Object.keys(summary.rows).length} tables from ${file}.`);
  } finally {
    await handle.close();
  }
}

function fileArgument(args: string[], example: string): string {
  const { positionals } = parseOptions(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new ConfigError(`Give the backup file, like: ${example}`);
  return path.resolve(file);
}
