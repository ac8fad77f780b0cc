import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import { PersonDataContext } from './data-context.ts';

export function createAccessService(db: Db, _config: Pick<Config, 'breakGlassHours'>) {
  return {
    /** The access-checked, audited data context for one request. */
    contextFor: (actor: Actor | null) => new PersonDataContext(db, actor),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
