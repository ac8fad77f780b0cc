import type { Mailer } from '../identity/index.ts';
import type { OutboxStore } from './store-outbox.ts';

const MINUTE = 60_000;

/** How long to wait before trying a message again, by how many times it has been tried: 1, 5, 30 minutes, ... a day. */
const RETRY_DELAYS_MS = [1, 5, 30, 120, 360, 1440].map((minutes) => minutes * MINUTE);
export const retryDelayMs = (attempts: number): number =>
  RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;

/** Mail another server queued is found by looking this often; mail this server queues is sent at once. */
export const POLL_MS = MINUTE;
/** A claimed message is another sender's to take only after this long: sending one never takes this long. */
const LEASE_MS = 5 * MINUTE;
const BATCH = 20;

/** A short code for why a message was not sent, from the error's code; never the mail server's words. */
export const failureCode = (error: unknown): string => {
  const code = (error as { code?: unknown; responseCode?: unknown }).code;
  const response = (error as { responseCode?: unknown }).responseCode;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,30}$/.test(code))
    return typeof response === 'number' ? `${code}_${response}` : code;
  return 'SEND_FAILED';
};

/**
 * Sends the outbox, in the background of a running server. It claims messages that are due, sends each and marks
 * it sent; a failure keeps the message for a later try, further off each time. Nothing is lost while the mail
 * server is down. `nudge` makes it look at once (mail was just queued); `stop` waits for the message in hand.
 */
export function createOutboxSender(deps: {
  outbox: OutboxStore;
  mailer: Mailer;
  log: { error: (message: string) => void };
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  // Changed by nudges and stops while a look is under way, so kept in an object the compiler does not narrow.
  const state = { again: false, started: false, stopped: false };

  async function sendDue(): Promise<void> {
    for (;;) {
      const at = now();
      const claimed = await deps.outbox.claimDue(at, new Date(at.getTime() + LEASE_MS), BATCH);
      for (const mail of claimed) {
        if (state.stopped) return; // its lease lapses and the next start sends it
        try {
          await deps.mailer.send(mail);
          await deps.outbox.markSent(mail.id, now());
        } catch (error) {
          await deps.outbox.markFailed(
            mail.id,
            failureCode(error),
            new Date(now().getTime() + retryDelayMs(mail.attempts)),
          );
        }
      }
      if (claimed.length < BATCH || state.stopped) return;
    }
  }

  async function wakeAfter(): Promise<number> {
    const due = await deps.outbox.nextDue();
    return due ? Math.min(Math.max(due.getTime() - now().getTime(), 0), POLL_MS) : POLL_MS;
  }

  /** Whether mail was queued while this look was under way (and the sender still runs). */
  const nudgedMeanwhile = () => state.again && !state.stopped;

  function run(): void {
    if (state.stopped || !state.started) return;
    if (running) {
      state.again = true;
      return;
    }
    clearTimeout(timer);
    running = (async () => {
      let delay = POLL_MS;
      try {
        do {
          state.again = false;
          await sendDue();
        } while (nudgedMeanwhile());
        delay = nudgedMeanwhile() ? 0 : await wakeAfter();
      } catch (error) {
        deps.log.error(`Sending queued e-mail failed (${failureCode(error)}); trying again later`);
      } finally {
        running = undefined;
      }
      if (state.stopped) return;
      timer = setTimeout(run, delay);
      timer.unref();
    })();
  }

  return {
    /** Starts sending: what is due now, then whatever falls due. */
    start(): void {
      state.started = true;
      run();
    },
    /** Mail was queued: look now (the claim waits for the queuing transaction to commit). */
    nudge(): void {
      setImmediate(run);
    },
    /** Resolves once nothing is being sent and no look is waiting to start: for an orderly stop, and for tests. */
    async idle(): Promise<void> {
      do {
        await new Promise((resolve) => setImmediate(resolve));
        await running;
      } while (running);
    },
    /** Stops sending, once the message in hand is done with. */
    async stop(): Promise<void> {
      state.stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
