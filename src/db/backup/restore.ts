import { sql, type Kysely } from 'kysely';
import type { Db } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { appliedMigrations, applicationTables, quoteName, type CatalogTable } from './catalog.ts';
import { BackupError, isPlainObject, parseHeader, type BackupHeader } from './format.ts';
import { gzipLines, type NumberedLine } from './lines.ts';

/** Rows sent in one insert. Each batch is one JSON text parameter, so the count is not bound by parameter limits. */
export const ROWS_PER_BATCH = 1_000;

export type RestoreSummary = { rows: Record<string, number>; total: number };

/** Rows of one table, with the same columns, waiting to be inserted together. */
type Batch = { table: CatalogTable; columns: string[]; lines: NumberedLine[] };

/**
 * Loads a backup into an empty database. The header is checked before anything changes; then the
 * database is migrated, its migrations compared with the backup's, and every row inserted in one
 * transaction, so a bad line anywhere leaves the database as it was and the error names that line.
 */
export async function restoreBackup(
  db: Db,
  file: string,
  options: { rowsPerBatch?: number } = {},
): Promise<RestoreSummary> {
  const lines = gzipLines(file);
  try {
    const first = await lines.next();
    if (first.done) throw new BackupError(`${file} is empty, so it is not a Careweave backup.`);
    const header = parseHeader(parseLine(first.value));
    await migrateToLatest(db);
    const sameSchema = checkMigrations(header, (await appliedMigrations(db)) ?? []);
    const tables = new Map((await applicationTables(db)).map((table) => [table.name, table]));
    return await db.transaction().execute(async (trx) => {
      await refuseUnlessEmpty(trx, [...tables.values()]);
      const rows = await insertRows(trx, lines, tables, sameSchema, options.rowsPerBatch ?? ROWS_PER_BATCH);
      await resetSequences(trx);
      return { rows, total: Object.values(rows).reduce((sum, count) => sum + count, 0) };
    });
  } catch (error) {
    if (error instanceof BackupError) throw new BackupError(`${error.message} Nothing was restored.`);
    throw error;
  } finally {
    await lines.return(undefined);
  }
}

/** The backup's migrations must be this code's first ones. Returns whether the schemas are the same. */
function checkMigrations(header: BackupHeader, current: string[]): boolean {
  header.migrations.forEach((name, index) => {
    if (index >= current.length) {
      throw new BackupError(
        `The backup comes from a newer Careweave (it has migration ${name}, which this version does not): restore it with that version or a later one.`,
      );
    }
    if (current[index] !== name) {
      throw new BackupError(
        `The backup's migrations do not match this Careweave (${name} where this version has ${current[index]}): restore it with the version that made it.`,
      );
    }
  });
  return header.migrations.length === current.length;
}

async function refuseUnlessEmpty(trx: Kysely<any>, tables: CatalogTable[]): Promise<void> {
  // Blocks writers until the restore commits, so nothing can slip in between this check and the inserts.
  await sql`lock table ${sql.raw(tables.map((table) => quoteName(table.name)).join(', '))} in exclusive mode`.execute(
    trx,
  );
  for (const table of tables) {
    const result = await sql<{
      found: boolean;
    }>`select exists (select 1 from ${sql.raw(quoteName(table.name))}) as found`.execute(trx);
    if (result.rows[0]?.found) {
      throw new BackupError(
        `The database already holds data (the table ${table.name} has rows): restore only into an empty database, such as a new DATA_DIR or a new PostgreSQL database.`,
      );
    }
  }
}

async function insertRows(
  trx: Kysely<any>,
  lines: AsyncIterator<NumberedLine>,
  tables: Map<string, CatalogTable>,
  sameSchema: boolean,
  batchSize: number,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let batch: Batch | undefined;
  let lastLine = 1;
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    lastLine = line.number;
    const value = parseLine(line);
    if (isPlainObject(value) && value.end === true) {
      if (batch) await insertBatch(trx, batch);
      const after = await lines.next();
      if (!after.done) throw new BackupError(`Line ${after.value.number} comes after the last line of the backup.`);
      checkCounts(value.rows, counts, line.number);
      for (const name of Object.keys(value.rows as object)) counts[name] ??= 0;
      return counts;
    }
    const { table, columns } = checkRow(value, line.number, tables, sameSchema);
    counts[table.name] = (counts[table.name] ?? 0) + 1;
    if (
      batch &&
      (batch.table !== table || batch.columns.join() !== columns.join() || batch.lines.length >= batchSize)
    ) {
      await insertBatch(trx, batch);
      batch = undefined;
    }
    batch ??= { table, columns, lines: [] };
    batch.lines.push(line);
  }
  throw new BackupError(`The backup ends at line ${lastLine} without its closing line: the file is incomplete.`);
}

function parseLine(line: NumberedLine): unknown {
  try {
    return JSON.parse(line.text);
  } catch {
    throw new BackupError(`Line ${line.number} is not valid JSON.`);
  }
}

/** A row line must name a table this database has, with only its columns; all of them when the schemas match. */
function checkRow(
  value: unknown,
  lineNumber: number,
  tables: Map<string, CatalogTable>,
  sameSchema: boolean,
): { table: CatalogTable; columns: string[] } {
  if (!isPlainObject(value) || typeof value.table !== 'string' || !isPlainObject(value.row)) {
    throw new BackupError(`Line ${lineNumber} is not a table row of a Careweave backup.`);
  }
  const table = tables.get(value.table);
  if (!table)
    throw new BackupError(`Line ${lineNumber} is for a table "${value.table}" that this database does not have.`);
  const columns = Object.keys(value.row);
  const known = new Set(table.columns.map((column) => column.name));
  const unknown = columns.find((column) => !known.has(column));
  if (unknown !== undefined)
    throw new BackupError(`Line ${lineNumber} has a column "${unknown}" that the table ${table.name} does not have.`);
  if (sameSchema) {
    const row = value.row;
    const missing = table.columns.find((column) => !(column.name in row));
    if (missing)
      throw new BackupError(`Line ${lineNumber} lacks the column "${missing.name}" of the table ${table.name}.`);
  }
  return { table, columns };
}

function checkCounts(expected: unknown, counts: Record<string, number>, lineNumber: number): void {
  if (!isPlainObject(expected))
    throw new BackupError(
      `Line ${lineNumber}, the last line of the backup, is damaged: it must give the number of rows of each table.`,
    );
  for (const name of new Set([...Object.keys(expected), ...Object.keys(counts)])) {
    const promised = expected[name] ?? 0;
    const found = counts[name] ?? 0;
    if (promised !== found) {
      throw new BackupError(
        `The last line of the backup says the table ${name} has ${JSON.stringify(promised)} rows, but the file holds ${found}: the file is damaged.`,
      );
    }
  }
}

/**
 * Inserts a batch in one statement. Postgres turns each row's JSON into the table's types itself, from
 * the text of the file, so timestamps, dates and numbers arrive exactly as they were written. When the
 * batch fails, the rows are tried one by one to name the line at fault.
 */
async function insertBatch(trx: Kysely<any>, batch: Batch): Promise<void> {
  const columns = sql.raw(batch.columns.map(quoteName).join(', '));
  const table = sql.raw(quoteName(batch.table.name));
  const insert = (lines: NumberedLine[]) =>
    sql`
    insert into ${table} (${columns}) overriding system value
    select ${sql.raw(batch.columns.map((column) => `r.${quoteName(column)}`).join(', '))}
    from json_array_elements(${`[${lines.map((line) => line.text).join(',')}]`}::text::json) as e(line),
      lateral json_populate_record(null::${table}, e.line -> 'row') as r`.execute(trx);
  const failure = await attempt(trx, () => insert(batch.lines));
  if (!failure) return;
  for (const line of batch.lines) {
    const rowFailure = await attempt(trx, () => insert([line]));
    if (rowFailure)
      throw new BackupError(
        `Line ${line.number} cannot be restored into ${batch.table.name}: ${rowFailure.message.split('\n')[0]}.`,
      );
  }
  throw failure;
}

/** Runs a statement inside a savepoint, so a failure can be undone without losing the transaction. */
async function attempt(trx: Kysely<any>, statement: () => Promise<unknown>): Promise<Error | undefined> {
  await sql`savepoint restore_batch`.execute(trx);
  try {
    await statement();
    await sql`release savepoint restore_batch`.execute(trx);
    return undefined;
  } catch (error) {
    await sql`rollback to savepoint restore_batch`.execute(trx);
    return error as Error;
  }
}

/** Moves each identity or serial sequence past the largest restored value, so new rows do not collide. */
async function resetSequences(trx: Kysely<any>): Promise<void> {
  const result = await sql<{ table_name: string; column_name: string; sequence_name: string }>`
    select c.relname as table_name, a.attname as column_name, pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) as sequence_name
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      and pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) is not null`.execute(trx);
  for (const row of result.rows) {
    await sql`select setval(${row.sequence_name}::regclass, top) from (select max(${sql.raw(quoteName(row.column_name))}) as top from ${sql.raw(quoteName(row.table_name))}) as m where top is not null`.execute(
      trx,
    );
  }
}
