import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/** Raised for configuration a person must fix; the CLI prints the message alone and exits non-zero. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A whole number from the environment, strictly: '', '1e3', '0x50' and '8080 ' are refused rather than
 * read as 0, 1000, 80 or 8080, and every refusal names the variable and the range.
 */
const wholeNumber = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return fallback;
      if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
        context.addIssue({
          code: 'custom',
          message: `${name} must be a whole number from ${min} to ${max}, like ${fallback}`,
        });
        return z.NEVER;
      }
      return Number(value);
    });

const isUrlWith = (value: string, protocols: string[]): boolean => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return protocols.includes(url.protocol) && url.hostname !== '';
};

/** An http(s) address with nothing after the host but an optional trailing slash. */
const isSiteAddress = (value: string): boolean =>
  isUrlWith(value, ['http:', 'https:']) && /^https?:\/\/[^/?#\s]+\/?$/.test(value);

/** An IP address, or a range of them in CIDR form like 10.0.0.0/8 or fd00::/8. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * A path on this site, like /assets/logo.svg: one slash first, never two or a backslash (which browsers read as a
 * slash, making //other.host or /\\other.host another site's address), and no spaces or control characters, which
 * browsers drop from addresses before they read them.
 */
export const isSameSitePath = (value: string): boolean => /^\/(?![/\\])[^\s\\\p{Cc}]*$/u.test(value);

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || value === '' || /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
      message: 'DATABASE_URL must look like postgres://user:password@host:5432/database',
    }),
  DATA_DIR: z.string().min(1, 'DATA_DIR must not be empty').default('./data'),
  PORT: wholeNumber('PORT', 0, 65535, 3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  COOKIE_SECURE: z.enum(['true', 'false'], { message: 'COOKIE_SECURE must be true or false' }).default('true'),
  SESSION_IDLE_MINUTES: wholeNumber('SESSION_IDLE_MINUTES', 1, 24 * 60, 30),
  SESSION_ABSOLUTE_HOURS: wholeNumber('SESSION_ABSOLUTE_HOURS', 1, 7 * 24, 12),
  BREAK_GLASS_HOURS: wholeNumber('BREAK_GLASS_HOURS', 1, 72, 4),
  PUBLIC_REQUESTS_PER_MINUTE: wholeNumber('PUBLIC_REQUESTS_PER_MINUTE', 1, 100_000, 60),
  ORGANISATION_NAME: z.string().min(1).default('Careweave'),
  ORGANISATION_LOGO_URL: z
    .string()
    .refine(
      isSameSitePath,
      'ORGANISATION_LOGO_URL must be a path on this site starting with one /, like /assets/logo.svg',
    )
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value, context) => {
      const entries = (value ?? '').split(',').map((entry) => entry.trim());
      if (entries.length === 1 && entries[0] === '') return [];
      const wrong = entries.find((entry) => !isAddressOrRange(entry));
      if (wrong === undefined) return entries;
      context.addIssue({
        code: 'custom',
        message: `TRUSTED_PROXIES must be IP addresses or ranges separated by commas, like 10.0.0.1,192.168.0.0/16: "${wrong}" is not one`,
      });
      return z.NEVER;
    }),
  MAIL_URL: z
    .string()
    .optional()
    .refine((value) => !value || isUrlWith(value, ['smtp:', 'smtps:']), {
      message: 'MAIL_URL must look like smtp://user:password@mail.example.org:587 or smtps://mail.example.org:465',
    }),
  MAIL_FROM: z
    .string()
    .optional()
    .refine((value) => !value || z.email().safeParse(value).success, {
      message: 'MAIL_FROM must be an email address, like careweave@example.org',
    }),
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((value) => !value || isSiteAddress(value), {
      message: 'PUBLIC_URL must be the address people use to reach Careweave, like https://care.example.org',
    }),
});

export type Config = {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  breakGlassHours: number;
  /** How many requests a minute one client may make of the public pages (directory search, suggestions) and API. */
  publicRequestsPerMinute: number;
  organisationName: string;
  organisationLogoUrl: string | undefined;
  logLevel: string;
  /**
   * The proxies whose X-Forwarded-For header is believed, as addresses or CIDR ranges; empty (the default) means
   * none: the client's address is the connection's, so limits per client cannot be dodged by sending the header.
   */
  trustedProxies: string[];
  /**
   * The mail server for invitations and notification e-mail; undefined when none is set up: invitation links are
   * then shown instead, and notifications go to inboxes only.
   */
  mail: { url: string; from: string } | undefined;
  /** The address people reach Careweave at, without a trailing slash, for links in e-mails. */
  publicUrl: string | undefined;
};

/** Reads and checks configuration from the environment; throws ConfigError naming the first thing to fix. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'configuration');
    throw new ConfigError(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
  }
  const value = parsed.data;
  if (value.MAIL_URL && (!value.MAIL_FROM || !value.PUBLIC_URL))
    throw new ConfigError(
      'MAIL_URL is set, so MAIL_FROM (the address invitations come from) and PUBLIC_URL (for the links in them) must be set too',
    );
  return {
    databaseUrl: value.DATABASE_URL || undefined,
    dataDir: path.resolve(value.DATA_DIR),
    port: value.PORT,
    host: value.HOST,
    cookieSecure: value.COOKIE_SECURE === 'true',
    sessionIdleMinutes: value.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: value.SESSION_ABSOLUTE_HOURS,
    breakGlassHours: value.BREAK_GLASS_HOURS,
    publicRequestsPerMinute: value.PUBLIC_REQUESTS_PER_MINUTE,
    organisationName: value.ORGANISATION_NAME,
    organisationLogoUrl: value.ORGANISATION_LOGO_URL,
    logLevel: value.LOG_LEVEL,
    trustedProxies: value.TRUSTED_PROXIES,
    mail: value.MAIL_URL ? { url: value.MAIL_URL, from: value.MAIL_FROM! } : undefined,
    publicUrl: value.PUBLIC_URL ? value.PUBLIC_URL.replace(/\/$/, '') : undefined,
  };
}
