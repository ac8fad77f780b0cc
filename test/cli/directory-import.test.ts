import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cliDatabase, type CliDatabase } from '../support/cli-database.ts';
import { testBackend } from '../support/database.ts';
import { runCli } from './run-cli.ts';

// `careweave import directory FILE [--skip-invalid]` and `careweave export directory FILE | --csv FOLDER` as people run
// them: a refused file exits non-zero with its report on stderr and changes nothing; an export imports again.

const EXAMPLE = path.resolve(import.meta.dirname, '../standards/open-referral-uk/examples/service_full.json');
const uid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

describe(`careweave import and export directory (${testBackend()})`, () => {
  let folder: string;
  let database: CliDatabase;
  let env: Record<string, string>;

  const count = (table: 'dir_service' | 'directory_change' | 'dir_schedule') =>
    database.withDatabase(async (handle) =>
      Number(
        (
          await handle.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
  const file = (name: string, content: unknown) => {
    const at = path.join(folder, name);
    fs.writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return at;
  };
  const example = () => JSON.parse(fs.readFileSync(EXAMPLE, 'utf8').replace('"latitude": 100', '"latitude": 52.1'));

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-directory-cli-'));
    database = await cliDatabase(folder);
    env = database.env;
  });
  after(async () => {
    await database.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a hostile file is refused: its report on stderr, a non-zero exit, and nothing imported', async () => {
    const hostile = example();
    hostile.name = '<script>alert("hi")</script>';
    hostile.minimum_age = -3;
    hostile.schedules.push({ id: hostile.schedules[0].id, opens_at: '09:00' });
    hostile.attributes[0].taxonomy_term.id = 'not-an-id';
    const result = await runCli(['import', 'directory', file('hostile.json', hostile)], env);
    assert.equal(result.status, 2, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.split('\n');
    assert.match(lines[0]!, /^careweave: hostile\.json has 5 problems, so nothing was imported:$/);
    assert.match(
      result.stderr,
      /^ {2}service \(id ac148810-d857-441c-9679-408f346de14b\) name: must not contain HTML or script markup/m,
    );
    assert.match(
      result.stderr,
      /^ {2}service \(id ac148810-.*\) minimum_age: must be a whole number between 0 and 150$/m,
    );
    assert.match(
      result.stderr,
      /^ {2}service\.schedules\[1\] \(id 48102e86-.*\) id: is also used by service\.schedules\[0\], with different details$/m,
    );
    assert.match(result.stderr, /^ {2}service\.attributes\[0\]\.taxonomy_term \(id not-an-id\) id: must be a UUID/m);
    assert.match(result.stderr, /^ {2}service\.attributes\[0\] \(id ae58cc39-.*\) taxonomy_term_id: must be a UUID/m);
    assert.match(result.stderr, /run again with --skip-invalid/);
    assert.deepEqual([await count('dir_service'), await count('directory_change')], [0, 0]);
  });

  test('--skip-invalid imports the rest and lists what was left out; a file that is not JSON is refused', async () => {
    const services = [
      { id: uid(1), name: 'Synthetic lunch club', status: 'active', schedules: [{ id: uid(2), opens_at: '12:00' }] },
      { id: uid(3), name: 'Synthetic walk', status: 'open', schedules: [{ id: uid(4), opens_at: '10:00' }] },
      example(),
    ];
    const result = await runCli(['import', 'directory', file('some.json', services), '--skip-invalid'], env);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Imported some\.json: 17 new records, 0 changed, 0 unchanged\.$/m);
    assert.match(
      result.stdout,
      /^ {2}\[1\] \(id 00000000-0000-4000-a000-000000000003\) status: must be one of: active, inactive, defunct, temporarily closed$/m,
    );
    assert.match(
      result.stdout,
      /^ {2}\[1\]\.schedules\[0\] \(id .*004\): left out because \[1\] \(id .*003\) was left out$/m,
    );
    assert.deepEqual([await count('dir_service'), await count('dir_schedule')], [2, 2]);

    const broken = await runCli(['import', 'directory', file('broken.json', '{"services": [')], env);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /broken\.json is not valid JSON/);
  });

  test('export writes JSON and the CSV layout, and each imports again', async () => {
    const json = path.join(folder, 'export.json');
    const exported = await runCli(['export', 'directory', json], env);
    assert.equal(exported.status, 0, exported.stderr);
    assert.match(exported.stdout, /^Wrote 2 services to /);
    const bundle = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.deepEqual(Object.keys(bundle), ['organizations', 'taxonomies', 'taxonomy_terms', 'locations', 'services']);
    assert.equal(bundle.services[1].id, 'ac148810-d857-441c-9679-408f346de14b');

    const csv = path.join(folder, 'csv');
    const tables = await runCli(['export', 'directory', '--csv', csv], env);
    assert.equal(tables.status, 0, tables.stderr);
    assert.match(
      fs.readFileSync(path.join(csv, 'cost_options.csv'), 'utf8'),
      /^id,service_id,valid_from,valid_to,option,amount,amount_description\r\n1fdf4d39-3d80-484d-9f92-a8ffa08621e7,ac148810-d857-441c-9679-408f346de14b,2020-01-01,2022-12-31,Under 18s and Over 60s,35,per 1 hour session\r\n$/,
    );
    const again = await runCli(['import', 'directory', csv], env);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^Imported csv: 0 new records, 0 changed, \d+ unchanged\.$/m);

    const twice = await runCli(['export', 'directory', json], env);
    assert.equal(twice.status, 2);
    assert.match(twice.stderr, /already exists/);
  });
});
