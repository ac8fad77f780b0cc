// Import boundaries between Careweave's modules and layers, checked by dependency-cruiser
// (`npm run boundaries`, part of `npm test`). test/architecture/boundaries.test.ts plants at least one
// violation per rule in a throw-away tree and checks that this file reports it by name.
//
// Adding a module: add its folder name to MODULE_ORDER, above every module it imports.
'use strict';

/** Lowest first: a module may import (the index of) only the modules before it. */
const MODULE_ORDER = [
  'identity',
  'notifications',
  'people',
  'access',
  'plans',
  'budgets',
  'panel',
  'teamwork',
  'directory',
];

// dependency-cruiser parses TypeScript with TypeScript's JavaScript API (versions below 7 only) or with
// swc; with neither it skips every .ts file and passes, having checked nothing. swc is the one this
// project installs for it (TypeScript 7 has no JavaScript API), so fail loudly if it is missing.
require.resolve('@swc/core');

const escapeRegExp = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names) => `(?:${names.map(escapeRegExp).join('|')})`;

// Paths are relative to the folder depcruise runs in (the repository root).
const MODULE = '^src/modules/[^/]+/';
const INDEX = '^src/modules/[^/]+/index\\.ts$';
const MODULE_TS = '^src/modules/[^/]+/module\\.ts$';
const ROUTES = ['^src/modules/[^/]+/routes\\.ts$', '^src/modules/[^/]+/routes/'];
const STORE = '^src/modules/[^/]+/(?:store|store-[^/]+)\\.ts$';
const TABLES = '^src/modules/[^/]+/tables\\.ts$';
const MIGRATIONS = ['^src/modules/[^/]+/migrations(?:\\.ts$|/)'];
const WEB = '^src/web/';
const KYSELY = ['(?:^|/)node_modules/kysely/'];

const ORDER_COMMENT =
  `A module imports only modules below it in MODULE_ORDER (${MODULE_ORDER.join(' < ')}), ` +
  'in .dependency-cruiser.cjs, where a new module must be added.';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const moduleOrder = MODULE_ORDER.map((name, i) => ({
  name: 'module-order',
  severity: 'error',
  comment: ORDER_COMMENT,
  from: { path: `^src/modules/${escape(name)}/` },
  to: {
    path: '^src/modules/',
    pathNot: [`^src/modules/${anyOf(MODULE_ORDER.slice(0, i + 1))}/`],
  },
})).concat({
  name: 'module-order',
  severity: 'error',
  comment: ORDER_COMMENT, // here: a module that is not in MODULE_ORDER yet
  from: { path: `^src/modules/(?!${anyOf(MODULE_ORDER)}/)([^/]+)/` },
  to: { path: '^src/modules/', pathNot: ['^src/modules/$1/'] },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'only-through-index',
      severity: 'error',
      comment: "Another module's files may be imported only through its index.ts.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: MODULE, pathNot: ['^src/modules/$1/', INDEX] },
    },
    {
      name: 'only-through-index',
      severity: 'error',
      comment:
        'Code outside src/modules may import a module only through its index.ts ' +
        "(the database schema, src/db/schema.ts, is the union of every module's tables.ts).",
      from: { path: '^src/', pathNot: [MODULE, '^src/db/schema\\.ts$'] },
      to: { path: MODULE, pathNot: [INDEX] },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'No circular imports, type-only imports included.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...moduleOrder,
    {
      name: 'below-routes-no-web',
      severity: 'error',
      comment:
        "Only a module's routes and module.ts, not its services, stores or tables, nor the shared " +
        'data, db, errors, dates, ids and text code, may import the HTTP layer (src/web).',
      from: {
        path: [MODULE, '^src/data/', '^src/db/', '^src/(?:errors|dates|ids|text)\\.ts$'],
        pathNot: [...ROUTES, MODULE_TS],
      },
      to: { path: WEB },
    },
    {
      name: 'routes-no-store',
      severity: 'error',
      comment: 'Routes reach data through services: no store, src/db or kysely import, type-only included.',
      from: { path: ROUTES },
      to: { path: [STORE, '^src/db/', ...KYSELY] },
    },
    {
      name: 'services-no-database',
      severity: 'error',
      comment:
        'Services may import store types but no store, kysely or src/db/database.ts values; ' +
        'only stores, tables, migrations, module.ts and index.ts may (routes: see routes-no-store).',
      from: {
        path: MODULE,
        // The data context is the one service that holds the database: it opens each person's transaction.
        pathNot: [STORE, TABLES, ...MIGRATIONS, MODULE_TS, INDEX, ...ROUTES, '^src/modules/access/data-context\\.ts$'],
      },
      to: {
        path: [STORE, '^src/db/database\\.ts$', ...KYSELY],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'web-no-modules',
      severity: 'error',
      comment: 'The HTTP layer does not depend on modules; only request-context.ts declares request types from them.',
      from: { path: WEB, pathNot: ['^src/web/request-context\\.ts$'] },
      to: { path: '^src/modules/' },
    },
    {
      name: 'web-no-modules',
      severity: 'error',
      comment: 'src/web/request-context.ts may import module types only (import type).',
      from: { path: '^src/web/request-context\\.ts$' },
      to: { path: '^src/modules/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'data-no-modules',
      severity: 'error',
      comment: 'The shared person-data contract (src/data) imports no module, except types from identity/index.ts.',
      from: { path: '^src/data/' },
      to: { path: '^src/modules/', pathNot: ['^src/modules/identity/index\\.ts$'] },
    },
    {
      name: 'data-no-modules',
      severity: 'error',
      comment: 'src/data may import src/modules/identity/index.ts with import type only.',
      from: { path: '^src/data/' },
      to: { path: '^src/modules/identity/index\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // Only src/ is checked; node_modules stays in so the kysely rules see kysely. (Unresolved imports
    // drop out here, so the type check, not this, is what catches those.)
    includeOnly: '^(?:src|node_modules)/',
    doNotFollow: { path: 'node_modules' },
    // Parse .ts with TypeScript's JavaScript API when `typescript` resolves to a version below 7 (TS 7 has
    // none), otherwise with swc. Either way type-only imports (import type ...) are dependencies too, which
    // no-cycles counts and services-no-database tells apart.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
