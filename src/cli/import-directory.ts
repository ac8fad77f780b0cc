import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse/sync';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import {
  createDirectoryReference,
  createListingsService,
  type CsvTable,
  type ImportReport,
  type ImportSource,
} from '../modules/directory/index.ts';
import { parseOptions } from './options.ts';

const USE = 'Use: careweave import directory FILE [--skip-invalid]';

/** What a file or folder holds: Open Referral UK JSON, or a folder of the CSV layout (one file per table). */
export function readDirectorySource(file: string): ImportSource {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ConfigError(`There is no file or folder ${file}.`);
  const name = path.basename(file);
  if (stat.isDirectory()) {
    const files = fs.readdirSync(file).filter((entry) => entry.toLowerCase().endsWith('.csv'));
    if (files.length === 0) throw new ConfigError(`The folder ${file} has no CSV files. Nothing was imported.`);
    const csv: CsvTable[] = files.sort().map((entry) => {
      try {
        const rows = parse<Record<string, string>>(fs.readFileSync(path.join(file, entry), 'utf8'), {
          columns: true,
          bom: true,
          skip_empty_lines: true,
        });
        return { file: entry, rows };
      } catch (error) {
        throw new ConfigError(`${entry} is not a CSV file Careweave can read: ${(error as Error).message}`);
      }
    });
    return { name, csv };
  }
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}. Nothing was imported.`);
  }
  return { name, json };
}

/** The report, in lines: what is wrong, what was left out, what was kept. */
export function reportLines(report: ImportReport, name: string): { problems: string[]; summary: string[] } {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const problems = report.refused
    ? [
        `${name} has ${count(report.problems.length, 'problem', 'problems')}, so nothing was imported:`,
        ...report.problems.map((line) => `  ${line}`),
        'Correct the file, or run again with --skip-invalid to import the rest.',
      ]
    : [];
  const summary = report.refused
    ? []
    : [
        `Imported ${name}: ${count(report.created, 'new record', 'new records')}, ${report.changed} changed, ${report.unchanged} unchanged.`,
        ...(report.problems.length
          ? [
              'Left out, with --skip-invalid: each problem, then what went with it.',
              ...[...report.problems, ...report.skipped].map((line) => `  ${line}`),
            ]
          : []),
      ];
  const warnings = report.warnings.map((line) => `  ${line}`);
  return { problems, summary: warnings.length ? [...summary, 'Links left out:', ...warnings] : summary };
}

/** `careweave import directory FILE [--skip-invalid]`. */
export async function runImportDirectory(args: string[], config: Config): Promise<void> {
  const { values, positionals } = parseOptions(args, { 'skip-invalid': { type: 'boolean' } }, 1);
  const file = positionals[0];
  if (!file) throw new ConfigError(`Give the file or folder to import. ${USE}`);
  const source = readDirectorySource(path.resolve(file));
  const handle = await openDatabase(config);
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, clearOnComplete: true }) : undefined;
  try {
    await migrateToLatest(handle.db);
    const listings = createListingsService(createDirectoryReference(handle.db));
    const report = await listings.import(source, {
      skipInvalid: values['skip-invalid'] ?? false,
      now: new Date(),
      progress: (done, total) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
    });
    bar?.stop();
    const lines = reportLines(report, source.name);
    if (report.refused) throw new ConfigError(lines.problems.join('\n'));
    console.log(lines.summary.join('\n'));
  } finally {
    bar?.stop();
    await handle.close();
  }
}
