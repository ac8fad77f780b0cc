import type { PersonData } from '../../data/person-data.ts';
import { isRefusal } from '../../errors.ts';
import type { LedgerService } from './ledger-service.ts';
import type { BudgetStores } from './stores.ts';
import type { SpendingCategory } from './terms.ts';

/** One line of a direct-payment bank statement, read: money out is spending, money in a refund. */
export type StatementEntry = {
  kind: 'spend' | 'refund';
  occurredOn: string;
  /** Who was paid, or who paid money back: the bank's description, spaces tidied. */
  description: string;
  amountPence: number;
};

type Data = PersonData<BudgetStores>;

/** A line of a statement ready to record: where it was in the file, what it says, its key and its support-plan line. */
export type StatementLineToRecord = {
  line: number;
  entry: StatementEntry;
  idempotencyKey: string;
  lineId: string | null;
};

export type StatementOutcome = {
  recorded: number;
  alreadyRecorded: number;
  /** Lines the ledger's rules would not take (money the account does not have), by line of the file. */
  refused: { line: number; message: string }[];
};

/**
 * Records the lines of a direct-payment statement one by one through the ledger, oldest first (so a refund comes
 * after the spending it gives back), each once by its key. A line the ledger refuses is reported by its line of
 * the file, and the others are still recorded.
 */
export async function recordStatement(
  ledger: LedgerService,
  data: Data,
  personId: string,
  statement: { streamId: string; category: SpendingCategory; lines: readonly StatementLineToRecord[] },
  now: Date,
): Promise<StatementOutcome> {
  const outcome: StatementOutcome = { recorded: 0, alreadyRecorded: 0, refused: [] };
  const inOrder = [...statement.lines].sort(
    (a, b) => a.entry.occurredOn.localeCompare(b.entry.occurredOn) || a.line - b.line,
  );
  for (const { line, entry, idempotencyKey, lineId } of inOrder) {
    const spend = entry.kind === 'spend';
    try {
      const recorded = await ledger.record(
        data,
        personId,
        {
          kind: entry.kind,
          streamId: statement.streamId,
          amountPence: entry.amountPence,
          source: 'direct_payment',
          occurredOn: entry.occurredOn,
          description: entry.description,
          payee: spend ? entry.description : null,
          category: spend ? statement.category : null,
          lineId: spend ? lineId : null,
          receiptReference: null,
          idempotencyKey,
        },
        now,
      );
      if (recorded.replayed) outcome.alreadyRecorded += 1;
      else outcome.recorded += 1;
    } catch (error) {
      if (isRefusal(error, 'CW_REFUSED') || isRefusal(error, 'CW_CONFLICT'))
        outcome.refused.push({ line, message: `Line ${line}: ${error.message}` });
      else throw error;
    }
  }
  outcome.refused.sort((a, b) => a.line - b.line);
  return outcome;
}
