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
 * Holds the stream until the transaction ends, so two payments against the same money wait for each other, and says
 * which transaction, if any, was recorded under this idempotency key already. Undefined when there is no such stream.
 */
const holdStream = (db: Db, personId: string, streamId: string, idempotencyKey: string) =>
  db
    .selectFrom('funding_stream as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('ledger_transaction as t')
        .select('t.id')
        .where('t.person_id', '=', personId)
        .where('t.idempotency_key', '=', idempotencyKey)
        .as('earlier_id'),
    )
    .where('s.person_id', '=', personId)
    .where('s.id', '=', streamId)
    .forUpdate()
    .executeTakeFirst();

/**
 * A stream's balances, read after its hold was taken (a statement of its own, so it sees whatever a payment that held
 * the stream before committed), and whether the support-plan line a spend names exists.
 */
async function balanceAndLine(db: Db, personId: string, streamId: string, lineId: string | null) {
  const { rows } = await sql<{ balance: Partial<StreamBalance>; line_exists: boolean }>`select
      coalesce((select json_object_agg(b.account, b.total) from (
        select account, sum(amount_pence)::bigint as total from ledger_posting
        where person_id = ${personId} and stream_id = ${streamId} group by account) b), '{}'::json) as balance,
      ${lineId === null ? sql`true` : sql`exists (select 1 from support_plan_line where person_id = ${personId} and line_id = ${lineId})`} as line_exists`.execute(
    db,
  );
  const row = rows[0]!;
  const balance = { ...EMPTY_BALANCE };
  for (const [account, total] of Object.entries(row.balance)) balance[account as keyof StreamBalance] = Number(total);
  return { balance, lineExists: row.line_exists };
}

/** Holds the stream, then reads its balances: for a change that must not take any account below zero. */
async function lockedBalance(db: Db, personId: string, streamId: string): Promise<StreamBalance | undefined> {
  if (!(await holdStream(db, personId, streamId, ''))) return undefined;
  return (await balanceAndLine(db, personId, streamId, null)).balance;
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

/**
 * Adds a transaction and its postings in one statement. False, and nothing added, when a transaction with the same
 * idempotency key is there already (recorded by a request that committed while this one waited for it).
 */
async function insertTransaction(
  db: Db,
  personId: string,
  row: TransactionRow,
  postings: readonly Posting[],
): Promise<boolean> {
  const values = sql.join(
    postings.map((posting) => sql`(${posting.streamId}::uuid, ${posting.account}, ${posting.amountPence}::bigint)`),
  );
  const { rows } = await sql<{ transaction_id: string }>`with added as (
      insert into ledger_transaction (person_id, id, budget_id, kind, occurred_on, description, payee, category, line_id,
        receipt_reference, reverses_id, idempotency_key, recorded_by_kind, recorded_by_id, recorded_by_name, recorded_at)
      values (${personId}, ${row.id}, ${row.budget_id}, ${row.kind}, ${row.occurred_on}, ${row.description},
        ${row.payee ?? null}, ${row.category ?? null}, ${row.line_id ?? null}, ${row.receipt_reference ?? null},
        ${row.reverses_id ?? null}, ${row.idempotency_key ?? null}, ${row.recorded_by_kind}, ${row.recorded_by_id},
        ${row.recorded_by_name}, ${row.recorded_at})
      on conflict (person_id, idempotency_key) do nothing
      returning id)
    insert into ledger_posting (person_id, transaction_id, stream_id, account, amount_pence)
    select ${personId}, added.id, p.stream_id, p.account, p.amount_pence
    from added cross join (values ${values}) as p (stream_id, account, amount_pence)
    returning transaction_id`.execute(db);
  return rows.length > 0;
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
    holdStream: (streamId: string, idempotencyKey: string) => holdStream(db, personId, streamId, idempotencyKey),
    balanceAndLine: (streamId: string, lineId: string | null) => balanceAndLine(db, personId, streamId, lineId),
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
