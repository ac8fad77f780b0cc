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
  ORGANISATION_NAME: z.string().min(1).default('Careweave'),
  ORGANISATION_LOGO_URL: z
    .string()
    .startsWith('/', 'ORGANISATION_LOGO_URL must be a path on this site, like /assets/logo.svg')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  organisationName: string;
  organisationLogoUrl: string | undefined;
  logLevel: string;
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
  return {
    databaseUrl: value.DATABASE_URL || undefined,
    dataDir: path.resolve(value.DATA_DIR),
    port: value.PORT,
    host: value.HOST,
    cookieSecure: value.COOKIE_SECURE === 'true',
    sessionIdleMinutes: value.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: value.SESSION_ABSOLUTE_HOURS,
    breakGlassHours: value.BREAK_GLASS_HOURS,
    organisationName: value.ORGANISATION_NAME,
    organisationLogoUrl: value.ORGANISATION_LOGO_URL,
    logLevel: value.LOG_LEVEL,
  };
}
