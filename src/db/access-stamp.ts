import { sql } from 'kysely';

/**
 * The database's access stamp (migration 0031), as a column of a query: a number that moves with every committed change
 * to what staff's access to records is decided on. The session is read with it, so every request knows how far those
 * changes had got when it began, at no extra cost; the data context reuses facts read under the same stamp.
 */
export const accessStampColumn = () => sql<string>`(select stamp from access_stamp)`.as('access_stamp');
