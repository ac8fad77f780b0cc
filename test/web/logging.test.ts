import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { testBackend } from '../support/database.ts';

const root = path.resolve(import.meta.dirname, '../..');
const MARKER = 'ZQXMARKERQXZ';

type LogLine = {
  level: number;
  msg?: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  err?: Record<string, unknown>;
};

describe(`what the server log holds (${testBackend()})`, () => {
  test('no query string, body, path id or row value reaches a log line, even from a database error', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(root, 'node_modules/.bin/node'),
      [path.join(root, 'test/web/log-scenario.ts'), MARKER],
      { cwd: root, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const report = JSON.parse(stderr.trim().split('\n').at(-1)!) as { aisha: string; statuses: number[] };
    assert.deepEqual(report.statuses, [200, 500, 404], 'a plain page, a failed save and an unknown person');
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const entries = lines.map((line) => JSON.parse(line) as LogLine);

    for (const line of lines) {
      assert.doesNotMatch(line, new RegExp(MARKER), 'the marker is in no log line');
      assert.ok(!line.includes(report.aisha), `no person's id is in a log line: ${line}`);
      assert.doesNotMatch(line, /Failing row|My garden|note=/, line);
    }
    const requests = entries.filter((entry) => entry.req);
    assert.ok(
      requests.some((entry) => entry.req!.route === '/people/:personId/about-me' && entry.req!.method === 'GET'),
      'a request is logged by its method and route',
    );
    for (const entry of requests) assert.deepEqual(Object.keys(entry.req!).sort(), ['id', 'method', 'route']);
    assert.ok(entries.some((entry) => entry.res?.status === 500));
    const failure = entries.find((entry) => entry.level === 50 && entry.err?.code === '23514');
    assert.ok(failure, 'the database error is logged, by its code');
    assert.deepEqual(Object.keys(failure.err!).sort(), ['code', 'stack', 'type']);
    assert.match(String(failure.err!.stack), /^\s+at /, 'its stack, without the message that heads it');
    assert.equal(entries.filter((entry) => entry.level === 50 && entry.err?.type === 'Error').length, 2);
  });
});
