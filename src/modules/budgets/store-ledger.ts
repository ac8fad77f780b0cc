import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { arrayLiteral } from '../../db/statements.ts';
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
 * Holds the stream until the transaction ends, so two payments against the same money wait for each other. Undefined
 * when there is no such stream.
 */
const holdStream = (db: Db, personId: string, streamId: string) =>
  db
    .selectFrom('funding_stream')
    .selectAll()
    .where('person_id', '=', personId)
    .where('id', '=', streamId)
    .forUpdate()
    .executeTakeFirst();

/**
 * What recording money against a stream depends on, in one statement run after the stream's hold was taken (so it sees
 * whatever a payment that held the stream before committed): the stream's balances, which of `lineIds` are lines of
 * the support plan, and which of `keys` a transaction was recorded under already (key → transaction id).
 */
async function ledgerFacts(
  db: Db,
  personId: string,
  streamId: string,
  lineIds: readonly string[],
  keys: readonly string[],
) {
  const { rows } = await sql<{
    balance: Partial<StreamBalance>;
    lines: string[];
    earlier: Record<string, string>;
  }>`select
      coalesce((select json_object_agg(b.account, b.total) from (
        select account, sum(amount_pence)::bigint as total from ledger_posting
        where person_id = ${personId} and stream_id = ${streamId} group by account) b), '{}'::json) as balance,
      coalesce((select json_agg(distinct line_id) from support_plan_line
        where person_id = ${personId} and line_id = any(${arrayLiteral(lineIds)}::uuid[])), '[]'::json) as lines,
      coalesce((select json_object_agg(idempotency_key, id) from ledger_transaction
        where person_id = ${personId} and idempotency_key = any(${arrayLiteral(keys)}::text[])), '{}'::json) as earlier`.execute(
    db,
  );
  const row = rows[0]!;
  const balance = { ...EMPTY_BALANCE };
  for (const [account, total] of Object.entries(row.balance)) balance[account as keyof StreamBalance] = Number(total);
  return { balance, lineIds: new Set(row.lines), earlier: new Map(Object.entries(row.earlier)) };
}

/** Holds the stream, then reads its balances: for a change that must not take any account below zero. */
async function lockedBalance(db: Db, personId: string, streamId: string): Promise<StreamBalance | undefined> {
  if (!(await holdStream(db, personId, streamId))) return undefined;
  return (await ledgerFacts(db, personId, streamId, [], [])).balance;
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

/** Transactions with their postings, by id. */
async function transactionsByIds(db: Db, personId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, Awaited<ReturnType<typeof transactionWhere>> & object>();
  const rows = await db
    .selectFrom('ledger_transaction')
    .selectAll()
    .where('person_id', '=', personId)
    .where('id', 'in', ids)
    .execute();
  const postings = await postingsOf(
    db,
    personId,
    rows.map((row) => row.id),
  );
  return new Map(rows.map((row) => [row.id, { ...row, postings: postings.get(row.id) ?? [] }]));
}

/** Whether a transaction has been reversed already. */
const reversalOf = (db: Db, personId: string, transactionId: string) =>
  db
    .selectFrom('ledger_transaction')
    .select('id')
    .where('person_id', '=', personId)
    .where('reverses_id', '=', transactionId)
    .executeTakeFirst();

/**
 * Adds transactions and their postings in one statement, and answers how many were added. A transaction whose
 * idempotency key is taken already (by a request that committed while this one waited for it) is not added, nor are
 * its postings.
 */
async function insertTransactions(
  db: Db,
  personId: string,
  transactions: readonly { row: TransactionRow; postings: readonly Posting[] }[],
): Promise<number> {
  if (transactions.length === 0) return 0;
  const rows = sql.join(
    transactions.map(
      ({
        row,
      }) => sql`(${personId}::uuid, ${row.id}::uuid, ${row.budget_id}::uuid, ${row.kind}, ${row.occurred_on}::date,
        ${row.description}, ${row.payee ?? null}, ${row.category ?? null}, ${row.line_id ?? null}::uuid,
        ${row.receipt_reference ?? null}, ${row.reverses_id ?? null}::uuid, ${row.idempotency_key ?? null},
        ${row.recorded_by_kind}, ${row.recorded_by_id}::uuid, ${row.recorded_by_name}, ${row.recorded_at}::timestamptz)`,
    ),
  );
  const postings = sql.join(
    transactions.flatMap(({ row, postings: own }) =>
      own.map(
        (posting) =>
          sql`(${row.id}::uuid, ${posting.streamId}::uuid, ${posting.account}, ${posting.amountPence}::bigint)`,
      ),
    ),
  );
  const { rows: added } = await sql<{ transaction_id: string }>`with added as (
      insert into ledger_transaction (person_id, id, budget_id, kind, occurred_on, description, payee, category, line_id,
        receipt_reference, reverses_id, idempotency_key, recorded_by_kind, recorded_by_id, recorded_by_name, recorded_at)
      values ${rows}
      on conflict (person_id, idempotency_key) do nothing
      returning id)
    insert into ledger_posting (person_id, transaction_id, stream_id, account, amount_pence)
    select ${personId}::uuid, p.transaction_id, p.stream_id, p.account, p.amount_pence
    from (values ${postings}) as p (transaction_id, stream_id, account, amount_pence)
    join added on added.id = p.transaction_id
    returning transaction_id`.execute(db);
  return new Set(added.map((row) => row.transaction_id)).size;
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
    holdStream: (streamId: string) => holdStream(db, personId, streamId),
    ledgerFacts: (streamId: string, lineIds: readonly string[], keys: readonly string[]) =>
      ledgerFacts(db, personId, streamId, lineIds, keys),
    lockedBalance: (streamId: string) => lockedBalance(db, personId, streamId),
    transactions: (budgetId: string, limit = 500) => transactions(db, personId, budgetId, limit),
    transaction: (id: string) => transactionWhere(db, personId, 'id', id),
    transactionByKey: (key: string) => transactionWhere(db, personId, 'idempotency_key', key),
    reversalOf: (transactionId: string) => reversalOf(db, personId, transactionId),
    insertTransactions: (transactions: readonly { row: TransactionRow; postings: readonly Posting[] }[]) =>
      insertTransactions(db, personId, transactions),
    transactionsByIds: (ids: readonly string[]) => transactionsByIds(db, personId, ids),
    spentByLine: (budgetId: string) => spentByLine(db, personId, budgetId),
  };
}
