import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { appliedMigrations, applicationTables, quoteName, type CatalogTable } from './catalog.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, type BackupEndLine, type BackupHeader } from './format.ts';

/** Rows read per query: enough to keep the database busy, few enough that a million people never sit in memory. */
export const ROWS_PER_PAGE = 5_000;

export type BackupSummary = { rows: Record<string, number>; total: number };

/** Refuses a file that exists or a folder that does not, before any database work starts. */
export function checkBackupTarget(file: string): void {
  if (fs.existsSync(file))
    throw new BackupError(`${file} already exists: a backup never overwrites a file, so give a new file name.`);
  const folder = path.dirname(path.resolve(file));
  if (!fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new BackupError(
      `The folder ${folder} does not exist: create it first, or give a file name in a folder that exists.`,
    );
  }
}

/**
 * Writes every row of every application table to one gzip file of JSON lines. All reads happen in
 * one read-only repeatable-read transaction, so a server writing at the same time cannot leave the
 * backup with a child row whose parent is missing. Tables are read in primary-key order, a page at
 * a time. A backup that fails part way is removed, so a file that exists is a finished backup.
 */
export async function writeBackup(
  db: Kysely<any>,
  file: string,
  options: { rowsPerPage?: number } = {},
): Promise<BackupSummary> {
  checkBackupTarget(file);
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'wx');
  } catch (error) {
    throw new BackupError(
      `${file} cannot be created (${(error as { code?: string }).code ?? (error as Error).message}): choose a file name in a folder you can write to.`,
    );
  }
  const rows: Record<string, number> = {};
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set transaction read only`.execute(trx);
        // Timestamps are written with an offset either way; UTC makes two backups of one database identical.
        await sql`set local time zone 'UTC'`.execute(trx);
        const migrations = await appliedMigrations(trx);
        if (!migrations)
          throw new BackupError(
            'This database has no Careweave tables, so there is nothing to back up: check DATABASE_URL or DATA_DIR.',
          );
        const tables = await applicationTables(trx);
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          created_at: new Date().toISOString(),
          migrations,
        };
        await pipeline(
          backupLines(trx, header, tables, rows, options.rowsPerPage ?? ROWS_PER_PAGE),
          zlib.createGzip(),
          handle.createWriteStream({ flush: true }),
        );
      });
  } catch (error) {
    await handle.close().catch(() => {});
    await fs.promises.rm(file, { force: true });
    throw error;
  }
  return { rows, total: Object.values(rows).reduce((sum, count) => sum + count, 0) };
}

async function* backupLines(
  trx: Kysely<any>,
  header: BackupHeader,
  tables: CatalogTable[],
  rows: Record<string, number>,
  pageSize: number,
): AsyncGenerator<string> {
  yield `${JSON.stringify(header)}\n`;
  for (const table of tables) {
    let count = 0;
    const prefix = `{"table":${JSON.stringify(table.name)},"row":`;
    for await (const page of tablePages(trx, table, pageSize)) {
      count += page.length;
      yield page.map((row) => `${prefix}${row}}\n`).join('');
    }
    rows[table.name] = count;
  }
  const end: BackupEndLine = { end: true, rows };
  yield `${JSON.stringify(end)}\n`;
}

/**
 * One table's rows as JSON text, a page at a time, by keyset pagination on the primary key: each page
 * starts after the last key of the one before, so every page is an index range scan however deep.
 * Postgres writes the JSON itself, which keeps timestamps to the microsecond.
 */
async function* tablePages(trx: Kysely<any>, table: CatalogTable, pageSize: number): AsyncGenerator<string[]> {
  if (table.primaryKey.length === 0)
    throw new Error(`The table ${table.name} has no primary key, so it cannot be read in pages for a backup.`);
  const columns = sql.raw(table.columns.map((column) => quoteName(column.name)).join(', '));
  const keys = sql.raw(table.primaryKey.map((key) => quoteName(key.name)).join(', '));
  const keysOfPage = sql.raw(
    table.primaryKey.map((key, index) => `(page.${quoteName(key.name)})::text as k${index}`).join(', '),
  );
  const orderOfPage = sql.raw(table.primaryKey.map((key) => `page.${quoteName(key.name)}`).join(', '));
  let after: string[] | undefined;
  for (;;) {
    const start = after
      ? sql`where (${keys}) > (${sql.join(after.map((value, index) => sql`${value}::${sql.raw(table.primaryKey[index]!.type)}`))})`
      : sql``;
    const result = await sql<Record<string, string>>`
      select row_to_json(page)::text as row_json, ${keysOfPage}
      from (select ${columns} from ${sql.raw(quoteName(table.name))} ${start} order by ${keys} limit ${pageSize}) page
      order by ${orderOfPage}`.execute(trx);
    if (result.rows.length > 0) yield result.rows.map((row) => row.row_json!);
    if (result.rows.length < pageSize) return;
    const last = result.rows.at(-1)!;
    after = table.primaryKey.map((_, index) => last[`k${index}`]!);
  }
}
