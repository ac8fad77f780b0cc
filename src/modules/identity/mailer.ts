import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../../config.ts';

/** A plain-text e-mail to one address. */
export type Mail = { to: string; subject: string; text: string };

/** Sends e-mail; resolves once the mail server has taken the message, rejects when it would not. */
export type Mailer = { send: (mail: Mail) => Promise<void> };

/**
 * The mailer for MAIL_URL, or undefined when none is configured (invitation links are then shown to whoever
 * sends them). Short timeouts: a mail server that does not answer must not hold a page for minutes.
 */
export function createMailer(mail: Config['mail']): Mailer | undefined {
  if (!mail) return undefined;
  const options: SMTPTransport.Options = {
    url: mail.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
    logger: false,
  };
  // Loaded with the first message, not at start-up.
  let transport: Promise<Transporter> | undefined;
  return {
    async send({ to, subject, text }) {
      transport ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(options));
      await (await transport).sendMail({ from: mail.from, to, subject, text });
    },
  };
}
