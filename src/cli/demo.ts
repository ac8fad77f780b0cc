import type { Config } from '../config.ts';
import { demoSignIns, hasData, seedDemo } from '../seed/demo.ts';
import { parseOptions } from './options.ts';
import { startServer } from './serve.ts';

/** Sets up the demo area on an empty database, prints how to sign in, and serves. */
export async function runDemo(args: string[], config: Config): Promise<void> {
  parseOptions(args, {});
  await startServer(config, async (services) => {
    if (!(await hasData(services.db))) {
      await seedDemo(services.db);
      console.log('Added the demo area: five organisations, nine staff and three people.');
    }
    console.log(demoSignIns());
  });
}
