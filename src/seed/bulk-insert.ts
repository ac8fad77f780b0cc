import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';

/** Rows for one table. */
export type TableRows = {
  [T in keyof Database]: { table: T; rows: readonly Insertable<Database[T]>[] };
}[keyof Database];

/** One table's rows as an insert that reads them from a JSON array by the table's own row type. */
const insertFromJson = ({ table, rows }: TableRows): RawBuilder<unknown> => {
  const columns = sql.join(Object.keys(rows[0]!).map((column) => sql.ref(column)));
  return sql`insert into ${sql.table(table)} (${columns})
    select ${columns} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)})`;
};

/**
 * Inserts many rows into several tables in ONE statement, a parameter per table: each table's rows go as a JSON
 * array, in the order given (foreign keys are checked when the statement ends). A multi-row VALUES list needs a
 * parameter per column per row, which PostgreSQL parses slowly and caps at 65,535, and a statement per table
 * is a round trip each; this writes thousands of people at once on PostgreSQL and PGlite alike. Columns the
 * first row leaves out take their defaults. For seeding only: the rows are trusted.
 */
export async function insertMany(db: Db, tables: readonly TableRows[]): Promise<void> {
  const inserts = tables.filter((entry) => entry.rows.length).map(insertFromJson);
  if (!inserts.length) return;
  const steps = inserts.map((insert, index) => sql`${sql.raw(`step_${index}`)} as (${insert})`);
  await sql`with ${sql.join(steps)} select 1`.execute(db);
}
