import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvText } from '../../src/cli/export.ts';
import { readDirectorySource } from '../../src/cli/import-directory.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createDirectoryReference, createListingsService } from '../../src/modules/directory/index.ts';
import { DEMO_NEEDS, seedDirectoryDemo } from '../../src/seed/directory-demo.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

// The export writes the shapes the import takes: a directory exported, imported into an empty database and exported
// again is the same, as JSON and as the CSV layout. The demo directory is the listing exported.

const EXAMPLE = path.resolve(import.meta.dirname, '../standards/open-referral-uk/examples/service_full.json');

type Handle = DatabaseHandle & { close: () => Promise<void> };
const listingsOf = (handle: Handle) => createListingsService(createDirectoryReference(handle.db));
const now = new Date('2026-03-01T10:00:00Z');

describe(`exporting the directory (${testBackend()})`, () => {
  const handles: Handle[] = [];
  let source: Handle;
  let folder: string;

  before(async () => {
    source = await freshDatabase();
    handles.push(source);
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-export-'));
    const report = await seedDirectoryDemo(source.db, now);
    assert.equal(report.created > 100, true);
    // The standard's own example as well, with its latitude put on the earth (see listings-import.test.ts).
    const example = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8').replace('"latitude": 100', '"latitude": 52.1'));
    assert.equal(
      (await listingsOf(source).import({ name: 'example', json: example }, { skipInvalid: false, now })).refused,
      false,
    );
  });
  after(async () => {
    for (const handle of handles) await handle.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('the demo directory has 25 invented services with needs, places, times, costs and languages', async () => {
    const bundle = await listingsOf(source).exportBundle();
    const demo = bundle.services.filter((service) => String(service.email).endsWith('@wrenford.example.org'));
    assert.equal(demo.length, 25);
    const names = new Set(
      demo.flatMap((service) =>
        (service.attributes as { taxonomy_term: { name: string } }[]).map((a) => a.taxonomy_term.name),
      ),
    );
    assert.deepEqual([...names].sort(), [...DEMO_NEEDS].sort());
    const postcodes = await source.db.selectFrom('postcode').select('postcode').execute();
    assert.ok(postcodes.length >= 12 && postcodes.every((row) => row.postcode.startsWith('ZZ')));
    assert.ok(demo.some((service) => (service.cost_options as unknown[]).length > 0));
    assert.ok(demo.some((service) => (service.languages as unknown[]).length > 0));
    // Seeding again changes nothing: the ids are fixed.
    const again = await seedDirectoryDemo(source.db, now);
    assert.deepEqual([again.created, again.changed], [0, 0]);
  });

  test('JSON: export, import into an empty database, export again gives the same document', async () => {
    const first = await listingsOf(source).exportBundle();
    const target = await freshDatabase();
    handles.push(target);
    const report = await listingsOf(target).import({ name: 'export.json', json: first }, { skipInvalid: false, now });
    assert.deepEqual([report.refused, report.problems], [false, []]);
    assert.deepEqual(await listingsOf(target).exportBundle(), first);
  });

  test('CSV: the layout exported imports into an empty database as the same directory', async () => {
    const tables = await listingsOf(source).exportTables();
    for (const table of tables) fs.writeFileSync(path.join(folder, table.file), csvText(table));
    const services = parse<Record<string, string>>(fs.readFileSync(path.join(folder, 'services.csv'), 'utf8'), {
      columns: true,
    });
    assert.equal(services.length, 26);
    const target = await freshDatabase();
    handles.push(target);
    const report = await listingsOf(target).import(readDirectorySource(folder), { skipInvalid: false, now });
    assert.deepEqual([report.refused, report.problems], [false, []]);
    assert.deepEqual(await listingsOf(target).exportBundle(), await listingsOf(source).exportBundle());
  });
});
