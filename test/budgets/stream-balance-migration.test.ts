import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { after, before, describe, test } from 'node:test';
import type { Db } from '../../src/db/database.ts';
import { migrateTo, migrateToLatest } from '../../src/db/migrate.ts';
import { newId } from '../../src/ids.ts';
import { bindBudgetStore } from '../../src/modules/budgets/index.ts';
import { transactionRow } from '../../src/modules/budgets/ledger.ts';
import { seedDemoBudget } from '../../src/seed/demo-budget.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { freshDatabase, testBackend } from '../support/database.ts';

// Migration 0030 adds each funding stream's balances as a row kept by the database. A ledger recorded before it must
// come out of the migration with every stream's row equal to what its postings sum to.

type Balances = Record<string, { funding: number; held: number; direct_payment: number; spent: number }>;

/** Each stream's balances, summed from its postings. */
async function summedFromPostings(db: Db): Promise<Balances> {
  const { rows } = await sql<{ stream_id: string; account: string; total: number }>`select f.id as stream_id,
      p.account, coalesce(sum(p.amount_pence), 0)::bigint as total
    from funding_stream f left join ledger_posting p on p.person_id = f.person_id and p.stream_id = f.id
    group by f.id, p.account`.execute(db);
  const balances: Balances = {};
  for (const row of rows) {
    const balance = (balances[row.stream_id] ??= { funding: 0, held: 0, direct_payment: 0, spent: 0 });
    if (row.account) balance[row.account as keyof typeof balance] = Number(row.total);
  }
  return balances;
}

describe(`each funding stream's balances, kept by the database (migration 0030, ${testBackend()})`, () => {
  let db: Db;
  let close: () => Promise<void>;
  let before0030: Balances;

  before(async () => {
    const handle = await freshDatabase({ migrated: false });
    db = handle.db;
    close = handle.close;
    await migrateTo(db, '0029_access_facts_by_lookup');
    const ids = await seedDemo(db);
    // Aisha's demo budget: a direct payment and a notional stream, with allocations, payments and spending.
    await seedDemoBudget(db, ids);
    // And a stream with nothing recorded against it yet.
    const budget = await db.selectFrom('budget').select(['id', 'person_id']).executeTakeFirstOrThrow();
    await bindBudgetStore(db, budget.person_id).insertStream({
      budget_id: budget.id,
      id: newId(),
      kind: 'grant',
      funder_name: 'Northbridge Carers Trust',
      allowed_categories: JSON.stringify([]),
      managed_as: 'notional',
      review_on: '2027-06-30',
      added_by_kind: 'staff',
      added_by_id: ids.staff.priya!,
      added_by_name: 'Priya Shah',
      added_at: new Date(),
    });
    before0030 = await summedFromPostings(db);
    await migrateToLatest(db);
  });
  after(() => close());

  test('the migration gives every stream a row equal to what its postings sum to', async () => {
    assert.equal(Object.keys(before0030).length, 3);
    const spentSomewhere = Object.values(before0030).some((balance) => balance.spent > 0 && balance.direct_payment > 0);
    assert.ok(spentSomewhere, 'the demo budget has payments and spending to carry over');
    const rows = await db.selectFrom('stream_balance').selectAll().execute();
    const kept: Balances = {};
    for (const { stream_id, person_id: _, ...balance } of rows) kept[stream_id] = balance;
    assert.deepEqual(kept, before0030);
  });

  test('nothing but the ledger changes a row: adding, changing, removing or emptying one directly is refused', async () => {
    const before = await db.selectFrom('stream_balance').selectAll().orderBy('stream_id').execute();
    const [first] = before;
    const keptByLedger = (error: { code?: string; message: string }) =>
      error.code === 'P0001' && /stream_balance is kept from the ledger/.test(error.message);
    await assert.rejects(
      db.updateTable('stream_balance').set({ held: 1_000_000 }).where('stream_id', '=', first!.stream_id).execute(),
      keptByLedger,
    );
    await assert.rejects(
      db.deleteFrom('stream_balance').where('stream_id', '=', first!.stream_id).execute(),
      keptByLedger,
    );
    await assert.rejects(sql`truncate stream_balance`.execute(db), keptByLedger);
    await assert.rejects(
      db
        .insertInto('stream_balance')
        .values({ ...first!, stream_id: newId(), held: 5 })
        .execute(),
      keptByLedger,
    );
    assert.deepEqual(await db.selectFrom('stream_balance').selectAll().orderBy('stream_id').execute(), before);
  });

  test('money recorded after the migration moves the rows with it, a transaction of several streams included', async () => {
    const streams = await db.selectFrom('funding_stream').select(['person_id', 'id', 'budget_id']).execute();
    const [one, other] = streams.filter((stream) => stream.person_id === streams[0]!.person_id);
    await bindBudgetStore(db, one!.person_id).insertTransactions([
      {
        row: transactionRow(
          {
            id: newId(),
            budget_id: one!.budget_id,
            kind: 'allocation',
            occurred_on: '2026-12-01',
            description: 'More',
          },
          { kind: 'staff', id: newId(), name: 'Priya Shah' },
          new Date(),
        ),
        postings: [
          { streamId: one!.id, account: 'funding', amountPence: -700 },
          { streamId: one!.id, account: 'held', amountPence: 500 },
          { streamId: other!.id, account: 'held', amountPence: 200 },
        ],
      },
    ]);
    const rows = await db.selectFrom('stream_balance').selectAll().execute();
    const kept: Balances = {};
    for (const { stream_id, person_id: _, ...balance } of rows) kept[stream_id] = balance;
    assert.deepEqual(kept, await summedFromPostings(db));
    assert.equal(kept[one!.id]!.held - before0030[one!.id]!.held, 500);
    assert.equal(kept[other!.id]!.held - before0030[other!.id]!.held, 200);
  });
});
