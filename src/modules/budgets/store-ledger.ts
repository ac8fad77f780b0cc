import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { EMPTY_BALANCE, type Posting, type StreamBalance } from './ledger.ts';

// Queries of the ledger, bound to one person by bindBudgetStore. Rows are only ever added.

type TransactionRow = Omit<Insertable<Database['ledger_transaction']>, 'person_id'>;

/** Each stream's balances in a budget, by stream id. */
async function balances(db: Db, personId: string, budgetId: string): Promise<Map<string, StreamBalance>> {
  const rows = await db
    .selectFrom('ledger_posting as p')
    .innerJoin('funding_stream as s', (join) =>
      join.onRef('s.person_id', '=', 'p.person_id').onRef('s.id', '=', 'p.stream_id'),
    )
    .select(['p.stream_id', 'p.account', sql<number>`sum(p.amount_pence)::bigint`.as('total')])
    .where('p.person_id', '=', personId)
    .where('s.budget_id', '=', budgetId)
    .groupBy(['p.stream_id', 'p.account'])
    .execute();
  const byStream = new Map<string, StreamBalance>();
  for (const row of rows) {
    const balance = byStream.get(row.stream_id) ?? { ...EMPTY_BALANCE };
    balance[row.account] = row.total;
    byStream.set(row.stream_id, balance);
  }
  return byStream;
}

/**
 * Holds the stream until the transaction ends, so two payments against the same money wait for each other: the
 * second sees what the first left. Then reads its balances.
 */
async function lockedBalance(db: Db, personId: string, streamId: string): Promise<StreamBalance | undefined> {
  const stream = await db
    .selectFrom('funding_stream')
    .select('id')
    .where('person_id', '=', personId)
    .where('id', '=', streamId)
    .forUpdate()
    .executeTakeFirst();
  if (!stream) return undefined;
  const rows = await db
    .selectFrom('ledger_posting')
    .select(['account', sql<number>`sum(amount_pence)::bigint`.as('total')])
    .where('person_id', '=', personId)
    .where('stream_id', '=', streamId)
    .groupBy('account')
    .execute();
  const balance = { ...EMPTY_BALANCE };
  for (const row of rows) balance[row.account] = row.total;
  return balance;
}

/** The budget's transactions, newest first, each with its postings. */
async function transactions(db: Db, personId: string, budgetId: string, limit: number) {
  const rows = await db
    .selectFrom('ledger_transaction')
    .selectAll()
    .where('person_id', '=', personId)
    .where('budget_id', '=', budgetId)
    .orderBy('occurred_on', 'desc')
    .orderBy('recorded_at', 'desc')
    .limit(limit)
    .execute();
  const postings = await postingsOf(
    db,
    personId,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, postings: postings.get(row.id) ?? [] }));
}

async function postingsOf(db: Db, personId: string, transactionIds: string[]): Promise<Map<string, Posting[]>> {
  if (transactionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('ledger_posting')
    .select(['transaction_id', 'stream_id', 'account', 'amount_pence'])
    .where('person_id', '=', personId)
    .where('transaction_id', 'in', transactionIds)
    .execute();
  const byTransaction = new Map<string, Posting[]>();
  for (const row of rows) {
    const list = byTransaction.get(row.transaction_id) ?? [];
    list.push({ streamId: row.stream_id, account: row.account, amountPence: row.amount_pence });
    byTransaction.set(row.transaction_id, list);
  }
  return byTransaction;
}

async function transactionWhere(db: Db, personId: string, column: 'id' | 'idempotency_key', value: string) {
  const row = await db
    .selectFrom('ledger_transaction')
    .selectAll()
    .where('person_id', '=', personId)
    .where(column, '=', value)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, postings: (await postingsOf(db, personId, [row.id])).get(row.id) ?? [] };
}

/** Whether a transaction has been reversed already. */
const reversalOf = (db: Db, personId: string, transactionId: string) =>
  db
    .selectFrom('ledger_transaction')
    .select('id')
    .where('person_id', '=', personId)
    .where('reverses_id', '=', transactionId)
    .executeTakeFirst();

async function insertTransaction(db: Db, personId: string, row: TransactionRow, postings: readonly Posting[]) {
  await db
    .insertInto('ledger_transaction')
    .values({ ...row, person_id: personId })
    .execute();
  await db
    .insertInto('ledger_posting')
    .values(
      postings.map((posting) => ({
        person_id: personId,
        transaction_id: row.id,
        stream_id: posting.streamId,
        account: posting.account,
        amount_pence: posting.amountPence,
      })),
    )
    .execute();
}

/** Spent on each line of the support plan, net of refunds, by line id. */
async function spentByLine(db: Db, personId: string, budgetId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('ledger_posting as p')
    .innerJoin('ledger_transaction as t', (join) =>
      join.onRef('t.person_id', '=', 'p.person_id').onRef('t.id', '=', 'p.transaction_id'),
    )
    .leftJoin('ledger_transaction as original', (join) =>
      join.onRef('original.person_id', '=', 't.person_id').onRef('original.id', '=', 't.reverses_id'),
    )
    .select([
      sql<string>`coalesce(t.line_id, original.line_id)`.as('line_id'),
      sql<number>`sum(p.amount_pence)::bigint`.as('total'),
    ])
    .where('p.person_id', '=', personId)
    .where('t.budget_id', '=', budgetId)
    .where('p.account', '=', 'spent')
    .where(sql<boolean>`coalesce(t.line_id, original.line_id) is not null`)
    .groupBy(sql`coalesce(t.line_id, original.line_id)`)
    .execute();
  return new Map(rows.map((row) => [row.line_id, row.total]));
}

export function bindLedgerStore(db: Db, personId: string) {
  return {
    balances: (budgetId: string) => balances(db, personId, budgetId),
    lockedBalance: (streamId: string) => lockedBalance(db, personId, streamId),
    transactions: (budgetId: string, limit = 500) => transactions(db, personId, budgetId, limit),
    transaction: (id: string) => transactionWhere(db, personId, 'id', id),
    transactionByKey: (key: string) => transactionWhere(db, personId, 'idempotency_key', key),
    reversalOf: (transactionId: string) => reversalOf(db, personId, transactionId),
    insertTransaction: (row: TransactionRow, postings: readonly Posting[]) =>
      insertTransaction(db, personId, row, postings),
    spentByLine: (budgetId: string) => spentByLine(db, personId, budgetId),
  };
}
