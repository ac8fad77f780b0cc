import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

export async function runImportDirectory(_args: string[], _config: Config): Promise<void> {
  throw new ConfigError('Importing the directory is not ready yet.');
}
