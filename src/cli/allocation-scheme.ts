import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { isUuid } from '../ids.ts';
import { checkAllocationScheme, createAllocationSchemes } from '../modules/budgets/index.ts';
import { parseOptions } from './options.ts';

const USE = 'Use: careweave allocation-scheme import FILE --organisation ID';

/** The scheme in a JSON file, checked; every problem is named with where it is, and nothing is stored on any. */
function readScheme(file: string) {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT' ? `There is no file ${file}.` : `The file ${file} cannot be read (${code ?? 'error'}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}. Nothing was stored.`);
  }
  const checked = checkAllocationScheme(json);
  if (!checked.ok) {
    const count = checked.problems.length;
    throw new ConfigError(
      [
        `${file} has ${count} ${count === 1 ? 'problem' : 'problems'}, so nothing was stored:`,
        ...checked.problems.map((problem) => `  ${problem.path}: ${problem.message}`),
      ].join('\n'),
    );
  }
  return checked.scheme;
}

/** `careweave allocation-scheme import FILE --organisation ID`: publishes a scheme as the organisation's next version. */
export async function runAllocationScheme(args: string[], config: Config): Promise<void> {
  const { values, positionals } = parseOptions(args, { organisation: { type: 'string' } }, 2);
  const [action, file] = positionals;
  if (action !== 'import') throw new ConfigError(`${action ? `Unknown action "${action}". ` : ''}${USE}`);
  if (!file) throw new ConfigError(`Give the file to import. ${USE}`);
  const organisationId = values.organisation?.trim().toLowerCase();
  if (!organisationId) throw new ConfigError(`Give the organisation the scheme is for. ${USE}`);
  if (!isUuid(organisationId))
    throw new ConfigError(`--organisation must be an organisation's id, like 0190a1b2-0000-7000-8000-000000000000.`);
  const scheme = readScheme(file);
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    const schemes = createAllocationSchemes(handle.db);
    const organisation = await schemes.organisationName(organisationId);
    if (!organisation)
      throw new ConfigError(`There is no organisation with the id ${organisationId}. Nothing was stored.`);
    const published = await schemes.publish(
      organisationId,
      scheme,
      `The careweave command, from the file ${path.basename(file)}`,
      new Date(),
    );
    console.log(
      `Published “${scheme.name}” as version ${published.version} of ${organisation}'s allocation scheme, in force from now.`,
    );
  } finally {
    await handle.close();
  }
}
