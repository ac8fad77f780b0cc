// The import-boundary rules in .dependency-cruiser.cjs catch what they are meant to. This does not look at
// the real src/ (npm run boundaries does): it writes a small tree with the same layout in a temporary folder,
// plants one violation per rule, and checks that each is reported under its rule's name, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkBoundaries, repoRoot, type Violation } from '../../scripts/boundaries.ts';

type Tree = Record<string, string>;

/** Follows every rule, and uses each thing a rule allows. */
const clean: Tree = {
  'node_modules/kysely/package.json':
    '{ "name": "kysely", "version": "0.0.0", "type": "module", "main": "index.js" }\n',
  'node_modules/kysely/index.js': 'export const sql = {};\n',
  'src/app.ts': "import { plansModule } from './modules/plans/index.ts';\nexport const modules = [plansModule];\n",
  'src/errors.ts': 'export class NotFound extends Error {}\n',
  'src/web/forms.ts':
    "import { NotFound } from '../errors.ts';\nexport const field = (name: string) => { if (!name) throw new NotFound(); return name; };\n",
  // request-context.ts declares request types from modules; src/data takes types from identity's index.
  'src/web/request-context.ts':
    "import type { Actor } from '../modules/identity/index.ts';\nexport type RequestActor = Actor | null;\n",
  'src/data/person-data.ts':
    "import type { Actor } from '../modules/identity/index.ts';\nexport interface PersonData { actor: Actor }\n",
  'src/modules/identity/index.ts': 'export interface Actor { id: string }\n',
  // A service may import its store's types, and another module's index when that module is lower.
  'src/modules/people/index.ts':
    "export { findPerson } from './service.ts';\nexport { bindPeopleStore } from './store.ts';\n",
  'src/modules/people/service.ts':
    "import type { PeopleStore } from './store.ts';\nimport type { PersonData } from '../../data/person-data.ts';\n" +
    'export const findPerson = (store: PeopleStore, data: PersonData) => store.find(data.actor.id);\n',
  'src/modules/people/store.ts':
    "import { sql } from 'kysely';\nimport type { Actor } from '../identity/index.ts';\n" +
    'export interface PeopleStore { find(id: string): Actor | undefined }\nexport const bindPeopleStore = () => sql;\n',
  'src/modules/people/tables.ts': "import type { sql } from 'kysely';\nexport type PeopleTables = typeof sql;\n",
  // Routes may use the web layer; module.ts wires the store by value.
  'src/modules/plans/index.ts': "export { plansModule } from './module.ts';\n",
  'src/modules/plans/module.ts':
    "import { planRoutes } from './routes.ts';\nimport { bindPlansStore } from './store-print.ts';\nimport { field } from '../../web/forms.ts';\n" +
    'export const plansModule = { planRoutes, bindPlansStore, field };\n',
  'src/modules/plans/routes.ts': "import { showPlan } from './routes/x.ts';\nexport const planRoutes = [showPlan];\n",
  'src/modules/plans/routes/x.ts':
    "import { field } from '../../../web/forms.ts';\nimport { planFor } from '../plan-service.ts';\n" +
    'export const showPlan = (id: string) => planFor(field(id));\n',
  'src/modules/plans/plan-service.ts':
    "import { findPerson } from '../people/index.ts';\nimport type { PlansStore } from './store-print.ts';\n" +
    'export const planFor = (id: string) => ({ id, findPerson }) satisfies Partial<PlansStore> | object;\n',
  'src/modules/plans/store-print.ts':
    "import { sql } from 'kysely';\nexport type PlansStore = { id: string };\nexport const bindPlansStore = () => sql;\n",
};

/** Violations to plant, at least one per rule: the file that breaks the rule, and what it is reported to import. */
const planted: { rule: string; file: string; source: string; to?: string }[] = [
  {
    rule: 'only-through-index',
    file: 'src/modules/plans/people-store-types.ts', // type-only, but past people's index
    source: "import type { PeopleStore } from '../people/store.ts';\nexport type Store = PeopleStore;\n",
    to: 'src/modules/people/store.ts',
  },
  {
    rule: 'only-through-index',
    file: 'src/cli.ts',
    source: "import { findPerson } from './modules/people/service.ts';\nexport const cli = findPerson;\n",
    to: 'src/modules/people/service.ts',
  },
  {
    rule: 'module-order',
    file: 'src/modules/people/plan-links.ts', // people is below plans
    source: "import { plansModule } from '../plans/index.ts';\nexport const links = plansModule;\n",
    to: 'src/modules/plans/index.ts',
  },
  {
    rule: 'module-order',
    file: 'src/modules/outcomes/index.ts', // outcomes is not in MODULE_ORDER yet
    source: "import { findPerson } from '../people/index.ts';\nexport const outcomes = findPerson;\n",
    to: 'src/modules/people/index.ts',
  },
  {
    rule: 'no-cycles',
    file: 'src/modules/people/circle-a.ts',
    source: "import { b } from './circle-b.ts';\nexport type A = { b: typeof b };\n",
    to: 'src/modules/people/circle-b.ts → src/modules/people/circle-a.ts',
  },
  {
    rule: 'no-cycles',
    file: 'src/modules/people/circle-b.ts', // the cycle closes through a type-only import
    source: "import type { A } from './circle-a.ts';\nexport const b: A | null = null;\n",
    // no `to`: the cycle is reported once, from circle-a.ts
  },
  {
    rule: 'below-routes-no-web',
    file: 'src/modules/people/details-form.ts',
    source: "import { field } from '../../web/forms.ts';\nexport const details = field;\n",
    to: 'src/web/forms.ts',
  },
  {
    rule: 'routes-no-store',
    file: 'src/modules/plans/routes/print.ts',
    source: "import type { PlansStore } from '../store-print.ts';\nexport type Print = PlansStore;\n",
    to: 'src/modules/plans/store-print.ts',
  },
  {
    rule: 'services-no-database',
    file: 'src/modules/plans/report-service.ts',
    source: "import { sql } from 'kysely';\nexport const report = sql;\n",
    to: 'node_modules/kysely/index.js',
  },
  {
    rule: 'services-no-database',
    file: 'src/modules/people/record-service.ts',
    source: "import { bindPeopleStore } from './store.ts';\nexport const record = bindPeopleStore;\n",
    to: 'src/modules/people/store.ts',
  },
  {
    rule: 'web-no-modules',
    file: 'src/web/nav.ts',
    source: "import { plansModule } from '../modules/plans/index.ts';\nexport const nav = plansModule;\n",
    to: 'src/modules/plans/index.ts',
  },
  {
    rule: 'data-no-modules',
    file: 'src/data/contract.ts',
    source: "import { findPerson } from '../modules/people/index.ts';\nexport const contract = findPerson;\n",
    to: 'src/modules/people/index.ts',
  },
];

async function writeTree(tree: Tree): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'careweave-boundaries-'));
  for (const [file, source] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), source);
  }
  return root;
}

const violatingTree: Tree = { ...clean, ...Object.fromEntries(planted.map(({ file, source }) => [file, source])) };
const expected: Violation[] = planted
  .flatMap(({ rule, file, to }) => (to === undefined ? [] : [{ rule, from: file, to }]))
  .sort((a, b) => a.rule.localeCompare(b.rule) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));

test('a tree that follows the layout breaks no import boundary', async (t) => {
  const root = await writeTree(clean);
  t.after(() => rm(root, { recursive: true, force: true }));
  const { violations, typeScriptFilesRead, dependenciesRead } = await checkBoundaries(root);
  assert.deepEqual(violations, []);
  // Every .ts file was parsed and its imports seen (a missing parser would read none and pass).
  assert.equal(typeScriptFilesRead, Object.keys(clean).filter((file) => file.endsWith('.ts')).length);
  assert.ok(dependenciesRead >= 20, `${dependenciesRead} imports read`);
});

test('each planted violation is reported under its rule, and nothing else is', async (t) => {
  const root = await writeTree(violatingTree);
  t.after(() => rm(root, { recursive: true, force: true }));
  const { violations, comments } = await checkBoundaries(root);
  assert.deepEqual(violations, expected);
  // Every rule in the config is exercised here.
  assert.deepEqual([...new Set(expected.map(({ rule }) => rule))].sort(), [...comments.keys()].sort());
});

test('npm run boundaries fails on violations and names the rule of each', async (t) => {
  const run = promisify(execFile);
  const script = path.join(repoRoot, 'scripts/boundaries.ts');
  const root = await writeTree(violatingTree);
  const cleanRoot = await writeTree(clean);
  t.after(() =>
    Promise.all([rm(root, { recursive: true, force: true }), rm(cleanRoot, { recursive: true, force: true })]),
  );

  const [passing, failing] = await Promise.all([
    run(process.execPath, [script, cleanRoot]),
    run(process.execPath, [script, root]).then(
      () => assert.fail('the check passed a tree with violations'),
      (error: { code: number; stdout: string }) => error,
    ),
  ]);
  assert.match(passing.stdout, /No import boundary violations/);
  assert.equal(failing.code, 1);
  for (const { rule, from, to } of expected) {
    assert.ok(
      failing.stdout.includes(`error ${rule}: ${from} → ${to}`),
      `${rule}: ${from} → ${to} in\n${failing.stdout}`,
    );
  }
});
