import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

const USE = 'Use: careweave import directory FILE [--skip-invalid], or careweave import postcodes FILE';

/** `careweave import <what> FILE`: each kind of file has its own importer, loaded only when it runs. */
export async function runImport(args: string[], config: Config): Promise<void> {
  const [what, ...rest] = args;
  if (what === 'directory') return (await import('./import-directory.ts')).runImportDirectory(rest, config);
  if (what === 'postcodes') return (await import('./import-postcodes.ts')).runImportPostcodes(rest, config);
  throw new ConfigError(what ? `Careweave cannot import "${what}". ${USE}` : USE);
}
