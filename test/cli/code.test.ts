import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../support/app.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from '../support/database.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { runCli, startCli, stderrLines } from './run-cli.ts';

const PRIYA = 'priya.shah@council.example.org';

describe(`careweave code while the demo is running (${testBackend()})`, () => {
  let folder: string;
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let demo: Awaited<ReturnType<typeof startCli>>;
  let environment: Record<string, string>;
  let baseUrl: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-code-test-'));
    // On PostgreSQL nothing is locked, so the code is read from the database; the embedded database is locked
    // by the running demo, so the code of a demo account comes from the published demo secret.
    database = testBackend() === 'postgres' ? await freshDatabase() : undefined;
    environment = database
      ? { DATABASE_URL: database.config.databaseUrl!, PORT: '0' }
      : { DATA_DIR: path.join(folder, 'data'), PORT: '0' };
    // A migrated data folder, as making a new one takes seconds (cli.test.ts has the command make one).
    if (!database) await copyMigratedDataFolder(environment.DATA_DIR!);
    demo = await startCli(['demo'], environment, /Careweave is running at http:\/\/[\d.]+:\d+/, 120_000);
    baseUrl = /Careweave is running at (http:\/\/[\d.]+:\d+)/.exec(demo.output())![1]!;
  });
  after(async () => {
    assert.equal(await demo.stop(), 0, demo.output());
    await database?.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test("prints a demo account's code, how long it lasts and where it came from; the code signs in", async () => {
    const result = await runCli(['code', PRIYA], environment, { timeoutMs: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const [code = '', about = '', ...rest] = result.stdout.trim().split('\n');
    assert.match(code, /^\d{6}$/);
    assert.deepEqual(rest, []);
    const seconds = Number(/It works for (\d+) more seconds, and signs in once\./.exec(about)?.[1]);
    assert.ok(seconds >= 1 && seconds <= 30, about);
    assert.match(
      about,
      database
        ? /It comes from the published demo secret\.$/
        : /The data folder is in use \(by the running demo, say\), so this comes from the published demo secret/,
    );

    const priya = new TestClient(baseUrl);
    const password = await priya.post('/sign-in', { email: PRIYA, password: DEMO_PASSWORD });
    assert.equal(password.location, '/sign-in/code');
    const signedIn = await priya.post('/sign-in/code', { code });
    assert.equal(signedIn.status, 303, 'the code printed is the one the running demo accepts');
    assert.equal((await priya.get('/staff')).status, 200);
  });

  test('gives no code for an account that is not a demo account, saying why in one line', async () => {
    const result = await runCli(['code', 'someone@council.example.org'], environment, { timeoutMs: 60_000 });
    assert.notEqual(result.status, 0);
    assert.equal(result.stdout, '');
    const lines = stderrLines(result);
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0]!,
      database
        ? /There is no staff account with a one-time code for someone@council\.example\.org\./
        : /is in use by another Careweave process.*Only a demo staff account's code can be given while it runs.*someone@council\.example\.org is not one\./,
    );
  });
});
