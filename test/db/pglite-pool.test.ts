import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import { after, before, describe, test } from 'node:test';
import { openDatabase, startOpeningDatabase } from '../../src/db/database.ts';
import { EMBEDDED_QUEUE } from '../../src/db/pglite-pool.ts';
import type { Database } from '../../src/db/schema.ts';
import { newId } from '../../src/ids.ts';
import { seedDemo, type DemoIds } from '../../src/seed/demo.ts';
import { copyMigratedDataFolder, freshDatabase, testBackend } from '../support/database.ts';

type Db = Kysely<Database>;

const organisation = (name: string) => ({ id: newId(), name, kind: 'voluntary_group' as const });

async function organisationCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisation')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
async function organisationExists(db: Db, id: string): Promise<boolean> {
  return Boolean(await db.selectFrom('organisation').select('id').where('id', '=', id).executeTakeFirst());
}
async function transactionId(db: Db): Promise<string> {
  return (await sql<{ id: string }>`select txid_current()::text as id`.execute(db)).rows[0]!.id;
}

describe(`the database layer (${testBackend()})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let ids: DemoIds;
  before(async () => {
    const handle = await freshDatabase();
    db = handle.db;
    close = handle.close;
    ids = await seedDemo(db);
  });
  after(() => close());

  /** Starts two transactions at once; `a` rolls back. Returns what each saw and the order of their steps. */
  async function twoTransactionsAtOnce() {
    const start = await organisationCount(db);
    const rolledBack = organisation('Rolled back group');
    const committed = organisation('Committed group');
    const steps: string[] = [];
    let aInserted!: () => void;
    const aHasInserted = new Promise<void>((resolve) => (aInserted = resolve));
    const run = (name: 'a' | 'b', row: ReturnType<typeof organisation>) =>
      db.transaction().execute(async (trx) => {
        const first = await transactionId(trx);
        steps.push(`${name} begin`);
        await trx.insertInto('organisation').values(row).execute();
        steps.push(`${name} insert`);
        if (name === 'a') aInserted();
        await sleep(40); // time for the other transaction to cut in, which it must not do inside this one
        const seen = await organisationCount(trx);
        const last = await transactionId(trx);
        steps.push(`${name} count`);
        if (name === 'a') throw new Error('roll back a');
        return { seen, first, last };
      });
    const settled = Promise.allSettled([run('a', rolledBack), run('b', committed)]);
    await aHasInserted;
    // Asked while a is open: PGlite must queue it behind a; PostgreSQL must not show a's uncommitted row.
    const outsideSeesUncommitted = organisationExists(db, rolledBack.id);
    const [aResult, bResult] = await settled;
    return {
      start,
      rolledBack,
      committed,
      steps,
      aResult,
      bResult,
      outsideSeesUncommitted: await outsideSeesUncommitted,
    };
  }

  test('two transactions at once stay apart, and a rollback in one does not touch the other', async () => {
    const run = await twoTransactionsAtOnce();
    assert.equal(run.aResult.status, 'rejected');
    assert.match(String(run.aResult.reason), /roll back a/);
    assert.equal(run.bResult.status, 'fulfilled');
    const b = (run.bResult as PromiseFulfilledResult<{ seen: number; first: string; last: string }>).value;
    assert.equal(b.seen, run.start + 1, 'b sees its own row and not the uncommitted row of a');
    assert.equal(b.first, b.last, "every statement of b ran in b's own transaction");
    assert.equal(run.outsideSeesUncommitted, false, 'a query outside both never sees the uncommitted row of a');
    assert.equal(await organisationExists(db, run.rolledBack.id), false);
    assert.equal(await organisationExists(db, run.committed.id), true);
    assert.equal(await organisationCount(db), run.start + 1);
  });

  test('a transaction sees its own rows, and each keeps one transaction id from start to end', async () => {
    const seen: { id: string; first: string; last: string; count: number }[] = [];
    const start = await organisationCount(db);
    await Promise.all(
      ['c', 'd', 'e'].map((name) =>
        db.transaction().execute(async (trx) => {
          const row = organisation(`Group ${name}`);
          const first = await transactionId(trx);
          await trx.insertInto('organisation').values(row).execute();
          await sleep(20);
          seen.push({ id: row.id, first, last: await transactionId(trx), count: await organisationCount(trx) });
        }),
      ),
    );
    for (const entry of seen) assert.equal(entry.first, entry.last);
    assert.equal(new Set(seen.map((entry) => entry.first)).size, 3, 'three transactions, three ids');
    assert.ok(seen.every((entry) => entry.count > start && entry.count <= start + 3));
    assert.equal(await organisationCount(db), start + 3);
  });

  test(
    'on PGlite, one transaction runs to its end before another begins',
    { skip: testBackend() !== 'pglite' && 'PostgreSQL gives each transaction its own connection' },
    async () => {
      const run = await twoTransactionsAtOnce();
      const a = run.steps.filter((step) => step.startsWith('a'));
      const firstOfA = run.steps.indexOf(a[0]!);
      assert.deepEqual(
        run.steps.slice(firstOfA, firstOfA + 3),
        ['a begin', 'a insert', 'a count'],
        `the steps of a were not together: ${run.steps.join(', ')}`,
      );
      assert.equal(run.steps.length, 6);
    },
  );

  describe(
    'PGlite in a thread of its own, reached through several connections',
    {
      skip: testBackend() !== 'pglite' && 'PostgreSQL gives each connection its own session',
    },
    () => {
      test('a statement sent while another connection has a transaction open waits for it, and runs outside it', async () => {
        const rolledBack = organisation('Rolled back while another waited');
        const outside = organisation('Added while a transaction was open');
        const steps: string[] = [];
        let inserted!: () => void;
        const hasInserted = new Promise<void>((resolve) => (inserted = resolve));
        const transaction = db.transaction().execute(async (trx) => {
          await trx.insertInto('organisation').values(rolledBack).execute();
          inserted();
          await sleep(60); // the other connection's insert is waiting now
          steps.push('transaction about to roll back');
          throw new Error('roll back');
        });
        await hasInserted;
        const added = db
          .insertInto('organisation')
          .values(outside)
          .execute()
          .then(() => steps.push('other connection inserted'));
        await assert.rejects(transaction, /roll back/);
        await added;
        assert.deepEqual(steps, ['transaction about to roll back', 'other connection inserted']);
        assert.equal(await organisationExists(db, rolledBack.id), false);
        assert.equal(await organisationExists(db, outside.id), true, 'it was not rolled back with the transaction');
      });

      test('many statements at once, of the same and of different texts, each get their own answer', async () => {
        const asked = Array.from({ length: 300 }, (_, index) => index);
        const answers = await Promise.all(
          asked.map(async (index) =>
            index % 2
              ? Number((await sql<{ n: number }>`select ${index}::int as n`.execute(db)).rows[0]!.n)
              : Number((await sql<{ n: number }>`select ${index}::int + 0 as n`.execute(db)).rows[0]!.n),
          ),
        );
        assert.deepEqual(answers, asked);
      });

      test('a transaction whose work asks through another connection is told the database is busy, not left waiting for itself', async () => {
        const longest = EMBEDDED_QUEUE.longestWaitMs;
        EMBEDDED_QUEUE.longestWaitMs = 300;
        const row = organisation('Never kept');
        try {
          await assert.rejects(
            db.transaction().execute(async (trx) => {
              await trx.insertInto('organisation').values(row).execute();
              await organisationCount(db); // the wrong handle: another connection, which must wait for this transaction
            }),
            (error: { code?: string }) => error.code === 'CW_BUSY',
          );
        } finally {
          EMBEDDED_QUEUE.longestWaitMs = longest;
        }
        assert.equal(await organisationExists(db, row.id), false);
      });

      test('a transaction its connection leaves open is rolled back before anyone else is let in', async () => {
        const abandoned = organisation('Left in an open transaction');
        const after = organisation('Added after it was left');
        await db.connection().execute(async (connection) => {
          await sql`begin`.execute(connection);
          await connection.insertInto('organisation').values(abandoned).execute();
        });
        await db.insertInto('organisation').values(after).execute();
        assert.equal(await organisationExists(db, abandoned.id), false);
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('organisation').values(organisation('A later transaction')).execute();
        });
        assert.equal(
          await organisationExists(db, after.id),
          true,
          'committed on its own, not inside the one left open',
        );
      });

      test('started without waiting for it to open, the database answers statements once it has opened', async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-opening-'));
        await copyMigratedDataFolder(dataDir);
        const starting = await startOpeningDatabase({ databaseUrl: undefined, dataDir });
        try {
          let opened = false;
          void starting.opened.then(() => (opened = true));
          const asked = sql<{ n: number }>`select count(*)::int as n from organisation`.execute(starting.db);
          assert.equal(opened, false, 'asked before it had opened');
          assert.equal((await asked).rows[0]!.n, 0);
          assert.equal(opened, true);
        } finally {
          await starting.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      });

      test('a data folder PGlite cannot open is reported with what to do, and is not left locked', async () => {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-unreadable-'));
        try {
          fs.writeFileSync(path.join(dataDir, 'PG_VERSION'), '99\n');
          const reason =
            /The embedded database in .* could not be opened \(.+\): restore it from a backup or choose another DATA_DIR/;
          await assert.rejects(openDatabase({ databaseUrl: undefined, dataDir }), reason);
          // Started without waiting for it to open (as the server starts): it says the same, to a statement too, and
          // the folder was let go (or this would say it is in use).
          const starting = await startOpeningDatabase({ databaseUrl: undefined, dataDir });
          await assert.rejects(sql`select 1`.execute(starting.db), reason);
          await assert.rejects(starting.opened, reason);
          await starting.close();
        } finally {
          fs.rmSync(dataDir, { recursive: true, force: true });
        }
      });
    },
  );

  test('after a statement fails inside a transaction, the next user gets a clean connection', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('organisation')
          .values({ ...organisation('x'), kind: 'not a kind' as 'council' })
          .execute();
      }),
      /organisation_kind_check/,
    );
    const row = organisation('After a failure');
    await db.insertInto('organisation').values(row).execute();
    assert.equal(await organisationExists(db, row.id), true);
  });

  test('inserts, updates and deletes report how many rows they changed', async () => {
    const rows = [organisation('Counting group 1'), organisation('Counting group 2'), organisation('Counting group 3')];
    const inserted = await db.insertInto('organisation').values(rows).executeTakeFirst();
    assert.equal(inserted.numInsertedOrUpdatedRows, 3n);
    const updated = await db
      .updateTable('organisation')
      .set({ logo_url: '/cg1.png' })
      .where('name', 'like', 'Counting group %')
      .executeTakeFirst();
    assert.equal(updated.numUpdatedRows, 3n);
    const updatedOne = await db
      .updateTable('organisation')
      .set({ logo_url: '/cg2.png' })
      .where('id', '=', rows[1]!.id)
      .executeTakeFirst();
    assert.equal(updatedOne.numUpdatedRows, 1n);
    const none = await db
      .updateTable('organisation')
      .set({ logo_url: '/cg3.png' })
      .where('name', '=', 'No such group')
      .executeTakeFirst();
    assert.equal(none.numUpdatedRows, 0n);
    const raw = await sql`update organisation set logo_url = null where name like 'Counting group %'`.execute(db);
    assert.equal(raw.numAffectedRows, 3n);
    const deleted = await db
      .deleteFrom('organisation')
      .where('id', 'in', [rows[0]!.id, rows[2]!.id])
      .executeTakeFirst();
    assert.equal(deleted.numDeletedRows, 2n);
  });

  describe('history tables take new rows but refuse changes', () => {
    const changes = { access_log: 'summary', about_me_revision: 'body', sharing_choice: 'made_by_name' } as const;
    before(async () => {
      await db
        .insertInto('access_log')
        .values({
          person_id: ids.people.aisha!,
          id: newId(),
          at: new Date(),
          actor_kind: 'system',
          actor_id: null,
          actor_name: 'Test',
          actor_role: 'system',
          organisation_name: null,
          action: 'read',
          part: 'details',
          purpose: 'Testing history tables',
          summary: 'Your details',
          break_glass_grant_id: null,
        })
        .execute();
    });

    for (const [table, column] of Object.entries(changes)) {
      test(`${table} refuses UPDATE and DELETE`, async () => {
        const rowsOf = async () =>
          (
            await sql<{
              json: string;
            }>`select row_to_json(t)::text as json from ${sql.table(table)} t order by person_id, id`.execute(db)
          ).rows.map((row) => row.json);
        const before = await rowsOf();
        assert.ok(before.length > 0, `${table} has rows to try`);
        const first = JSON.parse(before[0]!) as { person_id: string; id: string };
        await assert.rejects(
          sql`update ${sql.table(table)} set ${sql.ref(column)} = 'changed' where person_id = ${first.person_id} and id = ${first.id}`.execute(
            db,
          ),
          new RegExp(`The table ${table} is append-only`),
        );
        await assert.rejects(
          sql`delete from ${sql.table(table)} where person_id = ${first.person_id} and id = ${first.id}`.execute(db),
          /append-only/,
        );
        await assert.rejects(sql`delete from ${sql.table(table)}`.execute(db), /append-only/);
        assert.deepEqual(await rowsOf(), before);
      });
    }
  });
});
