// Prints Careweave's speed and memory figures. Run with `npm run bench` (which also starts a throwaway
// PostgreSQL server, so both databases are measured) or `node bench/run.ts` for the embedded database alone.
// For each database:
//  - the person page (sign-in session, access check, access-log write, render) against a reference page (same
//    layout, one primary-key lookup) in the same run, at 50 connections for BENCH_SECONDS (60) seconds each:
//    requests/s, p50 and p99, the share of the reference, and the statements each page sends;
//  - memory (resident set size) of the server process when fresh and idle, and idle again after the load;
//  - cold start: process start to the first page served, on an existing database.
// Any request that fails (an error, a time-out, an answer other than 2xx) stops the benchmark with the reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedSyntheticPeople } from '../src/seed/scale.ts';
import { TestClient } from '../test/support/app.ts';
import { loadPage, startBenchServer, stopBenchServer, type PageFigures } from './load.ts';
import { aim, coldStart, idle } from './process.ts';
import { measureScale } from './scale.ts';

const root = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const EXTRA_PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);

type Backend = {
  name: string;
  env: Record<string, string>;
  aims: { idleMb: number; afterLoadMb?: number; coldMs: number };
};

async function prepare(backend: Backend) {
  const handle = await openDatabase({ databaseUrl: backend.env.DATABASE_URL, dataDir: backend.env.DATA_DIR ?? '' });
  await migrateToLatest(handle.db);
  const ids = await seedDemo(handle.db);
  await seedSyntheticPeople(handle.db, EXTRA_PEOPLE, { progress: false, seed: 7 });
  await handle.close();
  return ids;
}

/** The statements one request to `url` sends to the database, as the bench server counts them. */
async function statementsFor(base: string, url: string, cookie: string): Promise<number> {
  const count = async () => Number(await (await fetch(`${base}/bench/statements`)).text());
  const before = await count();
  const answer = await fetch(url, { headers: { cookie } });
  if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
  return (await count()) - before;
}

async function measure(backend: Backend) {
  const ids = await prepare(backend);
  const server = await startBenchServer(backend.env);
  try {
    const pid = server.child.pid!;
    const freshMb = await idle(pid, 2000);
    const base = `http://127.0.0.1:${server.port}`;
    const client = new TestClient(base);
    await client.signIn('priya.shah@council.example.org');
    const cookie = client.cookieHeader();
    const person = `${base}/people/${ids.people.aisha}`;
    const reference = `${base}/bench/reference/${ids.organisations.council}`;
    // The first look reads the facts access is decided on; later looks under the same access stamp reuse them.
    const statements = {
      firstPerson: await statementsFor(base, person, cookie),
      person: await statementsFor(base, person, cookie),
      reference: await statementsFor(base, reference, cookie),
    };
    await loadPage('reference page', reference, cookie, Math.min(5, SECONDS), CONNECTIONS); // warm-up
    await loadPage('person page', person, cookie, Math.min(5, SECONDS), CONNECTIONS);
    const referenceFigures = await loadPage('reference page', reference, cookie, SECONDS, CONNECTIONS);
    const personFigures = await loadPage('person page', person, cookie, SECONDS, CONNECTIONS);
    const afterLoadMb = await idle(pid, 5000);
    return { reference: referenceFigures, person: personFigures, statements, freshMb, afterLoadMb };
  } finally {
    await stopBenchServer(server.child);
  }
}

const page = (name: string, figures: PageFigures) =>
  `  ${name}: ${figures.rps} requests/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms (${figures.requests} requests, none failed)`;

const backends: Backend[] = [
  {
    name: 'PGlite (embedded)',
    env: { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-bench-')) },
    aims: { idleMb: 300, coldMs: 1500 },
  },
];
if (process.env.POSTGRES_URL)
  backends.push({
    name: 'PostgreSQL server',
    env: { DATABASE_URL: process.env.POSTGRES_URL },
    aims: { idleMb: 150, afterLoadMb: 250, coldMs: 1000 },
  });

console.log(
  `Careweave benchmark: ${CONNECTIONS} connections, ${SECONDS} s per page, ${EXTRA_PEOPLE} synthetic people plus the demo area, ${os.cpus().length} cores, Node.js ${process.version}`,
);
const missed: string[] = [];
const check = (backend: string, text: string, met: boolean) => {
  if (!met) missed.push(`${backend}: ${text}`);
  return aim(text, met);
};
try {
  for (const backend of backends) {
    const figures = await measure(backend);
    const share = Math.round((figures.person.rps / figures.reference.rps) * 100);
    const cold = await coldStart(root, backend.env);
    const { aims } = backend;
    console.log(`\n${backend.name}`);
    console.log(page('reference page (1 primary-key lookup + render)', figures.reference));
    console.log(page('person page (access check + log write + render)', figures.person));
    console.log(
      `  statements sent for one page: person ${figures.statements.person} (the first look ${figures.statements.firstPerson}), reference ${figures.statements.reference}`,
    );
    console.log(
      check(backend.name, `person page as a share of the reference: ${share} %, aim at least 70 %`, share >= 70),
    );
    if (backend.env.DATA_DIR)
      console.log(
        check(backend.name, `person page p99: ${figures.person.p99} ms, aim under 1000 ms`, figures.person.p99 < 1000),
      );
    console.log(
      check(
        backend.name,
        `fresh idle memory: ${figures.freshMb} MB, aim under ${aims.idleMb} MB`,
        figures.freshMb < aims.idleMb,
      ),
    );
    console.log(
      aims.afterLoadMb
        ? check(
            backend.name,
            `idle memory after the load: ${figures.afterLoadMb} MB, aim under ${aims.afterLoadMb} MB`,
            figures.afterLoadMb < aims.afterLoadMb,
          )
        : `  idle memory after the load: ${figures.afterLoadMb} MB`,
    );
    console.log(
      check(
        backend.name,
        `cold start to first page: ${cold} ms (median of 3), aim under ${aims.coldMs} ms`,
        cold < aims.coldMs,
      ),
    );
  }
  if (process.env.POSTGRES_URL) missed.push(...(await measureScale(process.env.POSTGRES_URL)).missed);
} finally {
  for (const backend of backends)
    if (backend.env.DATA_DIR) fs.rmSync(backend.env.DATA_DIR, { recursive: true, force: true });
}
// Not meeting an aim is reported, not a failure; a failed request (thrown above) is.
console.log(missed.length ? `\n${missed.length} aims not met:\n  ${missed.join('\n  ')}` : '\nEvery aim met.');
