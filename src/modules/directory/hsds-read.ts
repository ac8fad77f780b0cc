import { columnOf, HSDS_OBJECTS, penceToPounds, type HsdsObjectName } from './hsds-objects.ts';
import type { ListingsReader, Row } from './store-listings.ts';

// Rows back into HSDS documents, nested as a shape asks: the export and every answer of the read API are built here,
// from the same declarations the import reads.

/** Which nested objects to include, by HSDS property, each with what to include inside it. */
export type Shape = { [property: string]: Shape };

const LOCATION: Shape = { addresses: {}, accessibility: {} };
const ORGANIZATION: Shape = { organization_identifiers: {} };

/** A fully nested service, as `/services/{id}` answers and the export writes. */
export const SERVICE_FULL: Shape = {
  organization: ORGANIZATION,
  schedules: {},
  service_areas: {},
  service_at_locations: { location: LOCATION, schedules: {} },
  languages: {},
  funding: {},
  cost_options: {},
  contacts: { phones: {} },
  attributes: { taxonomy_term: {} },
};
/** A service in a list: its own fields and its organisation's. */
export const SERVICE_LIST: Shape = { organization: {} };
export const SERVICE_AT_LOCATION_LIST: Shape = { location: {}, service: SERVICE_LIST };
const { service_at_locations: _places, ...SERVICE_WITHOUT_PLACES } = SERVICE_FULL;
export const SERVICE_AT_LOCATION_FULL: Shape = { location: LOCATION, schedules: {}, service: SERVICE_WITHOUT_PLACES };
export const ORGANIZATION_FULL: Shape = { ...ORGANIZATION, services: SERVICE_FULL };
export const TAXONOMY_FULL: Shape = { taxonomy_terms: {} };
export const LOCATION_FULL: Shape = LOCATION;

/** One row as HSDS writes the object: its fields by HSDS name, an amount in pounds, nothing for what is empty. */
export function hsdsFields(object: HsdsObjectName, row: Row, leaveOut: readonly string[] = []): Row {
  const document: Row = {};
  for (const field of Object.keys(HSDS_OBJECTS[object].fields)) {
    if (leaveOut.includes(field)) continue;
    const value = row[columnOf(field)];
    if (value === null || value === undefined) continue;
    if (field === 'amount') document[field] = penceToPounds(Number(value));
    else if (value instanceof Date) document[field] = value.toISOString();
    else if (typeof value === 'bigint') document[field] = Number(value);
    else document[field] = value;
  }
  return document;
}

/**
 * The rows as documents of `object`, with what `shape` asks nested in each: children by the key that points at
 * their parent (left out of the child, as the Open Referral examples leave it), one-to-one objects by id.
 */
export async function nest(
  reader: ListingsReader,
  object: HsdsObjectName,
  rows: Row[],
  shape: Shape,
  leaveOut: readonly string[] = [],
): Promise<Row[]> {
  const spec = HSDS_OBJECTS[object];
  const documents = rows.map((row) => hsdsFields(object, row, leaveOut));
  for (const [property, inner] of Object.entries(shape)) {
    const child = spec.children.find((nested) => nested.property === property);
    if (child) {
      const ids = rows.map((row) => row.id as string);
      const childRows = (await reader.rowsWhere(HSDS_OBJECTS[child.object].table, child.key, ids)).filter((row) =>
        Object.entries(child.fixed ?? {}).every(([field, value]) => row[field] === value),
      );
      const nested = await nest(reader, child.object, childRows, inner, [child.key]);
      const byParent = new Map<string, Row[]>();
      childRows.forEach((row, index) => {
        const key = row[child.key] as string;
        byParent.set(key, [...(byParent.get(key) ?? []), nested[index]!]);
      });
      rows.forEach((row, index) => (documents[index]![property] = byParent.get(row.id as string) ?? []));
      continue;
    }
    const reference = spec.references.find((one) => one.property === property);
    if (!reference) throw new Error(`${object} has no nested ${property}`);
    const ids = [
      ...new Set(rows.map((row) => row[reference.key]).filter((id): id is string => typeof id === 'string')),
    ];
    const referred = await reader.rowsWhere(HSDS_OBJECTS[reference.object].table, 'id', ids);
    const nested = await nest(reader, reference.object, referred, inner);
    const byId = new Map(referred.map((row, index) => [row.id as string, nested[index]!]));
    rows.forEach((row, index) => {
      const found = byId.get(row[reference.key] as string);
      if (found) documents[index]![property] = found;
    });
  }
  return documents;
}

/** One document by id, or undefined when there is none. */
export async function oneById(
  reader: ListingsReader,
  object: HsdsObjectName,
  id: string,
  shape: Shape,
): Promise<Row | undefined> {
  const rows = await reader.rowsWhere(HSDS_OBJECTS[object].table, 'id', [id]);
  return rows.length ? (await nest(reader, object, rows, shape))[0] : undefined;
}
