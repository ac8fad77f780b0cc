import type { Kysely } from 'kysely';
import { runStatements } from '../statements.ts';

/**
 * An organisation's own logo, uploaded by its administrator. The bytes live in the database, like
 * everything else, so backups and every app server see the same logo. One logo per organisation.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table organisation_logo (
       organisation_id uuid primary key references organisation (id),
       content_type text not null check (content_type in ('image/png', 'image/jpeg')),
       bytes bytea not null check (octet_length(bytes) between 1 and 204800),
       updated_at timestamptz not null
     )`,
  ]);
}
