import fs from 'node:fs';
import lockfile from 'proper-lockfile';
import { ConfigError } from '../config.ts';

/**
 * PGlite does not stop two processes opening one data folder, and that can ruin it. Careweave holds
 * an exclusive lock beside the folder for as long as the database is open. A process that dies
 * leaves a lock that goes stale within seconds, so a restart after a crash still works.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch {
    throw new ConfigError(
      `The data folder ${dataDir} cannot be written: choose another with DATA_DIR or fix its permissions.`,
    );
  }
  try {
    return await lockfile.lock(dataDir, { stale: 10_000, update: 2_000, realpath: false, onCompromised: onLockLost });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new ConfigError(
        `The data folder ${dataDir} is in use by another Careweave process: stop that process first, or set DATA_DIR to another folder.`,
      );
    }
    // The lock is a folder beside the data folder, so the folder above must be writable too.
    throw new ConfigError(
      `The data folder ${dataDir} cannot be locked (${(error as { code?: string }).code ?? (error as Error).message} on ${dataDir}.lock): make the folder above it writable, or set DATA_DIR to another folder.`,
    );
  }
}

function onLockLost(error: Error): void {
  // Another process may now write to the folder; stopping is the only safe answer.
  console.error(`Careweave lost its lock on the data folder (${error.message}) and is stopping to protect your data.`);
  process.exit(70);
}
