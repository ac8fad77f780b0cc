import { ConfigError } from '../../config.ts';

/**
 * A Careweave backup is one gzip-compressed file of JSON lines:
 *   line 1      {"format":"careweave-backup","version":1,"created_at":"…","migrations":["0001_identity",…]}
 *   then        {"table":"person","row":{…}}   one line per row, parents before children
 *   last line   {"end":true,"rows":{"person":3,…}}   so a file cut short at a line break is still caught
 * Values are as Postgres writes them with row_to_json: timestamptz with microseconds and offset,
 * date as 'YYYY-MM-DD', numbers, booleans and nulls as JSON.
 */
export const BACKUP_FORMAT = 'careweave-backup';
export const BACKUP_VERSION = 1;

export type BackupHeader = { format: typeof BACKUP_FORMAT; version: number; created_at: string; migrations: string[] };
export type BackupRowLine = { table: string; row: Record<string, unknown> };
export type BackupEndLine = { end: true; rows: Record<string, number> };

/** A backup that cannot be written or read as asked; the message says what to do, on one line. */
export class BackupError extends ConfigError {
  override name = 'BackupError';
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the first line of a backup and returns its header, or says plainly what is wrong with it. */
export function parseHeader(value: unknown): BackupHeader {
  if (!isPlainObject(value) || value.format !== BACKUP_FORMAT) {
    throw new BackupError('Line 1 is not a Careweave backup header: this file is not a Careweave backup.');
  }
  if (value.version !== BACKUP_VERSION) {
    throw new BackupError(
      `The backup is format version ${String(value.version)}, and this Careweave reads version ${BACKUP_VERSION}: use the Careweave version that made it.`,
    );
  }
  const migrations = value.migrations;
  if (
    !Array.isArray(migrations) ||
    !migrations.every((name) => typeof name === 'string') ||
    typeof value.created_at !== 'string'
  ) {
    throw new BackupError(
      'Line 1, the backup header, is damaged: it must list the migrations and when the backup was made.',
    );
  }
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, created_at: value.created_at, migrations };
}
