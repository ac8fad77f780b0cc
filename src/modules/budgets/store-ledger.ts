import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { WITH_NEXT } from '../../db/postgres-round-trips.ts';
import { arrayLiteral } from '../../db/statements.ts';
import type { Posting, StreamBalance } from './ledger.ts';

// Queries of the ledger, bound to one person by bindBudgetStore. Rows are only ever added.

type TransactionRow = Omit<Insertable<Database['ledger_transaction']>, 'person_id'>;

/** Each stream's balances in a budget, by stream id (kept by the database from the postings: migration 0030). */
async function balances(db: Db, personId: string, budgetId: string): Promise<Map<string, StreamBalance>> {
  const rows = await db
    .selectFrom('stream_balance as b')
    .innerJoin('funding_stream as s', (join) =>
      join.onRef('s.person_id', '=', 'b.person_id').onRef('s.id', '=', 'b.stream_id'),
    )
    .select(['b.stream_id', 'b.funding', 'b.held', 'b.direct_payment', 'b.spent'])
    .where('b.person_id', '=', personId)
    .where('s.budget_id', '=', budgetId)
    .execute();
  return new Map(rows.map(({ stream_id, ...balance }) => [stream_id, balance]));
}

/** What recording money reads of the stream it is recorded against. */
export type HeldStream = Pick<
  Selectable<Database['funding_stream']>,
  'id' | 'budget_id' | 'funder_name' | 'managed_as' | 'allowed_categories'
>;

/**
 * Holds the stream until the transaction ends, so two payments against the same money wait for each other, then reads
 * what recording money against it depends on, in one call of the database's `hold_ledger_stream` (migration 0030): the
 * stream, its balances, which of `lineIds` are lines of the support plan, and which of `keys` a transaction was
 * recorded under already (key → transaction id). All of it is read after the hold was taken, so it includes whatever
 * a payment that held the stream before committed. Undefined when there is no such stream.
 */
async function holdStream(
  db: Db,
  personId: string,
  streamId: string,
  lineIds: readonly string[] = [],
  keys: readonly string[] = [],
) {
  const { rows } = await sql<
    Omit<HeldStream, 'id'> & StreamBalance & { lines: string[]; earlier: Record<string, string> }
  >`select * from hold_ledger_stream(${personId}::uuid, ${streamId}::uuid, ${arrayLiteral(lineIds)}::uuid[],
      ${arrayLiteral(keys)}::text[])`.execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { funding, held, direct_payment, spent, lines, earlier, ...stream } = row;
  return {
    stream: { ...stream, id: streamId } satisfies HeldStream,
    balance: { funding, held, direct_payment, spent } satisfies StreamBalance,
    lineIds: new Set(lines),
    earlier: new Map(Object.entries(earlier)),
  };
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
 * Adds transactions and their postings in one statement. Inside a transaction it goes to the database with the next
 * statement (WITH_NEXT), the access-log row and the commit, so a spend costs no round trip of its own; a failure is
 * then reported by that statement. A transaction whose idempotency key is taken already (by a request that committed
 * while this one waited for it) fails the whole write with a clash on the unique index `ledger_transaction_key_used_once`.
 */
async function insertTransactions(
  db: Db,
  personId: string,
  transactions: readonly { row: TransactionRow; postings: readonly Posting[] }[],
): Promise<void> {
  if (transactions.length === 0) return;
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
  await sql`with added as (
      insert into ledger_transaction (person_id, id, budget_id, kind, occurred_on, description, payee, category, line_id,
        receipt_reference, reverses_id, idempotency_key, recorded_by_kind, recorded_by_id, recorded_by_name, recorded_at)
      values ${rows}
      returning id)
    insert into ledger_posting (person_id, transaction_id, stream_id, account, amount_pence)
    select ${personId}::uuid, p.transaction_id, p.stream_id, p.account, p.amount_pence
    from (values ${postings}) as p (transaction_id, stream_id, account, amount_pence)
    join added on added.id = p.transaction_id
    ${sql.raw(WITH_NEXT)}`.execute(db);
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
    holdStream: (streamId: string, lineIds?: readonly string[], keys?: readonly string[]) =>
      holdStream(db, personId, streamId, lineIds, keys),
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
