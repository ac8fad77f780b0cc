import assert from 'node:assert/strict';
import { sql, type KyselyPlugin } from 'kysely';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

// Every start of Careweave migrates first. A database that is up to date is only checked, with one statement; one
// that has run a migration this Careweave does not know (a newer version's) is refused, never changed.

describe(`migrating a database that is up to date (${testBackend()})`, () => {
  let handle: DatabaseHandle;

  before(async () => {
    handle = await freshDatabase();
  });
  after(() => handle.close());

  test('is one statement, and runs nothing', async () => {
    const sent: string[] = [];
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => {
        sent.push(node.kind);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    assert.deepEqual(await migrateToLatest(handle.db.withPlugin(counter)), []);
    assert.equal(sent.length, 1);
  });

  test('a migration recorded that this Careweave does not have is refused, and nothing changes', async () => {
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from schema_migration`.execute(handle.db)).rows[0]!.n;
    const recorded = await count();
    await sql`insert into schema_migration (name, timestamp) values ('9999_from_a_newer_careweave', now()::text)`.execute(
      handle.db,
    );
    try {
      await assert.rejects(migrateToLatest(handle.db), /9999_from_a_newer_careweave/);
      assert.equal(await count(), recorded + 1);
    } finally {
      await sql`delete from schema_migration where name = '9999_from_a_newer_careweave'`.execute(handle.db);
    }
  });
});
