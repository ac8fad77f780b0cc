import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { applicationTables, foreignKeyOrder, quoteName } from '../../src/db/backup/catalog.ts';
import { restoreBackup } from '../../src/db/backup/restore.ts';
import { writeBackup } from '../../src/db/backup/write.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { seedDemoBudget } from '../../src/seed/demo-budget.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { seedSyntheticPeople } from '../../src/seed/scale.ts';
import { runCli, stderrLines } from '../cli/run-cli.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from '../support/database.ts';

type Fresh = Awaited<ReturnType<typeof freshDatabase>>;

/** Every application table's rows as JSON text written by Postgres (so microseconds show), sorted. */
async function tableContents(db: Kysely<any>): Promise<Record<string, string[]>> {
  return db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    const contents: Record<string, string[]> = {};
    for (const table of await applicationTables(trx)) {
      const result = await sql<{
        json: string;
      }>`select row_to_json(t)::text as json from ${sql.raw(quoteName(table.name))} t`.execute(trx);
      contents[table.name] = result.rows.map((row) => row.json).sort();
    }
    return contents;
  });
}

const rowCount = (contents: Record<string, string[]>) =>
  Object.values(contents).reduce((sum, rows) => sum + rows.length, 0);

function gzipLinesOf(file: string): string[] {
  return zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
}
function writeGzipLines(file: string, lines: string[]): void {
  fs.writeFileSync(file, zlib.gzipSync(`${lines.join('\n')}\n`));
}

test('tables are ordered parents first, alphabetically among equals; a self-reference is fine and a cycle is refused', () => {
  const tables = ['visit', 'person', 'note', 'organisation'].map((name) => ({ name }));
  const edges = [
    { child: 'visit', parent: 'person' },
    { child: 'person', parent: 'organisation' },
    { child: 'note', parent: 'visit' },
    { child: 'note', parent: 'note' },
    { child: 'visit', parent: 'table_outside_the_backup' },
  ];
  assert.deepEqual(
    foreignKeyOrder(tables, edges).map((table) => table.name),
    ['organisation', 'person', 'visit', 'note'],
  );
  assert.deepEqual(
    foreignKeyOrder(tables, []).map((table) => table.name),
    ['note', 'organisation', 'person', 'visit'],
  );
  assert.throws(
    () => foreignKeyOrder(tables, [...edges, { child: 'person', parent: 'note' }]),
    /note, person, visit reference each other in a cycle/,
  );
});

describe(`backup and restore (${testBackend()})`, () => {
  let folder: string;
  let source: Fresh;
  let target: Fresh;
  let backupFile: string;
  let sourceContents: Record<string, string[]>;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-backup-test-'));
    [source, target] = await Promise.all([freshDatabase(), freshDatabase()]);
    const ids = await seedDemo(source.db);
    await seedSyntheticPeople(source.db, 300, { progress: false, seed: 1 });
    // A budget with allocations, payments and spending, so the ledger and the balances derived from it are there too.
    await seedDemoBudget(source.db, ids);
    // An access-log row and a break-glass grant, so append-only and rarely filled tables are in the backup too.
    await source.db
      .insertInto('access_log')
      .values({
        person_id: ids.people.aisha!,
        id: '01900000-0000-7000-8000-000000000001',
        at: new Date(),
        actor_kind: 'system',
        actor_id: null,
        actor_name: 'Test',
        actor_role: 'system',
        organisation_name: null,
        action: 'read',
        part: 'details',
        purpose: 'Checking backups',
        summary: 'Your details',
        break_glass_grant_id: null,
      })
      .execute();
    // Rows written from JavaScript carry milliseconds; Postgres keeps microseconds, and so must a backup.
    await sql`update person set updated_at = '2026-03-29 01:30:00.123456+01' where person_id = ${ids.people.aisha!}`.execute(
      source.db,
    );
    sourceContents = await tableContents(source.db);
    backupFile = path.join(folder, 'careweave.jsonl.gz');
  });
  after(async () => {
    await Promise.all([source?.close(), target?.close()]);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a backup restored into a new database gives every table exactly the same rows', async () => {
    assert.equal(sourceContents.person!.length, 303, 'the demo people and 300 synthetic people');
    assert.ok(sourceContents.access_log!.length >= 1);
    assert.ok(
      sourceContents.person!.some((row) => row.includes('"2026-03-29T00:30:00.123456+00:00"')),
      'a timestamp with microseconds',
    );

    // Small pages and batches, so keyset paging over composite keys and batch boundaries are exercised.
    const written = await writeBackup(source.db, backupFile, { rowsPerPage: 37 });
    assert.equal(written.total, rowCount(sourceContents));

    const lines = gzipLinesOf(backupFile);
    const header = JSON.parse(lines[0]!);
    assert.equal(header.format, 'careweave-backup');
    assert.equal(header.version, 1);
    assert.deepEqual(
      header.migrations,
      (await sql<{ name: string }>`select name from schema_migration order by name`.execute(source.db)).rows.map(
        (row) => row.name,
      ),
    );
    assert.ok(!Number.isNaN(Date.parse(header.created_at)));
    assert.equal(lines.length, written.total + 2, 'a header, one line a row, and a closing line');
    assert.ok(!lines.some((line) => line.includes('"table":"schema_migration')));

    // Parents come before children: a person before any row that points at them.
    const firstLine = (table: string) => lines.findIndex((line) => line.startsWith(`{"table":"${table}"`));
    assert.ok(firstLine('organisation') < firstLine('staff_account'));
    assert.ok(firstLine('person') < firstLine('about_me_revision'));
    assert.ok(firstLine('staff_account') < firstLine('care_team_member'));

    // Rows of a table come in primary-key order across pages.
    const personIds = lines
      .filter((line) => line.startsWith('{"table":"person",'))
      .map((line) => JSON.parse(line).row.person_id as string);
    assert.deepEqual(personIds, [...personIds].sort());

    const restored = await restoreBackup(target.db, backupFile, { rowsPerBatch: 50 });
    assert.equal(restored.total, written.total);
    assert.deepEqual(await tableContents(target.db), sourceContents);

    // Each funding stream's balances are derived from the ledger: left out of the backup, rebuilt by the restore (in
    // batches of 50 rows, so a transaction's postings may arrive in two statements, and in key order, not date order).
    assert.ok(!lines.some((line) => line.startsWith('{"table":"stream_balance"')));
    const balances = (db: Kysely<any>) => db.selectFrom('stream_balance').selectAll().orderBy('stream_id').execute();
    const sourceBalances = await balances(source.db);
    assert.ok(
      sourceBalances.some((row) => row.spent > 0 && row.direct_payment > 0),
      'the budget has spending',
    );
    assert.deepEqual(await balances(target.db), sourceBalances);
  });

  test('restore refuses a database that already has rows, and changes nothing', async () => {
    // The target now holds the restored rows from the test before; a second restore must not add to them.
    const before = await tableContents(target.db);
    assert.ok(rowCount(before) > 0);
    await assert.rejects(restoreBackup(target.db, backupFile), /already holds data .*Nothing was restored\./);
    assert.deepEqual(await tableContents(target.db), before);
  });

  test('backup refuses to overwrite a file or to write into a folder that does not exist', async () => {
    const existing = path.join(folder, 'existing.jsonl.gz');
    fs.writeFileSync(existing, 'keep me');
    await assert.rejects(writeBackup(source.db, existing), /already exists: a backup never overwrites a file/);
    assert.equal(fs.readFileSync(existing, 'utf8'), 'keep me');
    const missingFolder = path.join(folder, 'no-such-folder', 'backup.jsonl.gz');
    await assert.rejects(writeBackup(source.db, missingFolder), /The folder .*no-such-folder does not exist/);
    assert.equal(fs.existsSync(path.dirname(missingFolder)), false);
  });

  describe('a damaged backup is refused with the line at fault, and the database stays empty', () => {
    let empty: Fresh;
    let lines: string[];
    before(async () => {
      empty = await freshDatabase();
      lines = gzipLinesOf(backupFile);
    });
    after(() => empty?.close());

    async function refuses(name: string, content: Buffer | string[], message: RegExp): Promise<void> {
      const file = path.join(folder, `${name}.jsonl.gz`);
      if (Array.isArray(content)) writeGzipLines(file, content);
      else fs.writeFileSync(file, content);
      await assert.rejects(restoreBackup(empty.db, file), (error: Error) => {
        assert.match(error.message, message);
        assert.match(error.message, /Nothing was restored\.$/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
      assert.equal(rowCount(await tableContents(empty.db)), 0, `${name} left rows behind`);
    }
    const replaced = (index: number, line: string) => lines.map((original, at) => (at === index ? line : original));
    const lastRowIndex = () => lines.length - 2;

    test('a gzip file cut short', async () => {
      const whole = fs.readFileSync(backupFile);
      await refuses(
        'truncated',
        whole.subarray(0, Math.floor(whole.length * 0.8)),
        /stops part way, after line \d+: it is incomplete/,
      );
    });
    test('a file that is not gzip', async () => {
      await refuses('plain', Buffer.from(lines.join('\n')), /is not gzip-compressed/);
    });
    test('an empty file, and a first line that is not a header', async () => {
      await refuses('empty', Buffer.alloc(0), /is not gzip-compressed|is empty/);
      await refuses('blank', [], /^Line 1 is not valid JSON/);
      await refuses('no-header', lines.slice(1), /Line 1 is not a Careweave backup header/);
      await refuses(
        'future-format',
        replaced(0, JSON.stringify({ ...JSON.parse(lines[0]!), version: 2 })),
        /format version 2/,
      );
    });
    test('a line that is not JSON, near the end so earlier batches were already inserted', async () => {
      const index = lastRowIndex() - 1;
      await refuses(
        'bad-json',
        replaced(index, lines[index]!.slice(0, 40)),
        new RegExp(`^Line ${index + 1} is not valid JSON`),
      );
    });
    test('a table this database does not have', async () => {
      await refuses(
        'unknown-table',
        replaced(5, '{"table":"patients","row":{"id":1}}'),
        /^Line 6 is for a table "patients" that this database does not have/,
      );
    });
    test('a column the table does not have, and a missing column', async () => {
      const row = JSON.parse(lines[3]!);
      await refuses(
        'extra-column',
        replaced(3, JSON.stringify({ ...row, row: { ...row.row, shoe_size: 9 } })),
        /^Line 4 has a column "shoe_size" that the table \w+ does not have/,
      );
      const { created_at: _dropped, ...withoutCreatedAt } = row.row;
      await refuses(
        'missing-column',
        replaced(3, JSON.stringify({ ...row, row: withoutCreatedAt })),
        /^Line 4 lacks the column "created_at"/,
      );
    });
    test('a value the database refuses, on the last row', async () => {
      const index = lastRowIndex();
      const row = JSON.parse(lines[index]!);
      const [firstUuidColumn] =
        Object.entries(row.row).find(([, value]) => typeof value === 'string' && /^[0-9a-f-]{36}$/.test(value)) ?? [];
      assert.ok(firstUuidColumn);
      const broken = JSON.stringify({ ...row, row: { ...row.row, [firstUuidColumn]: 'not-a-uuid' } });
      await refuses(
        'bad-value',
        replaced(index, broken),
        new RegExp(`^Line ${index + 1} cannot be restored into ${row.table}: .*uuid`),
      );
    });
    test('a file without its closing line, or with rows missing', async () => {
      await refuses(
        'no-end',
        lines.slice(0, -1),
        new RegExp(`ends at line ${lines.length - 1} without its closing line`),
      );
      const withoutARow = lines.filter((_, index) => index !== lastRowIndex());
      await refuses(
        'row-missing',
        withoutARow,
        /The last line of the backup says the table \w+ has \d+ rows, but the file holds \d+/,
      );
      await refuses(
        'after-end',
        [...lines, lines[3]!],
        new RegExp(`Line ${lines.length + 1} comes after the last line`),
      );
    });
    test('a backup from a newer or a different Careweave', async () => {
      const header = JSON.parse(lines[0]!);
      await refuses(
        'newer',
        replaced(0, JSON.stringify({ ...header, migrations: [...header.migrations, '9999_from_the_future'] })),
        /newer Careweave .*9999_from_the_future/,
      );
      await refuses(
        'different',
        replaced(0, JSON.stringify({ ...header, migrations: ['0001_something_else'] })),
        /do not match this Careweave \(0001_something_else where this version has 0001_identity\)/,
      );
    });
  });

  test('a backup made before later migrations may leave out their columns, which then take their defaults', async () => {
    const older = await freshDatabase();
    try {
      const lines = gzipLinesOf(backupFile);
      const header = JSON.parse(lines[0]!);
      const index = lines.findIndex((line) => line.startsWith('{"table":"organisation"'));
      const row = JSON.parse(lines[index]!);
      const { created_at: _dropped, ...withoutCreatedAt } = row.row;
      const file = path.join(folder, 'older.jsonl.gz');
      writeGzipLines(
        file,
        lines.map((line, at) =>
          at === 0
            ? JSON.stringify({ ...header, migrations: header.migrations.slice(0, -1) })
            : at === index
              ? JSON.stringify({ ...row, row: withoutCreatedAt })
              : line,
        ),
      );
      await restoreBackup(older.db, file);
      const restored = await older.db
        .selectFrom('organisation')
        .select('created_at')
        .where('id', '=', row.row.id)
        .executeTakeFirstOrThrow();
      assert.ok(Math.abs(restored.created_at.getTime() - Date.now()) < 60_000, 'created_at took its default, now()');
      assert.equal(rowCount(await tableContents(older.db)), rowCount(sourceContents));
    } finally {
      await older.close();
    }
  });

  test('values of every kind come back exactly: microseconds, dates, big and exact numbers, JSON, arrays, bytes, identity columns', async () => {
    const [from, to] = await Promise.all([freshDatabase(), freshDatabase()]);
    try {
      const probe = `create table backup_probe (
        id int generated always as identity primary key, at timestamptz, on_day date, flag boolean, big int8, exact numeric,
        details jsonb, tags text[], bytes bytea, note text, doubled int generated always as (id * 2) stored)`;
      await sql.raw(probe).execute(from.db);
      await sql.raw(probe).execute(to.db);
      await sql`insert into backup_probe (at, on_day, flag, big, exact, details, tags, bytes, note) values
        ('2026-03-29 01:30:00.123456+01', '2026-02-28', true, 9007199254740991, 12345678901234567890.123456789, '{"a":[1,{"b":null}],"c":"d"}', array['x', 'y "z"'], '\\x00ff10', E'line one\\nline two "quoted" \\\\ £'),
        (null, null, null, null, null, null, null, null, null),
        ('1999-12-31 23:59:59.999999+00', '1930-01-01', false, -42, 0.1, '[]', '{}', '\\x', '')`.execute(from.db);
      await sql`delete from backup_probe where flag is null`.execute(from.db);
      const file = path.join(folder, 'probe.jsonl.gz');
      await writeBackup(from.db, file);
      await restoreBackup(to.db, file);
      assert.deepEqual(await tableContents(to.db), await tableContents(from.db));
      const next = await sql<{
        id: number;
      }>`insert into backup_probe (note) values ('after the restore') returning id`.execute(to.db);
      assert.equal(next.rows[0]!.id, 4, 'the identity sequence continues after the largest restored id');
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });

  test('the careweave command backs up and restores end to end', async () => {
    const [from, to] = await Promise.all([cliDatabase(folder, 'from'), cliDatabase(folder, 'to')]);
    try {
      const seeded = await runCli(['seed', '--people', '20'], from.env);
      assert.equal(seeded.status, 0, seeded.stderr);
      const file = path.join(folder, 'by-command.jsonl.gz');
      const backup = await runCli(['backup', file], from.env);
      assert.equal(backup.status, 0, backup.stderr);
      assert.match(backup.stdout, /^Wrote \d+ rows from \d+ tables to .*by-command\.jsonl\.gz\.$/m);

      const again = await runCli(['backup', file], from.env);
      assert.notEqual(again.status, 0);
      assert.deepEqual(stderrLines(again).length, 1);
      assert.match(again.stderr, /already exists/);

      const restore = await runCli(['restore', file], to.env);
      assert.equal(restore.status, 0, restore.stderr);
      assert.match(restore.stdout, /^Restored \d+ rows into \d+ tables from /m);

      const twice = await runCli(['restore', file], to.env);
      assert.notEqual(twice.status, 0);
      assert.equal(stderrLines(twice).length, 1);
      assert.match(twice.stderr, /already holds data/);

      const [a, b] = [await from.contents(), await to.contents()];
      assert.equal(a.person!.length, 23);
      assert.deepEqual(b, a);
    } finally {
      await Promise.all([from.close(), to.close()]);
    }
  });
});

/**
 * A database the real command can open while this process waits: a new PostgreSQL database on the
 * postgres backend, or a data folder on PGlite, opened here only after the command has finished
 * (the folder lock allows one process at a time).
 */
async function cliDatabase(
  folder: string,
  name: string,
): Promise<{
  env: Record<string, string>;
  contents: () => Promise<Record<string, string[]>>;
  close: () => Promise<void>;
}> {
  if (testBackend() === 'postgres') {
    const handle = await freshDatabase();
    return {
      env: { DATABASE_URL: handle.config.databaseUrl! },
      contents: () => tableContents(handle.db),
      close: handle.close,
    };
  }
  const dataDir = path.join(folder, `data-${name}`);
  // A migrated data folder, as making a new one takes seconds (test/cli/cli.test.ts has the command make one).
  await copyMigratedDataFolder(dataDir);
  return {
    env: { DATA_DIR: dataDir },
    contents: async () => {
      const handle: DatabaseHandle = await openDatabase({ databaseUrl: undefined, dataDir });
      try {
        return await tableContents(handle.db);
      } finally {
        await handle.close();
      }
    },
    close: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}
