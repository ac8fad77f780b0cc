import type { AccessTables } from '../modules/access/tables.ts';
import type { IdentityTables } from '../modules/identity/tables.ts';
import type { PeopleTables } from '../modules/people/tables.ts';

/** Every table, as Kysely sees it. Each module owns and declares its own. */
export interface Database extends IdentityTables, PeopleTables, AccessTables {}
