import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { ConfigError } from '../config.ts';
import { DataFolderInUse } from '../db/data-folder-lock.ts';
import { currentTotpCode } from '../modules/identity/index.ts';
import { DEMO_STAFF, DEMO_TOTP } from '../seed/demo.ts';
import { DEMO_AREA_STAFF } from '../seed/demo-area.ts';
import { parseOptions } from './options.ts';

const CODE_SECONDS = 30;

/**
 * Prints a staff account's current one-time code, for demo and test machines, and how long it lasts. The code
 * comes from the account's secret in the database. While the demo is running, its embedded database cannot be
 * opened by a second process; then a demo staff account's code is worked out from the published demo secret
 * (which reveals nothing that is not in the README), and no other account's code is given.
 */
export async function runCode(args: string[], config: Config): Promise<void> {
  const { positionals } = parseOptions(args, {}, 1);
  const email = positionals[0]?.trim().toLowerCase();
  if (!email)
    throw new ConfigError(
      'Give the email address of a staff account, like: careweave code priya.shah@council.example.org',
    );
  const { secret, read } = await secretOf(email, config);
  const { code, secondsLeft } = await currentCode(secret);
  console.log(code);
  const lasts = `It works for ${secondsLeft} more seconds, and signs in once.`;
  if (!read)
    console.log(
      `${lasts} The data folder is in use (by the running demo, say), so this comes from the published demo secret: it is right while the account keeps that secret.`,
    );
  else console.log(secret === DEMO_TOTP ? `${lasts} It comes from the published demo secret.` : lasts);
}

/** The account's secret from the database, or, while the data folder is in use, a demo account's published one. */
async function secretOf(email: string, config: Config): Promise<{ secret: string; read: boolean }> {
  let handle: Awaited<ReturnType<typeof openDatabase>>;
  try {
    handle = await openDatabase(config);
  } catch (error) {
    if (!(error instanceof DataFolderInUse)) throw error;
    if (![...DEMO_STAFF, ...DEMO_AREA_STAFF].some((staff) => staff.email === email))
      throw new ConfigError(
        `${error.message} Only a demo staff account's code can be given while it runs, from the published demo secret; ${email} is not one.`,
      );
    return { secret: DEMO_TOTP, read: false };
  }
  try {
    const staff = await handle.db
      .selectFrom('staff_account')
      .select('totp_secret')
      .where('email', '=', email)
      .executeTakeFirst();
    if (!staff?.totp_secret) throw new ConfigError(`There is no staff account with a one-time code for ${email}.`);
    return { secret: staff.totp_secret, read: true };
  } finally {
    await handle.close();
  }
}

/** The code of the current 30-second step, and the seconds left in it; worked out again if the step ends meanwhile. */
async function currentCode(secret: string): Promise<{ code: string; secondsLeft: number }> {
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / CODE_SECONDS);
    const code = await currentTotpCode(secret);
    const now = Date.now() / 1000;
    if (Math.floor(now / CODE_SECONDS) === step)
      return { code, secondsLeft: Math.ceil((step + 1) * CODE_SECONDS - now) };
  }
}
