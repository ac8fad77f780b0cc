import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { ConfigError } from '../config.ts';

const SEE_USAGE = 'Run "careweave help" to see the usage.';

/** Options a command accepts, checked strictly so a mistyped option stops with a clear line. */
export function parseOptions<T extends ParseArgsOptionsConfig>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals: positionals > 0 });
    if (parsed.positionals.length > positionals)
      throw new ConfigError(`Unexpected argument "${parsed.positionals[positionals]}". ${SEE_USAGE}`);
    return parsed;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${usageProblem(error as Error & { code?: string })} ${SEE_USAGE}`);
  }
}

/** Node's parseArgs messages are long and written for programmers; this says the same in one short sentence. */
function usageProblem(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? '';
  const option = quoted.split(' ')[0];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option "${option}".`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `Unexpected argument "${quoted}".`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('ambiguous')
        ? `The value after ${option} starts with a dash: write it as ${option}=VALUE.`
        : `${option} needs a value.`;
    default:
      return error.message.split('\n')[0]!.replace(/\.?$/, '.');
  }
}
