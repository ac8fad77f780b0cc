import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { DEMO_AREA_ADDED, demoAreaSignIns, seedDemoArea } from '../seed/demo-area.ts';
import { hasData } from '../seed/demo.ts';
import { seedSyntheticPeople } from '../seed/scale.ts';
import { parseOptions } from './options.ts';

export async function runSeed(args: string[], config: Config): Promise<void> {
  const { values } = parseOptions(args, { people: { type: 'string' } });
  // Number() would read '', '1e3' and '0x10' as numbers; only plain digits are a count of people.
  const people = values.people === undefined ? 0 : /^[0-9]+$/.test(values.people) ? Number(values.people) : Number.NaN;
  if (!Number.isSafeInteger(people) || people > 10_000_000) {
    throw new ConfigError('--people must be a whole number from 0 to 10000000, like --people 1000');
  }
  const handle = await openDatabase(config);
  try {
    await migrateToLatest(handle.db);
    if (!(await hasData(handle.db))) {
      await seedDemoArea(handle.db);
      console.log(DEMO_AREA_ADDED);
      console.log(demoAreaSignIns());
    }
    if (people > 0)
      await seedSyntheticPeople(handle.db, people, { progress: process.stderr.isTTY || process.env.CI !== 'true' });
  } finally {
    await handle.close();
  }
}
