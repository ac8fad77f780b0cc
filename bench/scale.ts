// The benchmark's scale figures: the person page, the staff home and reviews due for one synthetic practitioner,
// on PostgreSQL databases of 10,000 and of 1,000,000 people (BENCH_SCALE_PEOPLE for a quicker run), each made
// fresh by the demo seed and `seedSyntheticPeople`, measured at 10 connections for BENCH_SECONDS seconds a page
// and size, the two sizes taking turns.
// Aim: the bigger database's p50 within 1.2 times the smaller's, for every page. A failed request throws.
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addDays, ukDate } from '../src/dates.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { seedSyntheticPeople } from '../src/seed/scale.ts';
import { TestClient } from '../test/support/app.ts';
import { plansLedFrom, syntheticPractitioner } from '../test/support/caseload.ts';
import { loadPage, startBenchServer, stopBenchServer, type PageFigures } from './load.ts';
import { aim } from './process.ts';
import { serverDatabase } from './server-database.ts';

const CONNECTIONS = 10;
const SMALL = 10_000;
/** The most the bigger p50 may be, as a multiple of the smaller's. */
const AIM_RATIO = 1.2;
const PAGES = ['person page', 'staff home', 'reviews due'] as const;
type PageName = (typeof PAGES)[number];

export type ScaleFigures = { people: number; seedSeconds: number; pages: Record<PageName, PageFigures> };

/**
 * The practitioner measured: the first synthetic one, with their 200 people. Their plans (synthetic people have
 * none) name them as lead professional, with reviews spread over the next months, so reviews due has some due.
 */
async function practitionerWithPlans(handle: DatabaseHandle) {
  const staff = await syntheticPractitioner(handle.db);
  const today = ukDate(new Date());
  await plansLedFrom(
    handle.db,
    staff.id,
    staff.places.map((place, index) => ({
      personId: place.person_id,
      placeId: place.id,
      reviewDate: addDays(today, (index % 120) - 20),
    })),
  );
  return { email: staff.email, personId: staff.places[0]!.person_id };
}

/** A database of `people` synthetic people plus the demo area, with the practitioner measured. */
async function seededDatabase(serverUrl: string, people: number) {
  const database = await serverDatabase(serverUrl, `careweave_scale_${people}`);
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: '' });
  const seeding = performance.now();
  try {
    await migrateToLatest(handle.db);
    await seedDemo(handle.db);
    await seedSyntheticPeople(handle.db, people, { progress: process.stderr.isTTY, seed: 7 });
    const practitioner = await practitionerWithPlans(handle);
    // Fresh statistics, as autovacuum would make them some time after a load this size.
    await sql`analyze`.execute(handle.db);
    return { ...database, people, practitioner, seedSeconds: Math.round((performance.now() - seeding) / 1000) };
  } finally {
    await handle.close();
  }
}
type Seeded = Awaited<ReturnType<typeof seededDatabase>>;

/** The bench server on one seeded database, signed in as its practitioner: the three pages' addresses. */
async function serve(database: Seeded) {
  const server = await startBenchServer({ DATABASE_URL: database.url });
  const base = `http://127.0.0.1:${server.port}`;
  const client = new TestClient(base);
  const handle = await openDatabase({ databaseUrl: database.url, dataDir: '' });
  try {
    await client.signIn(database.practitioner.email, handle.db);
  } finally {
    await handle.close();
  }
  const urls: Record<PageName, string> = {
    'person page': `${base}/people/${database.practitioner.personId}`,
    'staff home': `${base}/staff`,
    'reviews due': `${base}/staff/reviews`,
  };
  return { server, urls, cookie: client.cookieHeader() };
}

/** Two runs' figures as one: requests added, rates and times averaged. */
const together = (a: PageFigures, b: PageFigures): PageFigures => ({
  rps: Math.round((a.rps + b.rps) / 2),
  p50: (a.p50 + b.p50) / 2,
  p99: (a.p99 + b.p99) / 2,
  requests: a.requests + b.requests,
});
const line = (figures: PageFigures) =>
  `${figures.rps} requests/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms (${figures.requests} requests, none failed)`;

/**
 * Measures and prints the scale figures on the PostgreSQL server at `postgresUrl`, in two databases of its own
 * that it drops afterwards. Answers the figures and the aims missed; throws if any request failed.
 */
export async function measureScale(postgresUrl: string): Promise<{ sizes: ScaleFigures[]; missed: string[] }> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const big = Number(process.env.BENCH_SCALE_PEOPLE ?? 1_000_000);
  console.log(
    `\nScale on PostgreSQL: one practitioner's pages with ${SMALL.toLocaleString('en-GB')} and ${big.toLocaleString('en-GB')} synthetic people, ${CONNECTIONS} connections, ${seconds} s per page and size`,
  );
  const databases = [await seededDatabase(postgresUrl, SMALL), await seededDatabase(postgresUrl, big)];
  const servers: Awaited<ReturnType<typeof serve>>[] = [];
  try {
    for (const database of databases) servers.push(await serve(database));
    const figures = databases.map(() => ({}) as Record<PageName, PageFigures>);
    for (const name of PAGES) {
      for (const { urls, cookie } of servers)
        await loadPage(name, urls[name], cookie, Math.min(5, seconds), CONNECTIONS);
      // Each size in two halves, taking turns, so a busier moment on the machine falls on both alike.
      const halves = databases.map(() => [] as PageFigures[]);
      for (let round = 0; round < 2; round += 1)
        for (const [index, { urls, cookie }] of servers.entries())
          halves[index]!.push(await loadPage(name, urls[name], cookie, Math.ceil(seconds / 2), CONNECTIONS));
      for (const [index, [first, second]] of halves.entries()) figures[index]![name] = together(first!, second!);
    }
    const sizes = databases.map((database, index) => ({
      people: database.people,
      seedSeconds: database.seedSeconds,
      pages: figures[index]!,
    }));
    for (const size of sizes) {
      console.log(`  ${size.people.toLocaleString('en-GB')} people (seeded in ${size.seedSeconds} s)`);
      for (const name of PAGES) console.log(`    ${name}: ${line(size.pages[name])}`);
    }
    const [small, large] = sizes as [ScaleFigures, ScaleFigures];
    const missed: string[] = [];
    for (const name of PAGES) {
      const ratio = large.pages[name].p50 / Math.max(small.pages[name].p50, 1);
      const text = `${name} p50 at ${large.people.toLocaleString('en-GB')} people against ${SMALL.toLocaleString('en-GB')}: ${ratio.toFixed(2)}×, aim at most ${AIM_RATIO}×`;
      if (ratio > AIM_RATIO) missed.push(`Scale: ${text}`);
      console.log(aim(text, ratio <= AIM_RATIO));
    }
    return { sizes, missed };
  } finally {
    for (const { server } of servers) await stopBenchServer(server.child);
    for (const database of databases) await database.drop();
  }
}
