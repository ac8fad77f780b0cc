import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { createAccessService } from './modules/access/service.ts';
import { createIdentityService } from './modules/identity/service.ts';
import { createPeopleService } from './modules/people/service.ts';

/** Every module's services, built once over one database and handed to the routes that use them. */
export function createServices(db: Db, config: Config) {
  return {
    db,
    config,
    identity: createIdentityService(db, config),
    access: createAccessService(db, config),
    people: createPeopleService(),
  };
}

export type Services = ReturnType<typeof createServices>;
