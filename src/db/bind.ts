import type { Db } from './database.ts';

type Query = (db: Db, ...args: never[]) => unknown;
type Bound<F> = F extends (db: Db, ...args: infer A) => infer R ? (...args: A) => R : never;

/** A module's queries with the database already given: what its services are handed instead of the handle. */
export function bindDatabase<T extends Record<string, Query>>(db: Db, queries: T): { [K in keyof T]: Bound<T[K]> } {
  return Object.fromEntries(
    Object.entries(queries).map(([name, query]) => [name, (...args: never[]) => query(db, ...args)]),
  ) as { [K in keyof T]: Bound<T[K]> };
}
