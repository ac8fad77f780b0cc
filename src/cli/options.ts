import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { ConfigError } from '../config.ts';

/** Options a command accepts, checked strictly so a mistyped option stops with a clear line. */
export function parseOptions<T extends ParseArgsOptionsConfig>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
    if (parsed.positionals.length > positionals) throw new ConfigError(`Unexpected argument "${parsed.positionals[positionals]}". Run "careweave help" to see the usage.`);
    return parsed;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} Run "careweave help" to see the usage.`);
  }
}
