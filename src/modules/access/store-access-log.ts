import type { Db } from '../../db/database.ts';
import { insertAccessLogs, type AccessLogRow } from './store-gate.ts';

/** Rows in one statement at most, well inside PostgreSQL's limit on parameters. */
const MOST_ROWS_PER_STATEMENT = 400;

type Waiting = { rows: AccessLogRow[]; written: () => void; failed: (error: unknown) => void };

export type AccessLogWriter = { write: (rows: AccessLogRow[]) => Promise<void> };

/**
 * Writes the access log of reads, many requests' rows in one statement. A request's rows are written at once when
 * nothing else is being written; rows that arrive while a statement is under way go together in the next one.
 * Each caller's promise settles only when its own rows are committed, so a page is never sent before its log row is
 * durable; under load the log costs one statement for many pages rather than one each. Writes of person data log
 * inside their own transaction instead, so the change and its row commit together.
 */
export function createAccessLogWriter(db: Db): AccessLogWriter {
  let waiting: Waiting[] = [];
  let writing = false;

  /** The oldest callers whose rows fit in one statement (always at least one caller). */
  function nextBatch(): Waiting[] {
    let rows = 0;
    let taken = 0;
    while (taken < waiting.length && (taken === 0 || rows + waiting[taken]!.rows.length <= MOST_ROWS_PER_STATEMENT))
      rows += waiting[taken++]!.rows.length;
    const batch = waiting.slice(0, taken);
    waiting = waiting.slice(taken);
    return batch;
  }

  async function writeEach(batch: Waiting[]): Promise<void> {
    try {
      await insertAccessLogs(
        db,
        batch.flatMap((caller) => caller.rows),
      );
      for (const caller of batch) caller.written();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.failed(error);
      // One caller's bad row must not fail everyone else's page: each is tried on its own.
      for (const caller of batch) await writeEach([caller]);
    }
  }

  async function writeWaiting(): Promise<void> {
    writing = true;
    while (waiting.length) await writeEach(nextBatch());
    writing = false;
  }

  return {
    write(rows) {
      if (!rows.length) return Promise.resolve();
      return new Promise((written, failed) => {
        waiting.push({ rows, written, failed });
        if (!writing) void writeWaiting();
      });
    },
  };
}
