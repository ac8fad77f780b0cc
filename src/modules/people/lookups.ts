import type { Db } from '../../db/database.ts';
import { fullName } from './names.ts';
import * as store from './store.ts';

// Names other modules show beside their own data, such as a plan naming who does what. Each takes the
// transaction the access-checked data context handed the caller, and checks nothing itself.

/** The person's full name, or undefined when there is no such person. */
export async function personFullName(db: Db, personId: string): Promise<string | undefined> {
  const person = await store.findPersonName(db, personId);
  return person && fullName(person);
}

/** The current members of the circle of support, by name: id, name and relationship. */
export const currentCircle = (db: Db, personId: string) => store.currentCircleMembers(db, personId);

export type CircleName = { name: string; relationship: string };

/** Names of circle members, past and present, by id: those asked for, or everyone when `ids` is left out. */
export async function circleNamesById(db: Db, personId: string, ids?: readonly string[]): Promise<Map<string, CircleName>> {
  if (ids?.length === 0) return new Map();
  const rows = await store.circleMembersById(db, personId, ids);
  return new Map(rows.map((row) => [row.id, { name: row.name, relationship: row.relationship }]));
}
