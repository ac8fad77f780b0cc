import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { newId } from '../../src/ids.ts';
import { DEMO_ALLOCATION_SCHEME } from '../../src/seed/demo-allocation.ts';
import { seedDemo, type DemoIds } from '../../src/seed/demo.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from '../support/database.ts';
import { runCli, stderrLines } from './run-cli.ts';

// `careweave allocation-scheme import FILE --organisation ID`: a valid scheme becomes the organisation's next version;
// a file with problems names each one with where it is, and nothing is stored.

describe(`careweave allocation-scheme import (${testBackend()})`, () => {
  let folder: string;
  let env: Record<string, string>;
  let ids: DemoIds;
  let server: (DatabaseHandle & { config: { databaseUrl: string | undefined } }) | undefined;

  /** The database as the command left it: PostgreSQL is open alongside; the embedded one is opened after. */
  async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
    if (server) return work(server);
    const handle = await openDatabase({ databaseUrl: undefined, dataDir: env.DATA_DIR! });
    try {
      return await work(handle);
    } finally {
      await handle.close();
    }
  }
  const versions = (organisationId: string) =>
    withDatabase((handle) =>
      handle.db
        .selectFrom('allocation_scheme')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .orderBy('version')
        .execute(),
    );
  const file = (name: string, content: unknown) => {
    const at = path.join(folder, name);
    fs.writeFileSync(at, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return at;
  };
  /** A refusal: exit status 2, and stderr starting with what to fix. */
  const assertRefused = (result: Awaited<ReturnType<typeof runCli>>, ...say: RegExp[]) => {
    assert.equal(result.status, 2, result.stderr);
    for (const pattern of say) assert.match(result.stderr, pattern);
    assert.equal(result.stdout, '');
  };

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-allocation-cli-'));
    if (testBackend() === 'postgres') {
      server = await freshDatabase();
      ids = await seedDemo(server.db);
      env = { DATABASE_URL: server.config.databaseUrl! };
    } else {
      env = { DATA_DIR: path.join(folder, 'data') };
      await copyMigratedDataFolder(env.DATA_DIR!);
      const handle = await openDatabase({ databaseUrl: undefined, dataDir: env.DATA_DIR! });
      ids = await seedDemo(handle.db);
      await handle.close();
    }
  });
  after(async () => {
    await server?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a valid scheme is published as the organisation’s next version, and is then in force', async () => {
    const council = ids.organisations.council!;
    assert.deepEqual(
      (await versions(council)).map((row) => row.version),
      [1],
      'the demo published the first version',
    );
    const scheme = {
      ...DEMO_ALLOCATION_SCHEME,
      name: 'Northbridge allocation from October',
      publishedOn: '2026-10-01',
      conversion: { kind: 'price_per_point', pencePerPoint: 26_000 },
    };
    const result = await runCli(
      ['allocation-scheme', 'import', file('october.json', scheme), '--organisation', council],
      env,
    );
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout.trim(),
      "Published “Northbridge allocation from October” as version 2 of Northbridge City Council's allocation scheme, in force from now.",
    );
    const rows = await versions(council);
    assert.deepEqual(
      rows.map((row) => row.version),
      [1, 2],
    );
    const newest = rows[1]!;
    assert.equal(newest.id, rows[0]!.id, 'one scheme, a new version of it');
    assert.equal(newest.name, 'Northbridge allocation from October');
    assert.equal(newest.published_on, '2026-10-01');
    assert.equal(newest.published_by, 'The careweave command, from the file october.json');
    assert.deepEqual(newest.scheme, scheme);
  });

  test('a scheme with problems names every one with where it is, and nothing is stored', async () => {
    const gp = ids.organisations.gp!;
    const broken = JSON.parse(JSON.stringify(DEMO_ALLOCATION_SCHEME));
    broken.questions[1].key = 'eating';
    broken.questions[2].options[0].points = 1.5;
    broken.questions[3].hint = 7;
    broken.conversion.bands[3].amountPence = 100;
    broken.colour = 'blue';
    const result = await runCli(
      ['allocation-scheme', 'import', file('broken.json', broken), '--organisation', gp],
      env,
    );
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.deepEqual(stderrLines(result), [
      `careweave: ${path.join(folder, 'broken.json')} has 5 problems, so nothing was stored:`,
      '  questions[2].options[0].points: The option’s points must be a whole number',
      '  questions[3].hint: The hint must be text',
      '  conversion.bands[3].amountPence: More points must never mean less money: this band is £1.00, less than the £4,160.00 of the band before',
      '  the scheme: The scheme has no field called “colour”',
      '  questions[1].key: The key “eating” is already used by questions[0]',
    ]);
    assert.deepEqual(await versions(gp), []);
  });

  test('a file that is missing or not JSON, and a missing or unknown organisation, are refused plainly', async () => {
    const council = ids.organisations.council!;
    const good = file('good.json', DEMO_ALLOCATION_SCHEME);
    // These are refused before the database is opened, so they can run at once.
    const refusals: [string[], RegExp][] = [
      [
        ['allocation-scheme', 'import', file('bad.json', '{ "name": '), '--organisation', council],
        /bad\.json is not valid JSON: .*\. Nothing was stored\./,
      ],
      [
        ['allocation-scheme', 'import', path.join(folder, 'nowhere.json'), '--organisation', council],
        /There is no file .*nowhere\.json\./,
      ],
      [
        ['allocation-scheme', 'import', good],
        /Give the organisation the scheme is for\. Use: careweave allocation-scheme import FILE --organisation ID/,
      ],
      [
        ['allocation-scheme', 'import', good, '--organisation', 'council'],
        /--organisation must be an organisation's id/,
      ],
      [
        ['allocation-scheme', 'export', good, '--organisation', council],
        /Unknown action "export"\. Use: careweave allocation-scheme import FILE --organisation ID/,
      ],
    ];
    const results = await Promise.all(refusals.map(([args]) => runCli(args, env)));
    results.forEach((result, index) => assertRefused(result, refusals[index]![1]));
    const nobody = newId();
    assertRefused(
      await runCli(['allocation-scheme', 'import', good, '--organisation', nobody], env),
      new RegExp(`There is no organisation with the id ${nobody}\\. Nothing was stored\\.`),
    );
    assert.deepEqual(
      (await versions(council)).map((row) => row.version),
      [1, 2],
    );
    const stored = await withDatabase(async (handle) =>
      Number(
        (
          await handle.db
            .selectFrom('allocation_scheme')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    assert.equal(stored, 2);
  });
});
