// The embedded database's own thread (started by pglite-connection.ts). PGlite runs a statement to its end without
// yielding, so on the main thread every page waited while any statement ran; here, statements run while the main
// thread answers requests. It is sent the bytes of PostgreSQL's wire protocol and answers with the server's bytes.
// Kept to PGlite and Node.js's own modules: this file is started as it is, never bundled (bin/server-bundle.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/** What the main thread sends: protocol bytes from one of its connections, or `close`. */
export type ToDatabase = { from: number; bytes: Uint8Array } | 'close';
/**
 * What this thread answers: that it opened (or why not), protocol bytes or a failure for one connection, or that it
 * closed. Messages are answered one at a time, in the order sent.
 */
export type FromDatabase =
  | { opened: true }
  | { openFailed: string }
  | { to: number; chunks: Uint8Array[] }
  | { to: number; failed: string }
  | { closed: true };

const port = parentPort!;
const { dataDir } = workerData as { dataDir: string };
const answer = (message: FromDatabase, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let pglite: PGlite;
try {
  // The directory's search: trigrams for typos, and cube for distance through an index (migration 0023).
  pglite = await PGlite.create(dataDir, {
    extensions: { pg_trgm, cube },
    // PGlite's own settings with a smaller buffer cache: its memory is WebAssembly memory that never shrinks, and the
    // operating system's file cache already holds the data folder.
    startParams: [
      ...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams,
      '-c',
      'shared_buffers=16MB',
    ],
  });
  answer({ opened: true });
} catch (error) {
  answer({ openFailed: (error as Error).message });
  process.exit(0);
}

port.on('message', (message: ToDatabase) => void respond(message));

async function respond(message: ToDatabase): Promise<void> {
  if (message === 'close') {
    await pglite.close();
    answer({ closed: true });
    return;
  }
  // The answer as PGlite writes it, unread: node-postgres reads it on the main thread. (This runs to its end before
  // anything else does, so messages are answered in the order sent.)
  const chunks: Uint8Array[] = [];
  try {
    await pglite.execProtocolRawStream(message.bytes, {
      syncToFs: false,
      onRawData: (chunk) => void chunks.push(chunk.slice()),
    });
  } catch (error) {
    answer({ to: message.from, failed: (error as Error).message });
    return;
  }
  // Each chunk is a copy with a buffer of its own, handed over rather than copied again.
  answer(
    { to: message.from, chunks },
    chunks.map((chunk) => chunk.buffer as ArrayBuffer),
  );
}
