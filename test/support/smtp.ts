import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the test mail server received it: envelope recipients, subject and plain-text body (decoded). */
export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; raw: string };

export type TestMailServer = {
  port: number;
  /** For startTestApp: where Careweave sends mail, and from whom. */
  mail: { url: string; from: string };
  received: ReceivedMail[];
  /** Resolves once at least `count` messages have arrived (at once if they have). */
  waitFor: (count: number) => Promise<ReceivedMail[]>;
  close: () => Promise<void>;
};

/** Undoes quoted-printable encoding, which nodemailer uses for long lines. */
const fromQuotedPrintable = (text: string): string =>
  Buffer.from(
    text
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');

function parse(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(head)?.[1] ?? '';
  const text = /quoted-printable/i.test(header('Content-Transfer-Encoding'))
    ? fromQuotedPrintable(body)
    : /base64/i.test(header('Content-Transfer-Encoding'))
      ? Buffer.from(body, 'base64').toString('utf8')
      : body;
  return { from, to, subject: header('Subject'), text, raw };
}

/**
 * A real SMTP server in this process, on `port` (a free one when 0), that accepts every message and keeps it. No
 * TLS and no sign-in: it listens on 127.0.0.1 only.
 */
export async function startTestMailServer(port = 0): Promise<TestMailServer> {
  const received: ReceivedMail[] = [];
  const waiting: { count: number; resolve: (mail: ReceivedMail[]) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((address) => address.address);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push(parse(Buffer.concat(chunks).toString('utf8'), from, to));
        for (const waiter of waiting.filter((candidate) => received.length >= candidate.count)) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve([...received]);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.server.address() as AddressInfo).port;
  return {
    port: actual,
    mail: { url: `smtp://127.0.0.1:${actual}`, from: 'careweave@example.org' },
    received,
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve([...received])
        : new Promise((resolve) => waiting.push({ count, resolve })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port that nothing listens on (yet): a mail server that is down. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
