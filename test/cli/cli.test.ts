import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from '../support/database.ts';
import { runCli, startCli, stderrLines, type CliResult } from './run-cli.ts';

/** A refusal: a non-zero exit and exactly one line on stderr, which says what to fix. */
function assertRefused(result: CliResult, ...say: RegExp[]): void {
  assert.ok(
    result.status !== 0 && result.status !== null,
    `expected a non-zero exit, got ${result.status}: ${result.stderr}`,
  );
  const lines = stderrLines(result);
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  for (const pattern of say) assert.match(lines[0]!, pattern);
}

describe(`the careweave command (${testBackend()})`, () => {
  let folder: string;
  const dataDir = (name: string) => path.join(folder, name);

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-cli-test-'));
    // Readable by the unprivileged user the read-only test runs as.
    fs.chmodSync(folder, 0o755);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  test('help lists the commands and succeeds', async () => {
    const result = await runCli(['help'], { DATA_DIR: dataDir('help') });
    assert.equal(result.status, 0);
    assert.match(result.stdout, /backup <file>/);
    assert.match(result.stdout, /restore <file>/);
    assert.equal(result.stderr, '');
  });

  test('an unknown command is refused', async () => {
    assertRefused(
      await runCli(['bakcup', 'x.gz'], { DATA_DIR: dataDir('unknown') }),
      /Unknown command "bakcup"/,
      /careweave help/,
    );
  });

  test('an unknown option is refused before anything is created', async () => {
    const result = await runCli(['seed', '--peopel', '5'], { DATA_DIR: dataDir('typo') });
    assertRefused(result, /Unknown option "--peopel"/, /careweave help/);
    assert.equal(fs.existsSync(dataDir('typo')), false);
  });

  test('a --people value that is not a whole number is refused', async () => {
    const values = ['abc', '1.5', '', '0x10', '1e3', '10000001'];
    const results = await Promise.all(
      values.map((value) => runCli(['seed', `--people=${value}`], { DATA_DIR: dataDir('people') })),
    );
    results.forEach((result, index) => {
      assert.doesNotThrow(
        () => assertRefused(result, /--people must be a whole number from 0 to 10000000/),
        `--people=${values[index]}`,
      );
    });
    assertRefused(
      await runCli(['seed', '--people', '-1'], { DATA_DIR: dataDir('people') }),
      /The value after --people starts with a dash/,
    );
    assertRefused(await runCli(['seed', '--people'], { DATA_DIR: dataDir('people') }), /--people needs a value/);
    assert.equal(fs.existsSync(dataDir('people')), false);
  });

  test('a DATABASE_URL that is not a URL is refused', async () => {
    const result = await runCli(['migrate'], {
      DATA_DIR: dataDir('bad-url'),
      DATABASE_URL: 'localhost:5432/careweave',
    });
    assertRefused(result, /DATABASE_URL must look like postgres:\/\/user:password@host:5432\/database/);
    assert.equal(fs.existsSync(dataDir('bad-url')), false);
  });

  test('a DATABASE_URL whose server does not answer is refused', async () => {
    const result = await runCli(['migrate'], {
      DATA_DIR: dataDir('closed-port'),
      DATABASE_URL: 'postgres://x:y@127.0.0.1:1/db',
    });
    assertRefused(result, /Cannot reach the PostgreSQL server in DATABASE_URL/, /ECONNREFUSED/, /check the host, port/);
    assert.equal(fs.existsSync(dataDir('closed-port')), false);
  });

  test('a PORT that is not a port number is refused', async () => {
    for (const port of ['abc', '70000', '', '1e3', '-1']) {
      const result = await runCli(['serve'], { DATA_DIR: dataDir('bad-port'), PORT: port });
      assert.doesNotThrow(() => assertRefused(result, /PORT must be a whole number from 0 to 65535/), `PORT=${port}`);
    }
    assert.equal(fs.existsSync(dataDir('bad-port')), false);
  });

  test('a port already in use is refused before the database is touched', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const result = await runCli(['serve'], {
        DATA_DIR: dataDir('port-in-use'),
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      assertRefused(result, new RegExp(`Port ${port} on 127.0.0.1 is already in use`), /set PORT to a free port/);
      assert.equal(fs.existsSync(dataDir('port-in-use')), false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('a data folder under a file is refused', async () => {
    assertRefused(
      await runCli(['migrate'], { DATA_DIR: '/dev/null/careweave' }),
      /The data folder \/dev\/null\/careweave cannot be written/,
      /DATA_DIR/,
    );
  });

  test('a data folder where no database can be kept (under /proc or /sys) is refused at once, not waited on', async () => {
    for (const dataDir of ['/proc/careweave', '/proc/self/careweave/data', '/sys/careweave']) {
      const result = await runCli(['migrate'], { DATA_DIR: dataDir }, { timeoutMs: 20_000 });
      assert.doesNotThrow(
        () => assertRefused(result, new RegExp(`The data folder ${dataDir} cannot be written`), /DATA_DIR/),
        `DATA_DIR=${dataDir} (${result.status === null ? 'still running after 20 seconds' : result.status})`,
      );
    }
  });

  test('a logo address on another site is refused; a path on this site is accepted', async () => {
    const logos = [
      '//other.host/logo.png',
      '/\\other.host/logo.png',
      'https://other.host/logo.png',
      'logo.png',
      '/\t/x.org',
    ];
    const results = await Promise.all(
      logos.map((logo) => runCli(['migrate'], { DATA_DIR: dataDir('logo'), ORGANISATION_LOGO_URL: logo })),
    );
    results.forEach((result, index) => {
      assert.doesNotThrow(
        () =>
          assertRefused(
            result,
            /ORGANISATION_LOGO_URL must be a path on this site starting with one \/, like \/assets\/logo\.svg/,
          ),
        `ORGANISATION_LOGO_URL=${logos[index]}`,
      );
    });
    assert.equal(fs.existsSync(dataDir('logo')), false);
    assert.equal(loadConfig({ ORGANISATION_LOGO_URL: '/assets/logo.svg' }).organisationLogoUrl, '/assets/logo.svg');
  });

  test('a read-only data folder is refused, and so is one whose lock cannot be made', async (t) => {
    // root may write anywhere, so as root the command runs as the unprivileged user "nobody" — which can
    // only run it when nobody can reach this checkout. In a private folder (as CI's fresh clone is) the
    // case cannot be made; "a data folder under a file" above still covers an unwritable folder there.
    const root = process.getuid?.() === 0;
    if (root && !othersCanTraverse(process.cwd())) {
      t.skip('the checkout is in a private folder, which the user "nobody" cannot reach');
      return;
    }
    const asUser = root ? { uid: 65534, gid: 65534 } : {};
    const readOnly = dataDir('read-only');
    fs.mkdirSync(path.join(readOnly, 'writable-data'), { recursive: true });
    fs.chmodSync(path.join(readOnly, 'writable-data'), 0o777);
    fs.chmodSync(readOnly, 0o555);
    try {
      assertRefused(
        await runCli(['migrate'], { DATA_DIR: readOnly }, asUser),
        /The data folder .*read-only cannot be written/,
      );
      assertRefused(await runCli(['migrate'], { DATA_DIR: path.join(readOnly, 'new') }, asUser), /cannot be written/);
      assertRefused(
        await runCli(['migrate'], { DATA_DIR: path.join(readOnly, 'writable-data') }, asUser),
        /cannot be locked .*writable-data\.lock/,
        /make the folder above it writable/,
      );
      assert.deepEqual(fs.readdirSync(readOnly), ['writable-data']);
      assert.deepEqual(fs.readdirSync(path.join(readOnly, 'writable-data')), []);
    } finally {
      fs.chmodSync(readOnly, 0o755);
    }
  });

  test('a data folder in use by a running server is refused by migrate, backup and restore', async () => {
    const shared = { DATA_DIR: dataDir('in-use'), PORT: '0' };
    // A migrated data folder, as making a new one takes seconds (the seed test below has the command make one).
    await copyMigratedDataFolder(shared.DATA_DIR);
    const server = await startCli(['serve'], shared, /Careweave is running at http:\/\/127\.0\.0\.1:\d+/);
    try {
      assertRefused(
        await runCli(['migrate'], shared),
        /The data folder .*in-use is in use by another Careweave process/,
        /stop that process first/,
      );
      const backupFile = path.join(folder, 'while-serving.jsonl.gz');
      assertRefused(await runCli(['backup', backupFile], shared), /is in use by another Careweave process/);
      assert.equal(fs.existsSync(backupFile), false);
      const someFile = path.join(folder, 'some-file.jsonl.gz');
      fs.writeFileSync(someFile, '');
      assertRefused(await runCli(['restore', someFile], shared), /is in use by another Careweave process/);
    } finally {
      assert.equal(await server.stop(), 0, server.output());
    }
  });

  test('seed --people 50 adds 50 people to the demo area', async () => {
    const target = testBackend() === 'postgres' ? await freshDatabase() : undefined;
    const env: Record<string, string> = target
      ? { DATABASE_URL: target.config.databaseUrl! }
      : { DATA_DIR: dataDir('seeded') };
    try {
      const result = await runCli(['seed', '--people', '50'], env);
      assert.equal(result.status, 0, result.stderr);
      assert.match(
        result.stdout,
        /Added the demo area: .* an agreed care and support plan, a personal budget and a care home for respite stays for Aisha Khan\./,
      );
      assert.match(result.stdout, /Added 50 synthetic people\./);
      const handle = target ?? (await openDatabase({ databaseUrl: undefined, dataDir: dataDir('seeded') }));
      try {
        const { count } = await handle.db
          .selectFrom('person')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(count), 3 + 50);
        const plans = await handle.db.selectFrom('plan_agreement').select('version_number').execute();
        assert.deepEqual(
          plans.map((row) => row.version_number),
          [3, 3],
          'the demo area has an agreed plan',
        );
        const budgets = await handle.db.selectFrom('budget').select('person_id').execute();
        assert.equal(budgets.length, 1, 'the demo area has a budget');
      } finally {
        if (!target) await handle.close();
      }
    } finally {
      await target?.close();
    }
  });
});

/** Whether every folder from the root down to `folder` lets other users pass through it. */
function othersCanTraverse(folder: string): boolean {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if ((fs.statSync(current).mode & 0o001) === 0) return false;
    if (current === path.dirname(current)) return true;
  }
}
