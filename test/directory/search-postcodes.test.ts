import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { runCli } from '../cli/run-cli.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from '../support/database.ts';

// `careweave import postcodes FILE`: the open national postcode directory's layout; ended postcodes and those with no
// place are left out and counted; a file with a bad row stores nothing and names the row and field.

const HEADER = 'pcd,pcd2,pcds,dointr,doterm,oseast1m,osnrth1m,lat,long';
const row = (pcds: string, lat: string, long: string, doterm = '') =>
  `"${pcds.replace(' ', '  ')}","${pcds}","${pcds}",199801,${doterm},450000,250000,${lat},${long}`;

describe(`careweave import postcodes (${testBackend()})`, () => {
  let folder: string;
  let env: Record<string, string>;
  let server: DatabaseHandle | undefined;

  async function stored(): Promise<{ postcode: string; latitude: number; longitude: number }[]> {
    const read = (handle: DatabaseHandle) => handle.db.selectFrom('postcode').selectAll().orderBy('postcode').execute();
    if (server) return read(server);
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: env.DATA_DIR! });
    try {
      return await read(handle);
    } finally {
      await handle.close();
    }
  }
  const file = (name: string, lines: string[]) => {
    const at = path.join(folder, name);
    fs.writeFileSync(at, `${lines.join('\n')}\n`);
    return at;
  };

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-postcodes-'));
    if (testBackend() === 'postgres') {
      const handle = await freshDatabase();
      server = handle;
      env = { DATABASE_URL: handle.config.databaseUrl! };
    } else {
      env = { DATA_DIR: path.join(folder, 'data') };
      await copyMigratedDataFolder(env.DATA_DIR!);
    }
  });
  after(async () => {
    await server?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('imports places, leaves out ended postcodes and those with no location, and updates on a second run', async () => {
    const first = await runCli(
      [
        'import',
        'postcodes',
        file('first.csv', [
          HEADER,
          row('ZZ1 1AA', '52.000000', '-1.000000'),
          row('ZZ1 1AB', '52.010000', '-1.000000'),
          row('ZZ2 2AA', '52.500000', '-1.500000', '202001'),
          row('ZZ3 3AA', '99.999999', '0.000000'),
        ]),
      ],
      env,
    );
    assert.equal(first.status, 0, first.stderr);
    assert.match(
      first.stdout,
      /Imported 2 postcodes from first\.csv\. Left out 1 ended postcode and 1 postcode with no location\./,
    );
    assert.deepEqual(await stored(), [
      { postcode: 'ZZ11AA', latitude: 52, longitude: -1 },
      { postcode: 'ZZ11AB', latitude: 52.01, longitude: -1 },
    ]);
    const again = await runCli(
      [
        'import',
        'postcodes',
        file('again.csv', [HEADER, row('ZZ1 1AB', '52.020000', '-1.100000'), row('ZZ4 4AA', '53', '-2')]),
      ],
      env,
    );
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(await stored(), [
      { postcode: 'ZZ11AA', latitude: 52, longitude: -1 },
      { postcode: 'ZZ11AB', latitude: 52.02, longitude: -1.1 },
      { postcode: 'ZZ44AA', latitude: 53, longitude: -2 },
    ]);
  });

  test('a file with bad rows stores nothing and names each row and field', async () => {
    const before = await stored();
    const result = await runCli(
      [
        'import',
        'postcodes',
        file('bad.csv', [
          HEADER,
          row('ZZ5 5AA', '52.1', '-1.2'),
          row('NOT A CODE', '52.1', '-1.2'),
          row('ZZ5 5AB', 'north', '-1.2'),
          row('ZZ5 5AC', '52.1', '200'),
          row('ZZ5 5AD', '52.1', '-1.3'),
        ]),
      ],
      env,
    );
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /bad\.csv has 3 bad rows, so nothing was imported/);
    assert.match(result.stderr, /Line 3: pcds "NOT A CODE" is not a postcode/);
    assert.match(result.stderr, /Line 4: lat "north" is not a latitude/);
    assert.match(result.stderr, /Line 5: long "200" is not a longitude/);
    assert.deepEqual(await stored(), before);
  });

  test('a file without the columns, or no file, is refused', async () => {
    const before = await stored();
    const wrong = await runCli(['import', 'postcodes', file('wrong.csv', ['postcode,lat'])], env);
    assert.equal(wrong.status, 2);
    assert.match(
      wrong.stderr,
      /wrong\.csv has no pcds \(or pcd\), long, doterm column in its header row, so nothing was imported/,
    );
    const missing = await runCli(['import', 'postcodes', path.join(folder, 'nowhere.csv')], env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /There is no file/);
    assert.deepEqual(await stored(), before);
  });
});
