import type { PersonData } from '../../data/person-data.ts';
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
 * Records the lines of a direct-payment statement through the ledger in one go, oldest first (so a refund comes after
 * the spending it gives back), each once by its key. A line the ledger refuses is reported by its line of the file,
 * and the others are still recorded.
 */
export async function recordStatement(
  ledger: LedgerService,
  data: Data,
  personId: string,
  statement: { streamId: string; category: SpendingCategory; lines: readonly StatementLineToRecord[] },
  now: Date,
): Promise<StatementOutcome> {
  const inOrder = [...statement.lines].sort(
    (a, b) => a.entry.occurredOn.localeCompare(b.entry.occurredOn) || a.line - b.line,
  );
  const outcomes = await ledger.recordMany(
    data,
    personId,
    statement.streamId,
    inOrder.map(({ entry, idempotencyKey, lineId }) => {
      const spend = entry.kind === 'spend';
      return {
        kind: entry.kind,
        streamId: statement.streamId,
        amountPence: entry.amountPence,
        occurredOn: entry.occurredOn,
        description: entry.description,
        payee: spend ? entry.description : null,
        category: spend ? statement.category : null,
        lineId: spend ? lineId : null,
        receiptReference: null,
        idempotencyKey,
      };
    }),
    `Recorded ${inOrder.length === 1 ? 'a line' : `${inOrder.length} lines`} of a direct-payment bank statement`,
    now,
  );
  const outcome: StatementOutcome = { recorded: 0, alreadyRecorded: 0, refused: [] };
  outcomes.forEach((result, index) => {
    if (result.outcome === 'refused')
      outcome.refused.push({ line: inOrder[index]!.line, message: `Line ${inOrder[index]!.line}: ${result.message}` });
    else if (result.outcome === 'recorded') outcome.recorded += 1;
    else outcome.alreadyRecorded += 1;
  });
  outcome.refused.sort((a, b) => a.line - b.line);
  return outcome;
}
