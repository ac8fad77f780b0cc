import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';

/** Emergency access: grants, alerts for the privacy officer, and their review. */
export function createBreakGlassService(_db: Db, _config: Pick<Config, 'breakGlassHours'>) {
  return {};
}
