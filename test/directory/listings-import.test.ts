import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { readDirectorySource } from '../../src/cli/import-directory.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import {
  createDirectoryReference,
  createListingsService,
  type ImportReport,
  type ListingsService,
} from '../../src/modules/directory/index.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

// Importing Open Referral UK files: the standard's own examples import, hostile files are refused with a report that
// names every bad record and field and change nothing, --skip-invalid keeps what is sound, and a re-import writes
// what changed, field by field, to the listing's history.

const EXAMPLES = path.resolve(import.meta.dirname, '../standards/open-referral-uk/examples');

const TABLES = [
  'dir_organization',
  'dir_organization_identifier',
  'dir_service',
  'dir_location',
  'dir_address',
  'dir_accessibility',
  'dir_service_at_location',
  'dir_schedule',
  'dir_cost_option',
  'dir_language',
  'dir_service_area',
  'dir_contact',
  'dir_phone',
  'dir_funding',
  'dir_taxonomy',
  'dir_taxonomy_term',
  'dir_attribute',
  'directory_change',
] as const;

/** Ids made for these tests, one per number: valid UUIDs that are plainly invented. */
const uid = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;

/** A small, sound service in the shape the API answers with. */
const service = (n: number, overrides: Record<string, unknown> = {}) => ({
  id: uid(n),
  name: `Synthetic service ${n}`,
  description: 'A synthetic service for tests.',
  status: 'active',
  organization: { id: uid(900), name: 'Synthetic Group', description: 'An invented organisation.' },
  schedules: [{ id: uid(n + 100), freq: 'WEEKLY', byday: 'MO,WE', opens_at: '09:30', closes_at: '12:00' }],
  service_at_locations: [
    {
      id: uid(n + 200),
      location: { id: uid(n + 300), location_type: 'physical', name: 'Hall', latitude: 52.41, longitude: -1.31 },
    },
  ],
  cost_options: [{ id: uid(n + 400), option: 'Per session', amount: 2.5 }],
  attributes: [{ id: uid(n + 500), taxonomy_term_id: uid(800) }],
  ...overrides,
});
const TERM = { id: uid(800), name: 'Synthetic need', description: 'A need for tests.' };

describe(`importing Open Referral UK listings (${testBackend()})`, () => {
  let handle: DatabaseHandle & { close: () => Promise<void> };
  let listings: ListingsService;

  const counts = async () => {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      result[table] = Number(row.n);
    }
    return result;
  };
  const importJson = (json: unknown, skipInvalid = false, name = 'test.json') =>
    listings.import({ name, json }, { skipInvalid, now: new Date('2026-03-01T10:00:00Z') });
  /** Refused: the report names each problem, and the database holds what it held before. */
  const assertRefused = async (json: unknown, ...problems: RegExp[]) => {
    const before = await counts();
    const report = await importJson(json);
    assert.equal(report.refused, true, JSON.stringify(report));
    for (const problem of problems)
      assert.ok(
        report.problems.some((line) => problem.test(line)),
        `${problem} not in ${JSON.stringify(report.problems)}`,
      );
    assert.deepEqual(await counts(), before);
    return report;
  };

  before(async () => {
    handle = await freshDatabase();
    listings = createListingsService(createDirectoryReference(handle.db));
  });
  after(() => handle.close());

  test('every example of the standard imports, once its impossible coordinates (latitude 100) are on the earth', async () => {
    const files = fs.readdirSync(EXAMPLES).sort();
    assert.equal(files.length, 10);
    for (const file of files) {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
      let report = await importJson(JSON.parse(text), false, file);
      if (text.includes('"latitude": 100')) {
        // Latitude runs from -90 to 90: the examples' 100 is no place, and the import says so, naming only that.
        assert.equal(report.refused, true);
        assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
        assert.match(
          report.problems[0]!,
          /location \(id 3a19ff88-4620-4d17-9830-ac1d859eb5d5\) latitude: must be a number between -90 and 90$/,
        );
        report = await importJson(JSON.parse(text.replace('"latitude": 100', '"latitude": 52.1')), false, file);
      }
      assert.equal(report.refused, false, `${file}: ${JSON.stringify(report.problems)}`);
      assert.deepEqual(report.problems, [], file);
    }
    const imported = await listings.service('ac148810-d857-441c-9679-408f346de14b');
    assert.equal(imported?.name, 'Community Counselling');
    assert.deepEqual(imported?.cost_options, [
      {
        id: '1fdf4d39-3d80-484d-9f92-a8ffa08621e7',
        valid_from: '2020-01-01',
        valid_to: '2022-12-31',
        option: 'Under 18s and Over 60s',
        amount: 35,
        amount_description: 'per 1 hour session',
      },
    ]);
    const pence = await handle.db.selectFrom('dir_cost_option').select('amount_pence').executeTakeFirstOrThrow();
    assert.equal(Number(pence.amount_pence), 3500);
    // A parent the file does not hold is left out, with a warning, rather than refusing the organisation.
    const organisation = await handle.db
      .selectFrom('dir_organization')
      .select('parent_organization_id')
      .where('id', '=', 'd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610')
      .executeTakeFirstOrThrow();
    assert.equal(organisation.parent_organization_id, null);
  });

  test("the import checks against the same schemas as the tests: the runtime copy is the standard's, unchanged", () => {
    const runtime = path.resolve(import.meta.dirname, '../../src/modules/directory/oruk-schema');
    const schemas = fs.readdirSync(runtime).filter((file) => file.endsWith('.json'));
    assert.equal(schemas.length, 17);
    for (const file of [...schemas, 'LICENSE'])
      assert.equal(
        fs.readFileSync(path.join(runtime, file), 'utf8'),
        fs.readFileSync(path.join(EXAMPLES, '..', file === 'LICENSE' ? '' : 'schema', file), 'utf8'),
        file,
      );
  });

  test('a sound file imports in one go, writes each new field to the history and refreshes search', async () => {
    const report = await importJson({ taxonomy_terms: [TERM], services: [service(1)] }, false, 'services.json');
    assert.equal(report.refused, false, JSON.stringify(report.problems));
    assert.equal(report.created, 8);
    const history = await handle.db
      .selectFrom('directory_change')
      .selectAll()
      .where('object_id', '=', uid(1))
      .orderBy('field')
      .execute();
    assert.deepEqual(
      history.map((change) => [
        change.field,
        change.old_value,
        change.new_value,
        change.changed_by_name,
        change.source,
      ]),
      [
        ['description', null, 'A synthetic service for tests.', 'Import of services.json', 'import'],
        ['name', null, 'Synthetic service 1', 'Import of services.json', 'import'],
        ['organization_id', null, uid(900), 'Import of services.json', 'import'],
        ['status', null, 'active', 'Import of services.json', 'import'],
      ],
    );
    const found = await sql<{ n: string }>`select count(*) as n from dir_service
      where id = ${uid(1)} and search_vector @@ plainto_tsquery('english', 'synthetic need group')`.execute(handle.db);
    assert.equal(Number(found.rows[0]!.n), 1);
  });

  test('a re-import changes what differs, one history row per field, and leaves the rest alone', async () => {
    const changed = service(1, { name: 'Synthetic service one', minimum_age: 18 });
    const report = await importJson({ services: [changed] }, false, 'services-v2.json');
    assert.equal(report.refused, false, JSON.stringify(report.problems));
    assert.deepEqual([report.created, report.changed], [0, 1]);
    const history = await handle.db
      .selectFrom('directory_change')
      .select(['field', 'old_value', 'new_value'])
      .where('object_id', '=', uid(1))
      .where('changed_by_name', '=', 'Import of services-v2.json')
      .orderBy('field')
      .execute();
    assert.deepEqual(history, [
      { field: 'minimum_age', old_value: null, new_value: 18 },
      { field: 'name', old_value: 'Synthetic service 1', new_value: 'Synthetic service one' },
    ]);
    const again = await importJson({ services: [changed] }, false, 'services-v2.json');
    assert.deepEqual([again.created, again.changed], [0, 0]);
  });

  test('wrong types are refused by field, and nothing is imported', async () => {
    await assertRefused(
      { services: [service(2, { name: 42, minimum_age: 'twelve', maximum_age: 12.5, schedules: 'weekly' })] },
      /^services\[0\] \(id 00000000-0000-4000-a000-000000000002\) name: must be text$/,
      /^services\[0\] \(id .*\) minimum_age: must be a number$/,
      /^services\[0\] \(id .*\) maximum_age: must be a whole number between 0 and 150$/,
      /^services\[0\]\.schedules: must be a list$/,
    );
  });

  test('missing and malformed ids are refused', async () => {
    const { id: _id, ...noId } = service(3);
    await assertRefused(
      { services: [noId, service(4, { schedules: [{ id: 'seven' }] })] },
      /^services\[0\] id: is missing$/,
      /^services\[1\]\.schedules\[0\] \(id seven\) id: must be a UUID/,
    );
  });

  test('the same id twice with different details is refused', async () => {
    await assertRefused(
      { services: [service(5), service(5, { name: 'Another name' })] },
      /^services\[1\] \(id 00000000-0000-4000-a000-000000000005\) id: is also used by services\[0\], with different details$/,
    );
  });

  test('a link to a term, organisation or location that is neither in the file nor the directory is refused', async () => {
    await assertRefused(
      {
        services: [
          service(6, {
            attributes: [{ id: uid(506), taxonomy_term_id: uid(801) }],
            organization: undefined,
            organization_id: uid(901),
            service_at_locations: [{ id: uid(206), location_id: uid(399) }],
          }),
        ],
      },
      /^services\[0\]\.attributes\[0\] \(id .*\) taxonomy_term_id: there is no taxonomy term with id 00000000-0000-4000-a000-000000000801 in the file or in the directory$/,
      /^services\[0\] \(id .*\) organization_id: there is no organization with id 00000000-0000-4000-a000-000000000901/,
      /^services\[0\]\.service_at_locations\[0\] \(id .*\) location_id: there is no location with id/,
    );
  });

  test('huge fields, script, control characters and a bad status are refused by field', async () => {
    await assertRefused(
      {
        services: [
          service(7, {
            name: '<script>alert(1)</script>',
            description: 'x'.repeat(10_001),
            alert: 'Closed\u0000today',
            status: 'open',
            email: 'not an address',
          }),
        ],
      },
      /\) name: must not contain HTML or script markup \("<script"\)$/,
      /\) description: must be at most 10000 characters \(it has 10001\)$/,
      /\) alert: contains a hidden control character/,
      /\) status: must be one of: active, inactive, defunct, temporarily closed$/,
      /\) email: must be an email address$/,
    );
    await assertRefused(
      { services: [service(8, { name: 'n'.repeat(256) })] },
      /\) name: must be at most 255 characters/,
    );
    await assertRefused(
      { services: [service(8, { description: 'Bring a friend</p><img src=x onerror=alert(1)>' })] },
      /\) description: must not contain HTML or script markup \("<\/p"\)$/,
    );
    // A less-than sign in words is not markup.
    const words = await importJson({
      taxonomy_terms: [TERM],
      services: [service(8, { description: 'Ages 5 < 11, or <3 hours' })],
    });
    assert.deepEqual(words.problems, []);
  });

  test('coordinates off the earth, or only one of the pair, are refused', async () => {
    const at = (location: Record<string, unknown>) => ({
      services: [
        service(9, {
          service_at_locations: [{ id: uid(209), location: { id: uid(309), location_type: 'physical', ...location } }],
        }),
      ],
    });
    await assertRefused(
      at({ latitude: 91, longitude: 0 }),
      /location \(id .*\) latitude: must be a number between -90 and 90$/,
    );
    await assertRefused(at({ latitude: 52, longitude: -181 }), /longitude: must be a number between -180 and 180$/);
    await assertRefused(at({ latitude: 52 }), /longitude: is missing: give both latitude and longitude, or neither$/);
    await assertRefused(at({ latitude: 'north', longitude: 1 }), /latitude: must be a number$/);
  });

  test('malformed dates and times are refused', async () => {
    await assertRefused(
      {
        services: [
          service(10, {
            assured_date: '2026-02-30',
            last_modified: 'yesterday',
            schedules: [{ id: uid(110), opens_at: '25:00', byday: 'Mondays', valid_from: '1/3/2026' }],
          }),
        ],
      },
      /\) assured_date: must be a date, like 2026-03-15$/,
      /\) last_modified: must be a date and time/,
      /schedules\[0\] \(id .*\) opens_at: must be a time of day/,
      /schedules\[0\] \(id .*\) byday: must be days like MO,TU,WE/,
      /schedules\[0\] \(id .*\) valid_from: must be a date/,
    );
  });

  test('a file that is no Open Referral shape is refused', async () => {
    await assertRefused(
      { id: uid(11), name: 'What am I' },
      /^The file: cannot tell which Open Referral object this is/,
    );
    await assertRefused({ services: 'none', people: [] }, /^services: must be a list$/, /^people: is not a list/);
  });

  test('with --skip-invalid the sound records import and the report lists what was left out, and why', async () => {
    const before = await counts();
    const report: ImportReport = await importJson(
      {
        taxonomy_terms: [TERM],
        services: [
          service(12),
          service(13, { minimum_age: 200 }),
          service(14, { schedules: [{ id: uid(114), opens_at: 'noon' }] }),
        ],
      },
      true,
    );
    assert.equal(report.refused, false);
    assert.ok(
      report.problems.some((line) => /^services\[1\] \(id .*13\) minimum_age: must be a whole number/.test(line)),
    );
    // Everything nested in the service left out goes with it.
    assert.ok(
      report.skipped.some((line) =>
        /^services\[1\]\.schedules\[0\] .*left out because services\[1\] \(id .*13\) was left out$/.test(line),
      ),
    );
    const kept = await handle.db
      .selectFrom('dir_service')
      .select('id')
      .where('id', 'in', [uid(12), uid(13), uid(14)])
      .execute();
    assert.deepEqual(kept.map((row) => row.id).sort(), [uid(12), uid(14)]);
    // Service 14 is kept without the schedule that was wrong.
    const schedules = await handle.db
      .selectFrom('dir_schedule')
      .select('id')
      .where('service_id', '=', uid(14))
      .execute();
    assert.deepEqual(schedules, []);
    assert.equal((await counts()).dir_service, before.dir_service! + 2);
  });

  test('a failure part-way through keeps nothing: the import is one transaction', async () => {
    const before = await counts();
    await assert.rejects(
      listings.import(
        { name: 'crash.json', json: { taxonomy_terms: [TERM], services: [service(15), service(16)] } },
        {
          skipInvalid: false,
          now: new Date(),
          progress: (done) => {
            if (done > 0) throw new Error('the machine stopped');
          },
        },
      ),
      /the machine stopped/,
    );
    assert.deepEqual(await counts(), before);
  });

  test('the CSV layout imports, with numbers read as numbers and empty cells as nothing', async () => {
    const folder = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'careweave-csv-'));
    try {
      fs.writeFileSync(
        path.join(folder, 'organizations.csv'),
        `id,name,description\n${uid(920)},CSV Group,"Invented, with a comma"\n`,
      );
      fs.writeFileSync(
        path.join(folder, 'services.csv'),
        `id,organization_id,name,status,minimum_age,description\n${uid(20)},${uid(920)},CSV service,active,65,\n`,
      );
      fs.writeFileSync(path.join(folder, 'cost_options.csv'), `id,service_id,amount\n${uid(420)},${uid(20)},1.25\n`);
      fs.writeFileSync(
        path.join(folder, 'attribute.csv'),
        `id,link_id,link_entity,taxonomy_term_id\n${uid(520)},${uid(20)},service,${uid(899)}\n`,
      );
      const refused = await listings.import(readDirectorySource(folder), { skipInvalid: false, now: new Date() });
      assert.equal(refused.refused, true);
      assert.deepEqual(refused.problems, [
        `attribute.csv row 2 (id ${uid(520)}) taxonomy_term_id: there is no taxonomy term with id ${uid(899)} in the file or in the directory`,
      ]);
      fs.writeFileSync(path.join(folder, 'taxonomy_terms.csv'), `id,name,description\n${uid(899)},CSV need,A need\n`);
      const report = await listings.import(readDirectorySource(folder), { skipInvalid: false, now: new Date() });
      assert.deepEqual(report.problems, []);
      const imported = await listings.service(uid(20));
      assert.equal(imported?.minimum_age, 65);
      assert.equal(imported?.description, undefined);
      assert.deepEqual(imported?.cost_options, [{ id: uid(420), amount: 1.25 }]);
      assert.equal((imported?.attributes as { taxonomy_term: { name: string } }[])[0]?.taxonomy_term.name, 'CSV need');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
