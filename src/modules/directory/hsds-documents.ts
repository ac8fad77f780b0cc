import { HSDS_OBJECTS, type HsdsObjectName } from './hsds-objects.ts';

// What an import file holds, taken apart into one record per HSDS object, each knowing where it was in the file so a
// report can point at it. JSON comes in the shapes the Open Referral UK API answers with (a fully nested service, an
// array or a page of them, an organisation with its services, a taxonomy with its terms, a service at a location,
// or a bundle of lists as `careweave export directory` writes it); CSV in the layout of one file per table.

export type HsdsRecord = {
  object: HsdsObjectName;
  /** Where it is in the file, like "services[3]" or "services.csv row 4". */
  where: string;
  /** What the file says, as given: checked against the object's JSON Schema. */
  given: Record<string, unknown>;
  /** The object's own fields, with the links its place in the file implies (a schedule's service_id). */
  fields: Record<string, unknown>;
  /** The record it is nested in, if any: skipped with it. */
  parent?: HsdsRecord;
};

/** Something wrong with the file's shape rather than with one field of a record. */
export type ShapeProblem = { where: string; message: string };

export type TakenApart = { records: HsdsRecord[]; problems: ShapeProblem[] };

/** What the bundle of lists holds, by its keys (the plural names). */
const BUNDLE_KEYS = new Map(
  Object.entries(HSDS_OBJECTS).map(([object, spec]) => [spec.plural, object as HsdsObjectName]),
);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Which HSDS object a lone JSON object is, from the fields only that object has. */
export function objectKindOf(node: Record<string, unknown>): HsdsObjectName | undefined {
  const has = (...fields: string[]) => fields.some((field) => field in node);
  if (has('status')) return 'service';
  if (has('location', 'location_id', 'service_id')) return 'service_at_location';
  if (has('parent_id', 'taxonomy', 'taxonomy_id', 'term_uri', 'term')) return 'taxonomy_term';
  if (has('taxonomy_terms', 'version')) return 'taxonomy';
  if (has('website', 'logo', 'organization_identifiers', 'services', 'parent_organization_id', 'email'))
    return 'organization';
  return undefined;
}

/** Takes a JSON document apart into records. */
export function takeApartJson(document: unknown): TakenApart {
  const out: TakenApart = { records: [], problems: [] };
  /** A lone object at the top of the file is named by its kind ("service.schedules[0]"), one in a list by place. */
  const lone = (node: unknown, where?: string) => {
    const place = where ?? 'The file';
    if (!isObject(node)) return out.problems.push({ where: place, message: 'must be an Open Referral object' });
    const kind = objectKindOf(node);
    if (!kind)
      return out.problems.push({
        where: place,
        message: 'cannot tell which Open Referral object this is (a service needs a status, for example)',
      });
    walk(out, node, kind, where ?? kind);
  };
  if (Array.isArray(document)) document.forEach((node, index) => lone(node, `[${index}]`));
  else if (isObject(document) && Array.isArray(document.contents))
    document.contents.forEach((node, index) => lone(node, `contents[${index}]`));
  else if (isObject(document) && !('id' in document) && Object.keys(document).some((key) => BUNDLE_KEYS.has(key))) {
    for (const [key, list] of Object.entries(document)) {
      const kind = BUNDLE_KEYS.get(key);
      if (!kind) out.problems.push({ where: key, message: 'is not a list of Open Referral objects Careweave knows' });
      else if (!Array.isArray(list)) out.problems.push({ where: key, message: 'must be a list' });
      else
        list.forEach((node, index) =>
          isObject(node)
            ? walk(out, node, kind, `${key}[${index}]`)
            : out.problems.push({ where: `${key}[${index}]`, message: 'must be an Open Referral object' }),
        );
    }
  } else lone(document);
  return out;
}

function walk(
  out: TakenApart,
  node: Record<string, unknown>,
  object: HsdsObjectName,
  where: string,
  parent?: { record: HsdsRecord; key: string; fixed?: Record<string, string> },
): HsdsRecord {
  const spec = HSDS_OBJECTS[object];
  const fields: Record<string, unknown> = {};
  for (const field of Object.keys(spec.fields)) if (node[field] !== undefined) fields[field] = node[field];
  // HSDS 3.0's name for what an attribute links.
  if (object === 'attribute' && fields.link_type === undefined && typeof node.link_entity === 'string')
    fields.link_type = node.link_entity;
  const record: HsdsRecord = { object, where, given: node, fields, ...(parent ? { parent: parent.record } : {}) };
  if (parent) {
    const parentId = parent.record.fields.id;
    if (fields[parent.key] !== undefined && fields[parent.key] !== parentId)
      out.problems.push({ where, message: `${parent.key} does not match the ${parent.record.object} it is in` });
    fields[parent.key] = parentId;
    Object.assign(fields, parent.fixed);
  }
  out.records.push(record);
  for (const reference of spec.references) {
    if (!reference.property || node[reference.property] === undefined) continue;
    const inner = node[reference.property];
    const at = `${where}.${reference.property}`;
    if (!isObject(inner)) {
      out.problems.push({ where: at, message: `must be an Open Referral ${reference.object.replaceAll('_', ' ')}` });
      continue;
    }
    walk(out, inner, reference.object, at);
    if (fields[reference.key] === undefined) fields[reference.key] = inner.id;
    else if (fields[reference.key] !== inner.id)
      out.problems.push({ where, message: `${reference.key} does not match the ${reference.property} given with it` });
  }
  for (const child of spec.children) {
    const list = node[child.property];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.problems.push({ where: `${where}.${child.property}`, message: 'must be a list' });
      continue;
    }
    list.forEach((item, index) => {
      const at = `${where}.${child.property}[${index}]`;
      if (!isObject(item)) out.problems.push({ where: at, message: 'must be an Open Referral object' });
      else walk(out, item, child.object, at, { record, key: child.key, fixed: child.fixed });
    });
  }
  return record;
}

/** One CSV file of the layout: its name (like "services.csv") and its rows, each by column name. */
export type CsvTable = { file: string; rows: Record<string, string>[] };

const NUMBER = /^-?\d+(\.\d+)?$/;
const NUMERIC_KINDS = new Set(['age', 'coordinate', 'positive', 'pounds']);

/** Takes the tables of the CSV layout apart into records: an empty cell is no value, numbers are read as numbers. */
export function takeApartCsv(tables: CsvTable[]): TakenApart {
  const out: TakenApart = { records: [], problems: [] };
  const byFile = new Map(Object.entries(HSDS_OBJECTS).map(([object, spec]) => [spec.csv, object as HsdsObjectName]));
  for (const table of tables) {
    const object = byFile.get(table.file);
    if (!object) {
      out.problems.push({ where: table.file, message: 'is not a file of the Open Referral UK layout' });
      continue;
    }
    const kinds = HSDS_OBJECTS[object].fields;
    table.rows.forEach((row, index) => {
      const given: Record<string, unknown> = {};
      for (const [column, cell] of Object.entries(row)) {
        if (cell === '') continue;
        const kind = kinds[column];
        given[column] = kind && NUMERIC_KINDS.has(kind) && NUMBER.test(cell.trim()) ? Number(cell) : cell;
      }
      const fields: Record<string, unknown> = {};
      for (const field of Object.keys(kinds)) if (given[field] !== undefined) fields[field] = given[field];
      if (object === 'attribute' && fields.link_type === undefined && typeof given.link_entity === 'string')
        fields.link_type = given.link_entity;
      // The header is row 1.
      out.records.push({ object, where: `${table.file} row ${index + 2}`, given, fields });
    });
  }
  return out;
}
