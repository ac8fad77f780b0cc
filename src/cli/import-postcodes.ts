import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

export async function runImportPostcodes(_args: string[], _config: Config): Promise<void> {
  throw new ConfigError('Importing postcodes is not ready yet.');
}
