import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

export async function runBackup(_args: string[], _config: Config): Promise<void> {
  throw new ConfigError('backup is not built yet.');
}
export async function runRestore(_args: string[], _config: Config): Promise<void> {
  throw new ConfigError('restore is not built yet.');
}
