import { sql, type Kysely } from 'kysely';

/** An application table as the database describes it: what a backup reads and a restore fills. */
export type CatalogTable = {
  name: string;
  /** Columns a backup carries, in table order. Generated columns are left out: the database recomputes them. */
  columns: { name: string; type: string }[];
  primaryKey: { name: string; type: string }[];
};

/** Kysely's own bookkeeping; the list of applied migrations goes in the backup header instead. */
const MIGRATION_TABLES = /^schema_migration/;

/**
 * Every table in the public schema except the migration tables and derived ones, parents before children so that rows
 * can be inserted in this order without breaking a foreign key. Read from pg_catalog, so tables added by later
 * migrations are covered without a change here. A table whose comment begins "Derived:" is kept by the database's
 * triggers from other tables (such as each funding stream's balances, from the ledger): a backup leaves it out, and a
 * restore rebuilds it as it adds the rows it is derived from.
 */
export async function applicationTables(db: Kysely<any>): Promise<CatalogTable[]> {
  const tableRows = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and coalesce(obj_description(c.oid, 'pg_class'), '') not like 'Derived:%'`.execute(db);
  const names = tableRows.rows.map((row) => row.name).filter((name) => !MIGRATION_TABLES.test(name));

  const columnRows = await sql<{ table_name: string; name: string; type: string }>`
    select c.relname as table_name, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);

  const keyRows = await sql<{ table_name: string; name: string; type: string }>`
    select c.relname as table_name, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_index i
    join pg_class c on c.oid = i.indrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, position)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
    where n.nspname = 'public' and i.indisprimary
    order by c.relname, k.position`.execute(db);

  const edgeRows = await sql<{ child: string; parent: string }>`
    select child.relname as child, parent.relname as parent
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace n on n.oid = child.relnamespace
    where n.nspname = 'public' and k.contype = 'f'`.execute(db);

  const tables = new Map<string, CatalogTable>(names.map((name) => [name, { name, columns: [], primaryKey: [] }]));
  for (const row of columnRows.rows) tables.get(row.table_name)?.columns.push({ name: row.name, type: row.type });
  for (const row of keyRows.rows) tables.get(row.table_name)?.primaryKey.push({ name: row.name, type: row.type });
  return foreignKeyOrder([...tables.values()], edgeRows.rows);
}

/**
 * Orders tables so each comes after every table it references. Ties go alphabetically so the order
 * is the same on every run. A table that references itself needs no ordering between tables; a
 * cycle between tables cannot be restored by plain inserts, so it stops the backup.
 */
export function foreignKeyOrder<T extends { name: string }>(
  tables: T[],
  edges: { child: string; parent: string }[],
): T[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const parents = new Map(tables.map((table) => [table.name, new Set<string>()]));
  for (const { child, parent } of edges) {
    if (child !== parent && byName.has(parent)) parents.get(child)?.add(parent);
  }
  const ordered: T[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = [...byName.keys()]
      .filter((name) => !placed.has(name) && [...parents.get(name)!].every((parent) => placed.has(parent)))
      .sort();
    if (ready.length === 0) {
      const stuck = [...byName.keys()].filter((name) => !placed.has(name)).sort();
      throw new Error(
        `The tables ${stuck.join(', ')} reference each other in a cycle, so they cannot be backed up in a safe order.`,
      );
    }
    for (const name of ready) {
      placed.add(name);
      ordered.push(byName.get(name)!);
    }
  }
  return ordered;
}

/** Quotes a name from the catalog for use in SQL text. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The migrations applied to this database, oldest first; undefined when it has never been migrated. */
export async function appliedMigrations(db: Kysely<any>): Promise<string[] | undefined> {
  const exists = await sql<{
    found: string | null;
  }>`select to_regclass('public.schema_migration')::text as found`.execute(db);
  if (!exists.rows[0]?.found) return undefined;
  const rows = await sql<{ name: string }>`select name from schema_migration order by name`.execute(db);
  return rows.rows.map((row) => row.name);
}
