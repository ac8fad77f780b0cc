import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { arrayLiteral } from '../../db/statements.ts';
import { newId } from '../../ids.ts';
import type { ListingTable } from './hsds-objects.ts';

// Reading and writing the HSDS listings, table by table, for the import, the export and the Open Referral UK API.
// The tables and columns come from the declarations in hsds-objects.ts, never from a request or a file.

export type Row = Record<string, unknown>;

/** One field that changed, for the listing's history. */
export type FieldChange = { objectType: string; objectId: string; field: string; oldValue: unknown; newValue: unknown };

const BATCH = 500;

// The tables are named by the caller from the fixed declarations, so the query builder sees them as any table of
// columns.
type AnyTables = Kysely<Record<string, Row>>;
const untyped = (db: Kysely<Database> | AnyTables) => db as AnyTables;

function reader(db: Kysely<Database>) {
  return {
    /** Rows whose `column` is one of `values`, ordered by id. */
    async rowsWhere(table: ListingTable, column: string, values: readonly string[]): Promise<Row[]> {
      if (values.length === 0) return [];
      const rows: Row[] = [];
      for (let start = 0; start < values.length; start += BATCH) {
        const batch = values.slice(start, start + BATCH);
        rows.push(
          ...(await untyped(db)
            .selectFrom(table)
            .selectAll()
            .where(sql.ref(column), '=', sql`any(${arrayLiteral(batch)}::uuid[])`)
            .orderBy('id')
            .execute()),
        );
      }
      return rows.map(withoutSearchColumns);
    },

    /** A page of a table's rows, ordered by id, and how many there are in all. */
    async page(table: ListingTable, limit: number, offset: number): Promise<{ total: number; rows: Row[] }> {
      const { total } = await untyped(db)
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('total'))
        .executeTakeFirstOrThrow();
      const rows = await untyped(db).selectFrom(table).selectAll().orderBy('id').limit(limit).offset(offset).execute();
      return { total: Number(total), rows: rows.map(withoutSearchColumns) };
    },

    /** Every id in a table, in order. */
    async allIds(table: ListingTable): Promise<string[]> {
      const rows = await untyped(db).selectFrom(table).select('id').orderBy('id').execute();
      return rows.map((row) => row.id as string);
    },

    /** Which of `ids` a table holds. */
    async existingIds(table: ListingTable, ids: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let start = 0; start < ids.length; start += BATCH) {
        const rows = await untyped(db)
          .selectFrom(table)
          .select('id')
          .where('id', '=', sql`any(${arrayLiteral(ids.slice(start, start + BATCH))}::uuid[])`)
          .execute();
        for (const row of rows) found.add(row.id as string);
      }
      return found;
    },
  };
}

/** Search's own columns are kept by the database and are not part of a listing. */
function withoutSearchColumns(row: Row): Row {
  const { search_vector: _vector, earth: _earth, ...rest } = row;
  return rest;
}

function writer(trx: Kysely<Database>) {
  return {
    ...reader(trx),
    /** Adds rows, or replaces the columns given of those already there (by id). */
    async upsert(table: ListingTable, rows: Row[]): Promise<void> {
      for (let start = 0; start < rows.length; start += BATCH) {
        const batch = rows.slice(start, start + BATCH);
        const columns = Object.keys(batch[0]!).filter((column) => column !== 'id');
        await untyped(trx)
          .insertInto(table)
          .values(batch)
          .onConflict((conflict) =>
            columns.length === 0
              ? conflict.column('id').doNothing()
              : conflict
                  .column('id')
                  .doUpdateSet(Object.fromEntries(columns.map((column) => [column, sql.ref(`excluded.${column}`)]))),
          )
          .execute();
      }
    },

    /** The history of what changed, only ever added to. */
    async recordChanges(changes: FieldChange[], changedByName: string, at: Date): Promise<void> {
      const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));
      for (let start = 0; start < changes.length; start += BATCH)
        await trx
          .insertInto('directory_change')
          .values(
            changes.slice(start, start + BATCH).map((change) => ({
              id: newId(),
              object_type: change.objectType,
              object_id: change.objectId,
              field: change.field,
              old_value: json(change.oldValue),
              new_value: json(change.newValue),
              source: 'import',
              changed_by_name: changedByName,
              changed_at: at,
            })),
          )
          .execute();
    },

    /** Refreshes the search words of these services, and of those whose organisation or needs are among these. */
    async refreshSearch(touched: { services: string[]; organizations: string[]; terms: string[] }): Promise<void> {
      await sql`select directory_refresh_search(array(
          select id from dir_service where id = any(${arrayLiteral(touched.services)}::uuid[])
            or organization_id = any(${arrayLiteral(touched.organizations)}::uuid[])
          union
          select link_id from dir_attribute where link_type = 'service'
            and taxonomy_term_id = any(${arrayLiteral(touched.terms)}::uuid[])
        ))`.execute(trx);
    },
  };
}

export type ListingsReader = ReturnType<typeof reader>;
export type ListingsWriter = ReturnType<typeof writer>;

/** Reading and writing the HSDS listings: import, export and the Open Referral UK API. */
export function createListingsStore(db: Db) {
  return {
    ...reader(db),
    /** Runs the work in one transaction: all of it is kept, or none. */
    write: <T>(work: (store: ListingsWriter) => Promise<T>): Promise<T> =>
      db.transaction().execute((trx) => work(writer(trx))),
  };
}
