// Prints Careweave's speed and memory figures. Run with `npm run bench` (which also starts a throwaway
// PostgreSQL server) or `node bench/run.ts` for the embedded database alone.
//  - person page (sign-in session, access check, access-log write, render): requests/s and p99 at 50
//    connections, against a reference page (same layout, one primary-key lookup) in the same run;
//  - cold start: process start to the first page served, on an existing database;
//  - idle memory: resident set size of the server process after the load, once idle.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedSyntheticPeople } from '../src/seed/scale.ts';
import { TestClient } from '../test/support/app.ts';

const node = process.execPath;
const root = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const EXTRA_PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);

type Backend = { name: string; env: Record<string, string> };

async function prepare(backend: Backend) {
  const handle = await openDatabase({ databaseUrl: backend.env.DATABASE_URL, dataDir: backend.env.DATA_DIR ?? '' });
  await migrateToLatest(handle.db);
  const ids = await seedDemo(handle.db);
  await seedSyntheticPeople(handle.db, EXTRA_PEOPLE, { progress: false, seed: 7 });
  await handle.close();
  return ids;
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; startedMs: number }> {
  const started = performance.now();
  const child = spawn(node, [path.join(root, 'bench/server.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => {
      const { port } = JSON.parse(chunk.toString()) as { port: number };
      resolve({ child, port, startedMs: started });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

async function load(url: string, cookie: string) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { rps: Math.round(result.requests.average), p99: result.latency.p99 };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

async function measure(backend: Backend) {
  const ids = await prepare(backend);
  const server = await startServer(backend.env);
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const client = new TestClient(base);
    await client.signIn('priya.shah@council.example.org');
    const cookie = client.cookieHeader();
    const person = `${base}/people/${ids.people.aisha}`;
    const reference = `${base}/bench/reference/${ids.organisations.council}`;
    if ((await fetch(person, { headers: { cookie } })).status !== 200)
      throw new Error('the person page did not answer 200');
    await load(reference, cookie); // warm-up
    await load(person, cookie);
    const referenceFigures = await load(reference, cookie);
    const personFigures = await load(person, cookie);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return { reference: referenceFigures, person: personFigures, idleMb: rssMb(server.child.pid!) };
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
  }
}

/** Process start to the first page served, on a database that already exists. */
async function coldStart(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(node, [path.join(root, 'src/cli.ts'), 'serve'], {
    env: { ...process.env, ...env, PORT: '0', LOG_LEVEL: 'silent', COOKIE_SECURE: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /running at http:\/\/[^:]+:(\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  const response = await fetch(`http://127.0.0.1:${port}/sign-in`);
  const elapsed = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (response.status !== 200) throw new Error('the first page did not answer 200');
  return Math.round(elapsed);
}

const backends: Backend[] = [
  { name: 'PGlite (embedded)', env: { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-bench-')) } },
];
if (process.env.POSTGRES_URL)
  backends.push({ name: 'PostgreSQL server', env: { DATABASE_URL: process.env.POSTGRES_URL } });

console.log(
  `Careweave benchmark: ${CONNECTIONS} connections, ${SECONDS} s per run, ${EXTRA_PEOPLE} synthetic people plus the demo area, ${os.cpus().length} cores`,
);
for (const backend of backends) {
  const figures = await measure(backend);
  const share = Math.round((figures.person.rps / figures.reference.rps) * 100);
  console.log(`\n${backend.name}`);
  console.log(
    `  reference page (1 primary-key lookup + render): ${figures.reference.rps} requests/s, p99 ${figures.reference.p99} ms`,
  );
  console.log(
    `  person page (access check + log write + render): ${figures.person.rps} requests/s, p99 ${figures.person.p99} ms`,
  );
  console.log(`  person page as a share of the reference: ${share} % (aim: at least 70 %)`);
  console.log(`  idle memory of the server process after the load: ${figures.idleMb} MB`);
  console.log(`  cold start to first page: ${await coldStart(backend.env)} ms (aim: under 2000 ms)`);
}
for (const backend of backends)
  if (backend.env.DATA_DIR) fs.rmSync(backend.env.DATA_DIR, { recursive: true, force: true });
