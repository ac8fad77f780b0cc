import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { poolForKysely } from '../../src/db/postgres-pool.ts';
import { THEN_COMMIT, WITH_NEXT } from '../../src/db/postgres-round-trips.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

// The start of a transaction goes to a PostgreSQL server with the transaction's first statement, and its commit with a
// last statement marked THEN_COMMIT, each in that statement's round trip. Whatever is sent together, a transaction must
// behave exactly as one whose begin and commit were sent on their own.

describe('transactions on a PostgreSQL server', { skip: testBackend() !== 'postgres' && 'needs PostgreSQL' }, () => {
  let db: Kysely<any>;
  let close: () => Promise<void>;
  let url: string;
  /** Messages node-postgres was asked to send: one a round trip. */
  let sent = 0;

  before(async () => {
    const fresh = await freshDatabase();
    url = fresh.config.databaseUrl!;
    const pool = new pg.Pool({ connectionString: fresh.config.databaseUrl, max: 1 });
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      client.query = ((...args: unknown[]) => {
        sent += 1;
        return query(...args);
      }) as typeof client.query;
    });
    db = new Kysely({ dialect: new PostgresDialect({ pool: poolForKysely(pool, 1) }) });
    await sql`create table jotting (id int primary key, note text not null)`.execute(db);
    // A check made at commit, as the ledger's double-entry check is.
    await sql`create function refuse_at_commit() returns trigger language plpgsql as $$
      begin
        if new.note = 'refused at commit' then raise exception 'Refused at commit' using errcode = '23514'; end if;
        return null;
      end $$`.execute(db);
    await sql`create constraint trigger jotting_checked after insert on jotting deferrable initially deferred
      for each row execute function refuse_at_commit()`.execute(db);
    close = async () => {
      await db.destroy();
      await fresh.close();
    };
  });
  after(() => close());

  const jottings = async () =>
    (await db.selectFrom('jotting').select('id').orderBy('id').execute()).map((row) => row.id as number);
  const roundTrips = async (work: () => Promise<unknown>) => {
    const before = sent;
    await work();
    return sent - before;
  };

  test('the begin goes with the first statement: one round trip fewer, and both statements in one transaction', async () => {
    // The first transaction on a connection prepares its begin; later ones send it with their first statement.
    await db.transaction().execute((trx) => sql`select 1`.execute(trx));
    const trips = await roundTrips(() =>
      db.transaction().execute(async (trx) => {
        const first = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(trx);
        await trx.insertInto('jotting').values({ id: 1, note: 'kept' }).execute();
        const second = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(trx);
        assert.equal(first.rows[0]!.xid, second.rows[0]!.xid, 'every statement in the same transaction');
      }),
    );
    assert.equal(trips, 4, 'begin with the first statement, the insert, the second select, commit');
    assert.deepEqual(await jottings(), [1]);
  });

  test('when a later statement fails, the first one is rolled back with it: it ran inside the transaction', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('jotting').values({ id: 2, note: 'rolled back' }).execute();
        await trx.insertInto('jotting').values({ id: 1, note: 'a key taken already' }).execute();
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    assert.deepEqual(await jottings(), [1]);
  });

  test('a first statement that fails leaves nothing behind, and the connection keeps working', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await assert.rejects(
        db.transaction().execute((trx) => sql`selec nothing`.execute(trx)),
        (error: { code?: string }) => error.code === '42601',
      );
      await assert.rejects(
        db.transaction().execute((trx) => trx.insertInto('jotting').values({ id: 1, note: 'taken' }).execute()),
        (error: { code?: string }) => error.code === '23505',
      );
    }
    await db.transaction().execute((trx) => trx.insertInto('jotting').values({ id: 3, note: 'kept' }).execute());
    assert.deepEqual(await jottings(), [1, 3]);
  });

  test('settings given to a transaction apply to its first statement', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const level = await db
        .transaction()
        .setIsolationLevel('serializable')
        .execute((trx) =>
          sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(trx),
        );
      assert.equal(level.rows[0]!.level, 'serializable');
    }
    const plain = await db
      .transaction()
      .execute((trx) => sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(trx));
    assert.equal(plain.rows[0]!.level, 'read committed');
  });

  test('a transaction that sends nothing asks the server nothing more', async () => {
    await db.transaction().execute(async () => {});
    assert.equal(await roundTrips(() => db.transaction().execute(async () => {})), 0);
    await assert.rejects(
      db.transaction().execute(async () => {
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.deepEqual(await jottings(), [1, 3]);
  });

  const jot = (trx: Kysely<any>, id: number, note: string, mark: boolean | typeof WITH_NEXT = false) =>
    trx
      .insertInto('jotting')
      .values({ id, note })
      .$call((insert) => (mark ? insert.modifyEnd(sql.raw(mark === true ? THEN_COMMIT : mark)) : insert))
      .execute();

  test('a last statement marked THEN_COMMIT takes the commit with it: one round trip for a one-statement transaction', async () => {
    // The first commit on a connection prepares it.
    await db.transaction().execute((trx) => jot(trx, 10, 'kept'));
    const one = await roundTrips(() => db.transaction().execute((trx) => jot(trx, 11, 'kept', true)));
    assert.equal(one, 1, 'begin, the insert and commit together');
    const two = await roundTrips(() =>
      db.transaction().execute(async (trx) => {
        await jot(trx, 12, 'kept');
        await jot(trx, 13, 'kept', true);
      }),
    );
    assert.equal(two, 2);
    assert.deepEqual(await jottings(), [1, 3, 10, 11, 12, 13]);
    // Committed: another connection's view sees it.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      assert.equal((await other.query('select count(*)::int as n from jotting where id >= 10')).rows[0].n, 4);
    } finally {
      await other.end();
    }
  });

  test('when the marked statement fails, or the check at commit refuses, nothing of the transaction is kept', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await jot(trx, 20, 'rolled back');
        await jot(trx, 1, 'a key taken already', true);
      }),
      (error: { code?: string }) => error.code === '23505',
    );
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await jot(trx, 21, 'rolled back');
        await jot(trx, 22, 'refused at commit', true);
      }),
      (error: { code?: string; message: string }) => error.code === '23514' && /Refused at commit/.test(error.message),
    );
    assert.deepEqual(await jottings(), [1, 3, 10, 11, 12, 13]);
    // The connection is at rest again: the next transaction is its own.
    await db.transaction().execute((trx) => jot(trx, 23, 'kept', true));
    assert.deepEqual(await jottings(), [1, 3, 10, 11, 12, 13, 23]);
  });

  test('a statement after the marked one is refused, not run outside the transaction', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await jot(trx, 30, 'committed', true);
        await jot(trx, 31, 'never written');
      }),
      /nothing may follow THEN_COMMIT/,
    );
    assert.deepEqual(await jottings(), [1, 3, 10, 11, 12, 13, 23, 30]);
    await db.transaction().execute((trx) => jot(trx, 32, 'kept'));
    assert.deepEqual((await jottings()).slice(-2), [30, 32]);
  });

  test('a statement marked WITH_NEXT goes with the next one: begin, it, the log-like last statement and commit in one round trip', async () => {
    // The first time on a connection the marked statement is prepared, so it is sent on its own.
    await db.transaction().execute(async (trx) => {
      await jot(trx, 40, 'kept', WITH_NEXT);
      await jot(trx, 41, 'kept', true);
    });
    const trips = await roundTrips(() =>
      db.transaction().execute(async (trx) => {
        await jot(trx, 42, 'kept', WITH_NEXT);
        await jot(trx, 43, 'kept', true);
      }),
    );
    assert.equal(trips, 1);
    // Held back until Kysely's commit when nothing follows it: sent with the commit.
    const alone = await roundTrips(() =>
      db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await jot(trx, 44, 'kept', WITH_NEXT);
      }),
    );
    assert.equal(alone, 2);
    assert.deepEqual((await jottings()).slice(-5), [40, 41, 42, 43, 44]);
  });

  test('when a statement sent with the next fails, the next reports it and nothing of the transaction is kept', async () => {
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await jot(trx, 50, 'rolled back');
        await jot(trx, 1, 'a key taken already', WITH_NEXT);
        await jot(trx, 51, 'never kept', true);
      }),
      (error: { code?: string; constraint?: string }) => error.code === '23505' && error.constraint === 'jotting_pkey',
    );
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await jot(trx, 52, 'refused at commit', WITH_NEXT);
      }),
      (error: { code?: string }) => error.code === '23514',
    );
    // A transaction that ends in a rollback never sends what it held back.
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await jot(trx, 53, 'never sent', WITH_NEXT);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.deepEqual(
      (await jottings()).filter((id) => id >= 50),
      [],
    );
    // Outside a transaction nothing is held back: the statement runs at once.
    await jot(db, 54, 'kept', WITH_NEXT);
    assert.deepEqual(
      (await jottings()).filter((id) => id >= 50),
      [54],
    );
  });
});
