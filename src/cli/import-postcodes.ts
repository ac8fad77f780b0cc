import fs from 'node:fs';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import { parse } from 'csv-parse';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { checkPostcodeRow, missingColumns, upsertPostcodes } from '../modules/directory/index.ts';
import { parseOptions } from './options.ts';

const USE = 'Use: careweave import postcodes FILE';
/** Postcodes written at a time. */
const BATCH = 5_000;
/** Problems listed one by one; past this many, only counted. */
const LISTED = 100;

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * `careweave import postcodes FILE`: where each postcode is, from the open national postcode directory (CSV with
 * a header row naming `pcds` or `pcd`, `lat`, `long` and `doterm`). Postcodes ended (`doterm`) and those without a
 * place (latitude 99.999999) are left out and counted. All in one transaction: a file with any bad row stores
 * nothing, and the report names each bad row by line and field.
 */
export async function runImportPostcodes(args: string[], config: Config): Promise<void> {
  const { positionals } = parseOptions(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new ConfigError(`Give the postcode file to import. ${USE}`);
  const at = path.resolve(file);
  const size = fs.statSync(at, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new ConfigError(`There is no file ${file}.`);
  const handle = await openDatabase(config);
  const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, clearOnComplete: true }) : undefined;
  try {
    await migrateToLatest(handle.db);
    const tally = { stored: 0, ended: 0, noLocation: 0, problems: [] as string[], problemCount: 0 };
    await handle.db
      .transaction()
      .execute(async (trx) => {
        const input = fs.createReadStream(at);
        bar?.start(size, 0);
        input.on('data', () => bar?.update(input.bytesRead));
        // The header row is checked as it is read, so a file of the wrong layout stops at once, even with no rows.
        const columns = (header: string[]) => {
          const missing = missingColumns(header);
          if (missing.length)
            throw new ConfigError(
              `${path.basename(at)} has no ${missing.join(', ')} column in its header row, so nothing was imported. It must be in the layout of the open national postcode directory.`,
            );
          return header;
        };
        const rows = input.pipe(parse({ columns, bom: true, skip_empty_lines: true, trim: true, info: true }));
        let batch: { postcode: string; latitude: number; longitude: number }[] = [];
        for await (const { record, info } of rows as AsyncIterable<{
          record: Record<string, string>;
          info: { lines: number };
        }>) {
          const row = checkPostcodeRow(record);
          if (row.kind === 'ended') tally.ended += 1;
          else if (row.kind === 'no location') tally.noLocation += 1;
          else if (row.kind === 'problem') {
            tally.problemCount += 1;
            if (tally.problems.length < LISTED) tally.problems.push(`Line ${info.lines}: ${row.problem}`);
          } else if (tally.problemCount === 0) {
            batch.push(row);
            if (batch.length >= BATCH) {
              await upsertPostcodes(trx, batch);
              tally.stored += batch.length;
              batch = [];
            }
          }
        }
        if (tally.problemCount > 0) throw new ProblemsFound();
        await upsertPostcodes(trx, batch);
        tally.stored += batch.length;
      })
      .catch((error: unknown) => {
        if (error instanceof ProblemsFound) return;
        if ((error as { code?: string }).code?.startsWith('CSV_'))
          throw new ConfigError(
            `${path.basename(at)} is not a CSV file Careweave can read: ${(error as Error).message}`,
          );
        throw error;
      });
    bar?.stop();
    if (tally.problemCount > 0)
      throw new ConfigError(
        [
          `${path.basename(at)} has ${count(tally.problemCount, 'bad row', 'bad rows')}, so nothing was imported:`,
          ...tally.problems.map((line) => `  ${line}`),
          ...(tally.problemCount > LISTED ? [`  and ${count(tally.problemCount - LISTED, 'more', 'more')}`] : []),
          'Correct the file and import it again.',
        ].join('\n'),
      );
    console.log(
      `Imported ${count(tally.stored, 'postcode', 'postcodes')} from ${path.basename(at)}. Left out ${count(tally.ended, 'ended postcode', 'ended postcodes')} and ${count(tally.noLocation, 'postcode', 'postcodes')} with no location.`,
    );
  } finally {
    bar?.stop();
    await handle.close();
  }
}

/** Ends the transaction without storing anything when a row was bad; the report follows. */
class ProblemsFound extends Error {}
