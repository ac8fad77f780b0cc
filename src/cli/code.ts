import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { ConfigError } from '../config.ts';
import { currentTotpCode } from '../modules/identity/index.ts';
import { parseOptions } from './options.ts';

/** Prints a staff account's current one-time code. For demo and test machines, where the secret is known. */
export async function runCode(args: string[], config: Config): Promise<void> {
  const { positionals } = parseOptions(args, {}, 1);
  const email = positionals[0]?.trim().toLowerCase();
  if (!email)
    throw new ConfigError(
      'Give the email address of a staff account, like: careweave code priya.shah@council.example.org',
    );
  const handle = await openDatabase(config);
  try {
    const staff = await handle.db
      .selectFrom('staff_account')
      .select('totp_secret')
      .where('email', '=', email)
      .executeTakeFirst();
    if (!staff?.totp_secret) throw new ConfigError(`There is no staff account with a one-time code for ${email}.`);
    console.log(await currentTotpCode(staff.totp_secret));
  } finally {
    await handle.close();
  }
}
