import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';

const USE = 'Use: careweave export directory FILE';

/** `careweave export directory FILE`: every listing as Open Referral UK JSON. */
export async function runExport(args: string[], _config: Config): Promise<void> {
  const [what] = args;
  if (what !== 'directory') throw new ConfigError(what ? `Careweave cannot export "${what}". ${USE}` : USE);
  throw new ConfigError('Exporting the directory is not ready yet.');
}
