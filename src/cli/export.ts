import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createDirectoryReference, createListingsService, type CsvExport } from '../modules/directory/index.ts';
import { parseOptions } from './options.ts';

const USE = 'Use: careweave export directory FILE, or careweave export directory --csv FOLDER';

/** One CSV cell: quoted when it holds a comma, a quote or a line break, as RFC 4180 says. */
const cell = (value: unknown): string => {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** A table of the CSV layout as the text of its file: a header of HSDS field names, then a line per row. */
export const csvText = (table: CsvExport): string =>
  [table.columns.join(','), ...table.rows.map((row) => table.columns.map((column) => cell(row[column])).join(','))]
    .map((line) => `${line}\r\n`)
    .join('');

/** `careweave export directory FILE` (Open Referral UK JSON) or `--csv FOLDER` (one CSV file per table). */
export async function runExport(args: string[], config: Config): Promise<void> {
  const { values, positionals } = parseOptions(args, { csv: { type: 'string' } }, 2);
  const [what, file] = positionals;
  if (what !== 'directory') throw new ConfigError(what ? `Careweave cannot export "${what}". ${USE}` : USE);
  if (!file === !values.csv) throw new ConfigError(`Give one file, or --csv and a folder. ${USE}`);
  const target = path.resolve(file ?? values.csv!);
  if (file && fs.existsSync(target)) throw new ConfigError(`${target} already exists: give a new file name.`);
  if (values.csv && fs.existsSync(target) && fs.readdirSync(target).length > 0)
    throw new ConfigError(`The folder ${target} is not empty: give a new or empty folder.`);
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    const listings = createListingsService(createDirectoryReference(handle.db));
    if (file) {
      const bundle = await listings.exportBundle();
      fs.writeFileSync(target, `${JSON.stringify(bundle, null, 2)}\n`, { flag: 'wx' });
      console.log(`Wrote ${bundle.services.length} services to ${target}.`);
      return;
    }
    fs.mkdirSync(target, { recursive: true });
    const tables = await listings.exportTables();
    for (const table of tables) fs.writeFileSync(path.join(target, table.file), csvText(table), { flag: 'wx' });
    console.log(`Wrote ${tables.length} CSV files to ${target}.`);
  } finally {
    await handle.close();
  }
}
