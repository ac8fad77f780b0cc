import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

/**
 * Personal budgets: one budget per person per period, fed by funding streams, a costed support plan, and a
 * double-entry ledger in integer pence. Nothing here is ever changed or deleted: a changed support-plan line is a
 * new version of it, and a wrong entry in the ledger is put right by a reversing transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table budget (
       person_id uuid not null references person (person_id),
       id uuid not null,
       starts_on date not null,
       ends_on date not null,
       created_by_kind text not null check (created_by_kind in ('staff', 'citizen')),
       created_by_id uuid not null,
       created_by_name text not null,
       created_at timestamptz not null,
       primary key (person_id, id),
       unique (person_id, starts_on),
       check (ends_on > starts_on)
     )`,
    ...appendOnly('budget'),
    `create table funding_stream (
       person_id uuid not null,
       budget_id uuid not null,
       id uuid not null,
       kind text not null check (kind in ('nhs_personal_health_budget', 'nhs_continuing_healthcare',
         'council_personal_budget', 'mental_health_aftercare', 'grant', 'own_contribution', 'other')),
       funder_name text not null,
       allowed_categories jsonb not null check (jsonb_typeof(allowed_categories) = 'array'),
       managed_as text not null check (managed_as in ('notional', 'third_party', 'direct_payment')),
       review_on date not null,
       added_by_kind text not null check (added_by_kind in ('staff', 'citizen')),
       added_by_id uuid not null,
       added_by_name text not null,
       added_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, budget_id) references budget (person_id, id)
     )`,
    ...appendOnly('funding_stream'),
    // A line of the costed support plan. Every change is a new version; the newest version of a line is the line.
    `create table support_plan_line (
       person_id uuid not null,
       budget_id uuid not null,
       line_id uuid not null,
       version integer not null check (version >= 1),
       what text not null,
       provider text not null,
       unit_cost_pence bigint not null check (unit_cost_pence >= 0),
       quantity integer not null check (quantity >= 1),
       frequency text not null check (frequency in ('once', 'weekly', 'every_four_weeks', 'monthly', 'yearly')),
       category text not null,
       goal_id uuid,
       stream_id uuid not null,
       removed boolean not null,
       changed_by_kind text not null check (changed_by_kind in ('staff', 'citizen')),
       changed_by_id uuid not null,
       changed_by_name text not null,
       changed_at timestamptz not null,
       primary key (person_id, line_id, version),
       foreign key (person_id, budget_id) references budget (person_id, id),
       foreign key (person_id, stream_id) references funding_stream (person_id, id)
     )`,
    ...appendOnly('support_plan_line'),
    `create table ledger_transaction (
       person_id uuid not null,
       id uuid not null,
       budget_id uuid not null,
       kind text not null check (kind in ('allocation', 'payment', 'spend', 'refund', 'clawback', 'reversal')),
       occurred_on date not null,
       description text not null,
       payee text,
       category text,
       line_id uuid,
       receipt_reference text,
       reverses_id uuid,
       idempotency_key text,
       recorded_by_kind text not null check (recorded_by_kind in ('staff', 'citizen')),
       recorded_by_id uuid not null,
       recorded_by_name text not null,
       recorded_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, budget_id) references budget (person_id, id),
       foreign key (person_id, reverses_id) references ledger_transaction (person_id, id),
       unique (person_id, reverses_id),
       unique (person_id, idempotency_key),
       check ((kind = 'reversal') = (reverses_id is not null))
     )`,
    ...appendOnly('ledger_transaction'),
    // Each posting moves money into (positive) or out of (negative) one of a funding stream's four accounts: what
    // the funder committed, what is held for the person, what was paid to the person's direct-payment account, and
    // what was spent.
    `create table ledger_posting (
       person_id uuid not null,
       transaction_id uuid not null,
       stream_id uuid not null,
       account text not null check (account in ('funding', 'held', 'direct_payment', 'spent')),
       amount_pence bigint not null check (amount_pence <> 0),
       primary key (person_id, transaction_id, stream_id, account),
       foreign key (person_id, transaction_id) references ledger_transaction (person_id, id),
       foreign key (person_id, stream_id) references funding_stream (person_id, id)
     )`,
    ...appendOnly('ledger_posting'),
    `create index ledger_posting_by_stream on ledger_posting (person_id, stream_id, account)`,
    // Double entry, held by the database: at commit, every transaction has at least two postings and they sum to
    // zero. Deferred, so a transaction and its postings are written by separate statements of one commit.
    `create function ledger_transaction_balances() returns trigger language plpgsql as $$
     declare
       checked uuid;
       postings integer;
       total numeric;
     begin
       if tg_table_name = 'ledger_posting' then checked := new.transaction_id; else checked := new.id; end if;
       select count(*), coalesce(sum(amount_pence), 0) into postings, total from ledger_posting
        where person_id = new.person_id and transaction_id = checked;
       if postings < 2 or total <> 0 then
         raise exception 'Ledger transaction % does not balance: % postings summing to %', checked, postings, total
           using errcode = '23514';
       end if;
       return null;
     end $$`,
    `create constraint trigger ledger_posting_balances after insert on ledger_posting
       deferrable initially deferred for each row execute function ledger_transaction_balances()`,
    `create constraint trigger ledger_transaction_balances after insert on ledger_transaction
       deferrable initially deferred for each row execute function ledger_transaction_balances()`,
  ]);
}
