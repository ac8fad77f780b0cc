import assert from 'node:assert/strict';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { poolForKysely } from '../../src/db/postgres-pool.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

// The start of a transaction goes to a PostgreSQL server with the transaction's first statement, in one round trip.
// Whatever is sent together, a transaction must behave exactly as one begun on its own.

describe('transactions on a PostgreSQL server', { skip: testBackend() !== 'postgres' && 'needs PostgreSQL' }, () => {
  let db: Kysely<any>;
  let close: () => Promise<void>;
  /** Messages node-postgres was asked to send: one a round trip. */
  let sent = 0;

  before(async () => {
    const fresh = await freshDatabase();
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
});
