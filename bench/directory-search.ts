// The directory's search speed. Run with `npm run bench:directory` (which starts a throwaway PostgreSQL server) or
// `node bench/directory-search.ts` for the embedded database alone.
// Seeds BENCH_DIRECTORY_SERVICES (100,000) synthetic services, each with an organisation, a place somewhere in a
// box the size of England, one or two needs, opening times and for some a cost, all in a few set-based statements
// (generate_series), plus 500 synthetic "ZZ" postcodes. Then BENCH_DIRECTORY_QUERIES (300) searches with words
// (some misspelt) within 1 to 10 miles of a postcode, through `directory.search.find` as the pages call it (the
// search, its result cards and its log row), and prints p50 and p95. Aim on PostgreSQL: p95 under 30 ms.
// It also prints the plan of one search, to show the places come from the GiST index on `earth`, not a scan.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createDirectoryReference } from '../src/modules/directory/index.ts';
import { createSearchService } from '../src/modules/directory/search-service.ts';
import { searchStatement, withTypoThreshold } from '../src/modules/directory/store-search.ts';
import { aim } from './process.ts';
import { serverDatabase } from './server-database.ts';

const SERVICES = Number(process.env.BENCH_DIRECTORY_SERVICES ?? 100_000);
const QUERIES = Number(process.env.BENCH_DIRECTORY_QUERIES ?? 300);
const WARM_UP = 30;
const POSTCODES = 500;
const AIM_P95_MS = 30;
const NEEDS = [
  'Counselling',
  'Walking groups',
  'Lunch clubs',
  'Debt advice',
  'Carers support',
  'Befriending',
  'Exercise classes',
  'Art and craft',
  'Gardening',
  'Men’s sheds',
  'Bereavement support',
  'Memory cafés',
  'Housing advice',
  'Food banks',
  'Music groups',
  'Language classes',
  'Digital skills',
  'Volunteering',
  'Parent and toddler',
  'Welfare benefits',
];
/** Words people type, some misspelt. */
const TYPED = [
  'counselling',
  'counciling',
  'walking group',
  'walkng',
  'lunch club',
  'debt advice',
  'carers',
  'befriending',
  'gardening',
  'memory cafe',
  'bereavement',
  'food bank',
  'music',
  'exercise class',
  'benefits advice',
  'art',
];
const MILES_KM = [1.609344, 4.828032, 8.04672, 16.09344];

async function seed(handle: DatabaseHandle): Promise<void> {
  const db = handle.db;
  const started = performance.now();
  const step = async (what: string, statement: ReturnType<typeof sql>) => {
    const at = performance.now();
    await statement.execute(db);
    console.log(`  ${what}: ${Math.round(performance.now() - at).toLocaleString('en-GB')} ms`);
  };
  await sql`select setseed(0.13)`.execute(db);
  await step(
    'needs',
    sql`with taxonomy as (insert into dir_taxonomy (id, name, description) values (gen_random_uuid(), 'Needs', 'Needs')
        returning id)
      insert into dir_taxonomy_term (id, name, description, taxonomy, taxonomy_id)
      select gen_random_uuid(), name, name, 'Needs', taxonomy.id
      from unnest(${`{${NEEDS.map((need) => `"${need}"`).join(',')}}`}::text[]) name, taxonomy`,
  );
  // Services, organisations and places share a number, so each step joins by it rather than by reading back ids.
  await step(
    'organisations and services',
    sql`with numbered as (
        select g, gen_random_uuid() as org, gen_random_uuid() as service from generate_series(1, ${SERVICES}) g),
      orgs as (insert into dir_organization (id, name, description)
        select org, 'Synthetic group ' || g, 'A synthetic organisation.' from numbered)
      insert into dir_service (id, organization_id, name, description, status, minimum_age, maximum_age, assured_date)
      select service, org,
        (array['Riverside','Northside','Hillview','Parkway','Meadow','Canal','Market','Station'])[1 + g % 8] || ' ' ||
          lower(t.name) || ' ' || g,
        'Friendly ' || lower(t.name) || ' for people in the area. Come along, meet people and get support. Number ' || g || '.',
        case when g % 50 = 0 then 'temporarily closed' else 'active' end,
        case when g % 5 = 0 then 18 when g % 7 = 0 then 11 end,
        case when g % 7 = 0 then 25 end,
        date '2026-01-01' - (g % 700)
      from numbered join (select name, row_number() over (order by name) - 1 as n from dir_taxonomy_term) t
        on t.n = g % ${NEEDS.length}`,
  );
  await step(
    'places (a box the size of England)',
    sql`with services as (select id, row_number() over (order by id) as g from dir_service),
      places as (select id as service_id, gen_random_uuid() as location_id,
          50.5 + random() * 4.5 as latitude, -4.0 + random() * 5.5 as longitude from services),
      locations as (insert into dir_location (id, location_type, latitude, longitude)
        select location_id, 'physical', latitude, longitude from places)
      insert into dir_service_at_location (id, service_id, location_id)
      select gen_random_uuid(), service_id, location_id from places`,
  );
  await step(
    'addresses',
    sql`insert into dir_address (id, location_id, address_1, city, state_province, postal_code, country, address_type)
      select gen_random_uuid(), id, '1 Synthetic Street', 'Testford', 'Testshire', 'ZZ1 1AA', 'GB', 'physical'
      from dir_location`,
  );
  await step(
    'needs of each service (one or two)',
    sql`insert into dir_attribute (id, link_id, link_type, taxonomy_term_id)
      select gen_random_uuid(), s.id, 'service', t.id
      from dir_service s join dir_taxonomy_term t on position(lower(t.name) in s.name) > 0
      union all
      select gen_random_uuid(), s.id, 'service', (select id from dir_taxonomy_term order by name limit 1)
      from dir_service s where abs(hashtext(s.id::text)) % 3 = 0`,
  );
  await step(
    'opening times and costs',
    sql`with numbered as (select id, abs(hashtext(id::text)) as h from dir_service),
      schedules as (insert into dir_schedule (id, service_id, freq, interval, byday, opens_at, closes_at)
        select gen_random_uuid(), id, 'WEEKLY', 1,
          (array['MO','TU,TH','WE','MO,WE,FR','SA','MO,TU,WE,TH,FR','SU'])[1 + h % 7],
          make_time(9 + h % 4, 0, 0), make_time(13 + h % 5, 0, 0)
        from numbered)
      insert into dir_cost_option (id, service_id, option, amount_pence)
      select gen_random_uuid(), id, 'Per session', 100 + h % 900 from numbered where h % 10 < 3`,
  );
  await step(
    'postcodes',
    sql`insert into postcode (postcode, latitude, longitude)
      select 'ZZ' || (g % 90 + 1) || (g % 10) || chr(65 + g % 26) || chr(65 + (g / 26) % 26),
        50.5 + random() * 4.5, -4.0 + random() * 5.5
      from generate_series(1, ${POSTCODES}) g`,
  );
  await step(
    'search words (directory_refresh_search)',
    sql`select directory_refresh_search(array(select id from dir_service))`,
  );
  await step('analyze', sql`analyze`);
  console.log(`  seeded in ${Math.round((performance.now() - started) / 1000)} s`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function measure(handle: DatabaseHandle): Promise<{ p50: number; p95: number }> {
  const reference = createDirectoryReference(handle.db);
  const directory = { search: createSearchService(reference) };
  const postcodes = (await handle.db.selectFrom('postcode').select('postcode').orderBy('postcode').execute()).map(
    (row) => row.postcode,
  );
  const query = (index: number) => ({
    text: TYPED[index % TYPED.length],
    postcode: postcodes[(index * 37) % postcodes.length],
    withinKm: MILES_KM[index % MILES_KM.length],
    page: 1,
    perPage: 20,
    byStaff: index % 2 === 0,
  });
  // The plan of one search, as the store runs it.
  const filters = {
    text: 'counciling',
    near: { ...(await reference.search.placeOf(postcodes[0]!))!, withinKm: 8.04672 },
    limit: 20,
    offset: 0,
  };
  const plan = await withTypoThreshold(handle.db, filters, (trx) =>
    sql<Record<string, string>>`explain (analyze) ${searchStatement(filters)}`.execute(trx),
  );
  const lines = plan.rows.map((row) => Object.values(row)[0]!);
  if (process.env.BENCH_DIRECTORY_PLAN) console.log(lines.join('\n'));
  const earthLines = lines.filter((line) => /dir_location/.test(line));
  console.log('  plan of one search, its places:');
  for (const line of earthLines) console.log(`    ${line.trim()}`);
  const usesIndex = earthLines.some((line) => /dir_location_earth/.test(line));
  console.log(aim(`places found through the GiST index dir_location_earth, not a sequential scan`, usesIndex));

  for (let index = 0; index < WARM_UP; index += 1) await directory.search.find(query(index));
  const times: number[] = [];
  let found = 0;
  for (let index = 0; index < QUERIES; index += 1) {
    const started = performance.now();
    const result = await directory.search.find(query(index + WARM_UP));
    times.push(performance.now() - started);
    found += result.total;
  }
  times.sort((a, b) => a - b);
  const load = os.loadavg()[0]!.toFixed(1);
  console.log(`  load average while measuring: ${load} on ${os.cpus().length} cores`);
  const p50 = percentile(times, 0.5);
  const p95 = percentile(times, 0.95);
  console.log(
    `  ${QUERIES} searches (words + 1 to 10 miles from a postcode, 20 a page): p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms; ${Math.round(found / QUERIES)} services found a search on average`,
  );
  return { p50, p95 };
}

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? process.env.POSTGRES_URL;
  let folder: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  let handle: DatabaseHandle;
  // BENCH_DIRECTORY_KEEP keeps the seeded database on the server for another run, which then measures it again.
  const keep = Boolean(process.env.BENCH_DIRECTORY_KEEP);
  if (serverUrl && keep) {
    const url = new URL(serverUrl);
    url.pathname = '/careweave_directory_bench';
    handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' }).catch(async () => {
      await serverDatabase(serverUrl, 'careweave_directory_bench');
      return openDatabase({ databaseUrl: url.toString(), dataDir: '' });
    });
  } else if (serverUrl) {
    const database = await serverDatabase(serverUrl, 'careweave_directory_bench');
    drop = database.drop;
    handle = await openDatabase({ databaseUrl: database.url, dataDir: '' });
  } else {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-directory-bench-'));
    handle = await openDatabase({ databaseUrl: undefined, dataDir: folder });
  }
  console.log(
    `Directory search on ${handle.backend === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}, ${SERVICES.toLocaleString('en-GB')} services`,
  );
  try {
    await migrateToLatest(handle.db);
    const seeded = await handle.db.selectFrom('dir_service').select('id').limit(1).executeTakeFirst();
    if (!seeded) await seed(handle);
    const { p95 } = await measure(handle);
    if (handle.backend === 'postgres')
      console.log(aim(`p95 ${p95.toFixed(1)} ms (aim under ${AIM_P95_MS} ms)`, p95 < AIM_P95_MS));
  } finally {
    await handle.close();
    await drop?.();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  }
}

await main();
