import { takeApartCsv, takeApartJson, type CsvTable, type HsdsRecord } from './hsds-documents.ts';
import { HSDS_OBJECTS, WRITE_ORDER, columnOf, poundsToPence, type HsdsObjectName } from './hsds-objects.ts';
import { hsdsFields } from './hsds-read.ts';
import { fullTime, recordProblems } from './hsds-validate.ts';
import type { FieldChange, ListingsWriter, Row } from './store-listings.ts';

// Importing an Open Referral UK file: every record is checked, and nothing is kept from a file with a problem unless
// the importer asks to skip what is wrong (and whatever depends on it). Everything kept is written in one
// transaction, with each changed field in the listing's history, and the services touched get fresh search words.

/** A file to import: its name (for the history and the report) and what it holds, JSON or the CSV layout. */
export type ImportSource = { name: string } & ({ json: unknown } | { csv: CsvTable[] });

export type ImportOptions = {
  skipInvalid: boolean;
  now: Date;
  /** Called as records are written: how many so far, of how many. */
  progress?: (done: number, total: number) => void;
};

export type ImportReport = {
  /** Nothing was imported: the file has problems and skipping them was not asked for. */
  refused: boolean;
  /** Each problem, naming the record and field, like "services[3] (id …) minimum_age: must be …". */
  problems: string[];
  /** With --skip-invalid: each record left out because it depends on one with a problem. */
  skipped: string[];
  /** Links left out because they name something neither the file nor the directory holds (a parent organisation). */
  warnings: string[];
  created: number;
  changed: number;
  unchanged: number;
};

const keyOf = (object: HsdsObjectName, id: unknown) => `${object}:${String(id)}`;
const label = (record: HsdsRecord) =>
  typeof record.fields.id === 'string' ? `${record.where} (id ${record.fields.id})` : record.where;
const plainName = (object: HsdsObjectName) => object.replaceAll('_', ' ');

/** Sorted keys, so two copies of one object compare equal whatever order their fields came in. */
const canonical = (fields: Row) =>
  JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b))));

export async function importListings(
  write: <T>(work: (store: ListingsWriter) => Promise<T>) => Promise<T>,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportReport> {
  const taken = 'json' in source ? takeApartJson(source.json) : takeApartCsv(source.csv);
  const report: ImportReport = {
    refused: false,
    problems: taken.problems.map((problem) => `${problem.where}: ${problem.message}`),
    skipped: [],
    warnings: [],
    created: 0,
    changed: 0,
    unchanged: 0,
  };
  const bad = new Set<HsdsRecord>();
  const problem = (record: HsdsRecord, field: string | undefined, message: string) => {
    bad.add(record);
    report.problems.push(`${label(record)}${field ? ` ${field}` : ''}: ${message}`);
  };
  for (const record of taken.records)
    for (const found of recordProblems(record)) problem(record, found.field, found.message);

  // One record per object and id: a second copy (an organisation repeated in each of its services) must say the same.
  const firstOf = new Map<string, HsdsRecord>();
  const copies = new Set<HsdsRecord>();
  for (const record of taken.records) {
    if (bad.has(record) || typeof record.fields.id !== 'string') continue;
    const key = keyOf(record.object, record.fields.id);
    const first = firstOf.get(key);
    if (!first) firstOf.set(key, record);
    else if (canonical(first.fields) === canonical(record.fields)) copies.add(record);
    else problem(record, 'id', `is also used by ${first.where}, with different details`);
  }

  const inFile = new Map<string, HsdsRecord[]>();
  for (const record of taken.records) {
    if (typeof record.fields.id !== 'string') continue;
    const key = keyOf(record.object, record.fields.id);
    inFile.set(key, [...(inFile.get(key) ?? []), record]);
  }
  return write(async (store) => {
    await checkReferences(store, taken.records, inFile, bad, problem, report);
    const skipped = skipDependents(taken.records, inFile, bad, report);
    if (report.problems.length > 0 && !options.skipInvalid) return { ...report, refused: true, skipped: [] };
    const kept = taken.records.filter((record) => !skipped.has(record) && !copies.has(record));
    await writeRecords(store, kept, source.name, options, report);
    return report;
  });
}

type Link = { record: HsdsRecord; field: string; object: HsdsObjectName; soft: boolean };

/** What a record links to by id: its declared references, and what an attribute is about. */
function linksOf(record: HsdsRecord): Link[] {
  const links: Link[] = [];
  for (const reference of HSDS_OBJECTS[record.object].references)
    if (typeof record.fields[reference.key] === 'string')
      links.push({ record, field: reference.key, object: reference.object, soft: reference.soft ?? false });
  const linked = record.object === 'attribute' && record.fields.link_type;
  if (linked === 'service' || linked === 'location' || linked === 'organization')
    links.push({ record, field: 'link_id', object: linked, soft: false });
  return links;
}

/** Every link must name something in the file or in the directory; a parent that is neither is left out. */
async function checkReferences(
  store: ListingsWriter,
  records: HsdsRecord[],
  inFile: Map<string, HsdsRecord[]>,
  bad: Set<HsdsRecord>,
  problem: (record: HsdsRecord, field: string, message: string) => void,
  report: ImportReport,
): Promise<void> {
  const links = records.filter((record) => !bad.has(record)).flatMap(linksOf);
  const wanted = new Map<HsdsObjectName, Set<string>>();
  for (const link of links) {
    const id = link.record.fields[link.field] as string;
    if (!inFile.has(keyOf(link.object, id))) wanted.set(link.object, (wanted.get(link.object) ?? new Set()).add(id));
  }
  const inDirectory = new Set<string>();
  for (const [object, ids] of wanted)
    for (const id of await store.existingIds(HSDS_OBJECTS[object].table, [...ids])) inDirectory.add(keyOf(object, id));
  for (const link of links) {
    const id = link.record.fields[link.field] as string;
    const key = keyOf(link.object, id);
    if (inFile.has(key) || inDirectory.has(key)) continue;
    const missing = `there is no ${plainName(link.object)} with id ${id} in the file or in the directory`;
    if (!link.soft) problem(link.record, link.field, missing);
    else {
      link.record.fields[link.field] = null;
      report.warnings.push(`${label(link.record)} ${link.field}: ${missing}, so the link was left out`);
    }
  }
}

/** The records with problems, and every record nested in one or linking to one, over and over until none is left. */
function skipDependents(
  records: HsdsRecord[],
  inFile: Map<string, HsdsRecord[]>,
  bad: Set<HsdsRecord>,
  report: ImportReport,
): Set<HsdsRecord> {
  const skipped = new Set(bad);
  let more = true;
  while (more) {
    more = false;
    for (const record of records) {
      if (skipped.has(record)) continue;
      const linked = linksOf(record).flatMap((link) => inFile.get(keyOf(link.object, record.fields[link.field])) ?? []);
      const cause = [record.parent, ...linked].find((other) => other && skipped.has(other));
      if (!cause) continue;
      skipped.add(record);
      report.skipped.push(`${label(record)}: left out because ${label(cause)} was left out`);
      more = true;
    }
  }
  return skipped;
}

/** The record as its table's row: every field, so one left out of a re-import is emptied. */
function rowOf(record: HsdsRecord): Row {
  const row: Row = {};
  for (const [field, kind] of Object.entries(HSDS_OBJECTS[record.object].fields)) {
    const value = record.fields[field] ?? null;
    row[columnOf(field)] =
      value === null
        ? null
        : kind === 'pounds'
          ? poundsToPence(value as number)
          : kind === 'time'
            ? fullTime(value as string)
            : kind === 'datetime'
              ? new Date(value as string).toISOString()
              : value;
  }
  return row;
}

/** Parents before their children, for the objects that nest in themselves (organisations, taxonomy terms). */
function parentsFirst(rows: Row[], parentField: string | undefined): Row[] {
  if (!parentField) return rows;
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  const ordered: Row[] = [];
  const placed = new Set<string>();
  const place = (row: Row, depth: number) => {
    if (placed.has(row.id as string) || depth > rows.length) return;
    const parent = byId.get(row[parentField] as string);
    if (parent) place(parent, depth + 1);
    placed.add(row.id as string);
    ordered.push(row);
  };
  for (const row of rows) place(row, 0);
  return ordered;
}

const SELF_PARENT: Partial<Record<HsdsObjectName, string>> = {
  organization: 'parent_organization_id',
  taxonomy_term: 'parent_id',
};

async function writeRecords(
  store: ListingsWriter,
  kept: HsdsRecord[],
  sourceName: string,
  options: ImportOptions,
  report: ImportReport,
): Promise<void> {
  const touched = { services: [] as string[], organizations: [] as string[], terms: [] as string[] };
  let done = 0;
  options.progress?.(0, kept.length);
  for (const object of WRITE_ORDER) {
    const rows = parentsFirst(kept.filter((record) => record.object === object).map(rowOf), SELF_PARENT[object]);
    if (rows.length === 0) continue;
    const { table } = HSDS_OBJECTS[object];
    const before = new Map(
      (
        await store.rowsWhere(
          table,
          'id',
          rows.map((row) => row.id as string),
        )
      ).map((row) => [row.id as string, row]),
    );
    const changes: FieldChange[] = [];
    const toWrite: Row[] = [];
    for (const row of rows) {
      const id = row.id as string;
      const old = before.get(id);
      const oldFields = old ? hsdsFields(object, old) : {};
      const newFields = hsdsFields(object, row);
      const fieldChanges = Object.keys(HSDS_OBJECTS[object].fields)
        .filter((field) => field !== 'id' && JSON.stringify(oldFields[field]) !== JSON.stringify(newFields[field]))
        .map((field) => ({
          objectType: object,
          objectId: id,
          field,
          oldValue: oldFields[field] ?? null,
          newValue: newFields[field] ?? null,
        }));
      if (!old) report.created += 1;
      else if (fieldChanges.length) report.changed += 1;
      else report.unchanged += 1;
      if (old && fieldChanges.length === 0) continue;
      toWrite.push(row);
      changes.push(...fieldChanges);
      if (object === 'service') touched.services.push(id);
      if (object === 'organization') touched.organizations.push(id);
      if (object === 'taxonomy_term') touched.terms.push(id);
      if (object === 'attribute' && row.link_type === 'service') touched.services.push(row.link_id as string);
    }
    await store.upsert(table, toWrite);
    await store.recordChanges(changes, `Import of ${sourceName}`, options.now);
    done += rows.length;
    options.progress?.(done, kept.length);
  }
  await store.refreshSearch(touched);
}
