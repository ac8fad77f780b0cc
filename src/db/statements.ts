import { sql, type Kysely } from 'kysely';

/** Runs schema statements one at a time: the embedded database takes one statement per query. */
export async function runStatements(db: Kysely<any>, statements: string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** A trigger that refuses UPDATE and DELETE, for tables whose history must never change. */
export function appendOnly(table: string): string[] {
  return [
    `create trigger ${table}_append_only before update or delete on ${table}
       for each row execute function refuse_change_to_history()`,
  ];
}

/**
 * A PostgreSQL array literal of text values, each quoted: both databases take it as one parameter (PGlite would send
 * a JavaScript array as JSON). Cast it in the query: `any(${arrayLiteral(ids)}::uuid[])`.
 */
export const arrayLiteral = (values: readonly string[]): string =>
  `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
