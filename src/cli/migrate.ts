import type { Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { parseOptions } from './options.ts';

export async function runMigrate(args: string[], config: Config): Promise<void> {
  parseOptions(args, {});
  const handle = await openDatabase(config);
  try {
    const applied = await migrateToLatest(handle.db);
    console.log(
      applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.',
    );
  } finally {
    await handle.close();
  }
}
