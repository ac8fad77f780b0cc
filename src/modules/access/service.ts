import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../identity/actor.ts';
import { createBreakGlassService } from './break-glass.ts';
import { PersonDataContext } from './data-context.ts';
import { createSharingService } from './sharing.ts';

export function createAccessService(db: Db, config: Pick<Config, 'breakGlassHours'>) {
  return {
    /** The access-checked, audited data context for one request. */
    contextFor: (actor: Actor | null) => new PersonDataContext(db, actor),
    breakGlass: createBreakGlassService(db, config),
    sharing: createSharingService(db),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
