import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import type { FromDatabase, ToDatabase } from './pglite-worker.ts';

/** The whole answer to node-postgres's start-up message: AuthenticationOk, then ReadyForQuery (idle). */
const STARTED = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]);
/** The first byte of a start-up message (its length, under 2^24) and of Terminate. */
const STARTUP = 0;
const TERMINATE = 0x58;

/** The embedded database, open in its own thread, and node-postgres's connections to it (end them before `close`). */
export type EmbeddedDatabase = { clients: pg.Client[]; close: () => Promise<void> };

/**
 * Opens PGlite on `dataDir` in a thread of its own (pglite-worker.ts) and connects `connections` node-postgres clients
 * to it, as to a server: pages are built on this thread while the database runs statements on its own, and while it
 * runs one statement the next can be waiting for it. The clients share PGlite's one session (pglite-pool.ts keeps
 * their transactions apart). Rejects with PGlite's reason when the data folder cannot be opened.
 */
export async function openEmbeddedDatabase(dataDir: string, connections: number): Promise<EmbeddedDatabase> {
  // Found from the project's root, as from here: the bundle (bin/server-bundle.mjs) is two folders below it too.
  const worker = new Worker(new URL('../../src/db/pglite-worker.ts', import.meta.url), { workerData: { dataDir } });
  let settled = () => {};
  const first = await new Promise<FromDatabase>((resolve, reject) => {
    const stopped = (code: number) => reject(new Error(`its thread stopped (${code})`));
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', stopped);
    settled = () => {
      worker.off('error', reject);
      worker.off('exit', stopped);
    };
  }).finally(() => settled());
  if (!('opened' in first)) {
    await worker.terminate();
    throw new Error('openFailed' in first ? first.openFailed : 'the database did not open');
  }
  const thread = new DatabaseThread(worker);
  const clients = Array.from(
    { length: connections },
    (_, index) => new pg.Client({ stream: () => thread.socket(index) } as unknown as pg.ClientConfig),
  );
  await Promise.all(clients.map((client) => client.connect()));
  return {
    clients,
    close: () => thread.close(),
  };
}

/**
 * The database's thread, as the main thread sees it: it passes each connection's messages on and routes the answers
 * back. It keeps the process running only while it owes an answer.
 */
class DatabaseThread {
  readonly #worker: Worker;
  readonly #sockets = new Map<number, WorkerSocket>();
  #owed = 0;
  #closed?: () => void;

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref();
    worker.on('message', (message: FromDatabase) => {
      if ('closed' in message) this.#closed?.();
      if (!('to' in message)) return;
      if (--this.#owed === 0) worker.unref();
      this.#sockets.get(message.to)?.answer(message);
    });
    worker.on('error', (error) => {
      for (const socket of this.#sockets.values()) socket.emit('error', error);
    });
    worker.on('exit', () => {
      for (const socket of this.#sockets.values()) socket.ended();
    });
  }

  socket(index: number): WorkerSocket {
    const socket = new WorkerSocket((bytes) => this.#send(index, bytes));
    this.#sockets.set(index, socket);
    return socket;
  }

  /** Closes PGlite (which writes what it holds to the data folder), then stops the thread. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => (this.#closed = resolve));
    this.#worker.ref();
    this.#worker.postMessage('close' satisfies ToDatabase);
    await closed;
    await this.#worker.terminate();
  }

  #send(from: number, bytes: Uint8Array): void {
    if (this.#owed++ === 0) this.#worker.ref();
    this.#worker.postMessage({ from, bytes } satisfies ToDatabase, [bytes.buffer as ArrayBuffer]);
  }
}

/**
 * What node-postgres takes for its socket, writing to the database's thread. What is written in one turn of the event
 * loop (a statement's Bind, Execute and Sync, and what postgres-round-trips.ts sends with it) goes as one message, and
 * PGlite answers it in one.
 */
class WorkerSocket extends EventEmitter {
  writable = true;
  readonly #send: (bytes: Uint8Array) => void;
  #pending: Buffer[] = [];
  #corked = 0;
  #scheduled = false;

  constructor(send: (bytes: Uint8Array) => void) {
    super();
    this.#send = send;
  }

  answer(message: Extract<FromDatabase, { to: number }>): void {
    if ('failed' in message) return void this.emit('error', new Error(`Embedded database: ${message.failed}`));
    for (const chunk of message.chunks)
      this.emit('data', Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  ended(): void {
    this.writable = false;
    this.emit('close');
  }

  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  write(chunk: Buffer, done?: () => void): boolean {
    this.#pending.push(chunk);
    if (!this.#corked) this.#schedule();
    if (done) queueMicrotask(done);
    return true;
  }

  cork(): void {
    this.#corked += 1;
  }

  uncork(): void {
    this.#corked -= 1;
    if (!this.#corked) this.#schedule();
  }

  end(): this {
    this.writable = false;
    process.nextTick(() => {
      this.emit('end');
      this.emit('close');
    });
    return this;
  }

  destroy(): this {
    return this.end();
  }

  // Socket settings that mean nothing between threads.
  setNoDelay(): void {}
  setKeepAlive(): void {}
  ref(): void {}
  unref(): void {}

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const written = this.#pending;
    this.#pending = [];
    if (!written.length || written[0]![0] === TERMINATE) return;
    // PGlite is already a started session: it is told nothing of node-postgres's start-up, which is answered here.
    if (written[0]![0] === STARTUP) {
      process.nextTick(() => this.emit('data', STARTED));
      return;
    }
    // Copied once into a buffer of its own, which is handed over rather than copied again.
    const message = new Uint8Array(written.reduce((length, chunk) => length + chunk.length, 0));
    let at = 0;
    for (const chunk of written) {
      message.set(chunk, at);
      at += chunk.length;
    }
    this.#send(message);
  }
}
