import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from './run-cli.ts';

// bin/careweave runs Careweave bundled (bin/server-bundle.mjs), and never a bundle older than the code.

const root = path.resolve(import.meta.dirname, '../..');
const current = path.join(root, '.build/server/current.json');
type Built = { bundle: string; inputs: Record<string, number> };
const built = (): Built => JSON.parse(fs.readFileSync(current, 'utf8')) as Built;

describe('the bundled command', () => {
  test('is built from every source file the command loads, as each is now', async () => {
    assert.equal((await runCli(['help'], {})).status, 0);
    const { bundle, inputs } = built();
    assert.ok(fs.existsSync(path.join(root, '.build/server', bundle)), `${bundle} is missing`);
    for (const file of ['src/cli.ts', 'src/app.ts', 'src/cli/serve.ts', 'src/db/migrate.ts'])
      assert.equal(
        inputs[file],
        fs.statSync(path.join(root, file)).mtimeMs,
        `${file} is not in the bundle as it is now`,
      );
  });

  test('a source file changed since is bundled again before the command runs', async () => {
    assert.equal((await runCli(['help'], {})).status, 0);
    const before = built();
    const file = path.join(root, 'src/cli.ts');
    const changed = new Date(Math.floor(before.inputs['src/cli.ts']!) + 1000);
    fs.utimesSync(file, changed, changed);
    const result = await runCli(['help'], {});
    assert.equal(result.status, 0);
    assert.equal(result.stderr, '');
    const after = built();
    assert.notEqual(after.bundle, before.bundle);
    assert.equal(after.inputs['src/cli.ts'], fs.statSync(file).mtimeMs);
  });
});
