import type { ColumnType } from 'kysely';
import type { Frequency, LedgerAccount, ManagedAs, StreamKind, TransactionKind } from './terms.ts';

/** Who wrote a row: every row of a budget says who, from which kind of account, and when. */
type Writer = 'staff' | 'citizen';

export interface BudgetTables {
  budget: {
    person_id: string;
    id: string;
    starts_on: string;
    ends_on: string;
    created_by_kind: Writer;
    created_by_id: string;
    created_by_name: string;
    created_at: Date;
  };
  funding_stream: {
    person_id: string;
    budget_id: string;
    id: string;
    kind: StreamKind;
    funder_name: string;
    /** The spending categories the funder allows; empty means any. Written as JSON text. */
    allowed_categories: ColumnType<string[], string, never>;
    managed_as: ManagedAs;
    review_on: string;
    added_by_kind: Writer;
    added_by_id: string;
    added_by_name: string;
    added_at: Date;
  };
  /** A line of the costed support plan; the newest version of a line is the line. */
  support_plan_line: {
    person_id: string;
    budget_id: string;
    line_id: string;
    version: number;
    what: string;
    provider: string;
    unit_cost_pence: number;
    quantity: number;
    frequency: Frequency;
    category: string;
    goal_id: string | null;
    stream_id: string;
    removed: boolean;
    changed_by_kind: Writer;
    changed_by_id: string;
    changed_by_name: string;
    changed_at: Date;
  };
  ledger_transaction: {
    person_id: string;
    id: string;
    budget_id: string;
    kind: TransactionKind;
    occurred_on: string;
    description: string;
    payee: string | null;
    category: string | null;
    line_id: string | null;
    receipt_reference: string | null;
    reverses_id: string | null;
    idempotency_key: string | null;
    recorded_by_kind: Writer;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
  };
  ledger_posting: {
    person_id: string;
    transaction_id: string;
    stream_id: string;
    account: LedgerAccount;
    amount_pence: number;
  };
  /** Each stream's balances, kept from its postings by the database's triggers (migration 0030): read, never write. */
  stream_balance: {
    person_id: string;
    stream_id: string;
    funding: number;
    held: number;
    direct_payment: number;
    spent: number;
  };
}
