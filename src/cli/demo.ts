import type { Config } from '../config.ts';
import { DEMO_AREA_ADDED, demoAreaSignIns, seedDemoArea } from '../seed/demo-area.ts';
import { hasData } from '../seed/demo.ts';
import { parseOptions } from './options.ts';
import { startServer } from './serve.ts';

/**
 * Sets up the demo area on an empty database, prints how to sign in, and serves. The demo is plain
 * http on this machine, so its cookies drop the Secure flag unless COOKIE_SECURE says otherwise, and
 * it logs only warnings unless LOG_LEVEL says otherwise, so the sign-ins stay readable.
 */
export async function runDemo(args: string[], config: Config): Promise<void> {
  parseOptions(args, {});
  const demoConfig = {
    ...config,
    cookieSecure: process.env.COOKIE_SECURE ? config.cookieSecure : false,
    logLevel: process.env.LOG_LEVEL ? config.logLevel : 'warn',
  };
  await startServer(demoConfig, async (db) => {
    if (!(await hasData(db))) {
      await seedDemoArea(db);
      console.log(DEMO_AREA_ADDED);
    }
    console.log(demoAreaSignIns());
  });
}
