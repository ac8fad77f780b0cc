import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { ConfigError } from '../config.ts';

/** The data folder is locked by another Careweave process, such as a running server. */
export class DataFolderInUse extends ConfigError {
  override name = 'DataFolderInUse';
}

/**
 * PGlite does not stop two processes opening one data folder, and that can ruin it. Careweave holds
 * an exclusive lock beside the folder for as long as the database is open. A process that dies
 * leaves a lock that goes stale within seconds, so a restart after a crash still works.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  try {
    makeFolder(dataDir);
    proveWritable(dataDir);
  } catch {
    throw new ConfigError(
      `The data folder ${dataDir} cannot be written: choose another with DATA_DIR or fix its permissions.`,
    );
  }
  try {
    return await lockfile.lock(dataDir, { stale: 10_000, update: 2_000, realpath: false, onCompromised: onLockLost });
  } catch (error) {
    if ((error as { code?: string }).code === 'ELOCKED') {
      throw new DataFolderInUse(
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

/**
 * Makes a folder and any missing folders above it, one at a time. Node's own `mkdirSync(..., { recursive: true })`
 * never returns for a folder under /proc, where making a folder fails as if its parent were missing.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  let current = path.resolve(folder);
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const each of missing) fs.mkdirSync(each);
}

/**
 * Writes and removes a small file, as the database will need to: a folder may say it is writable (to root,
 * every folder does) and still refuse files, like one under /proc or /sys.
 */
function proveWritable(folder: string): void {
  const probe = path.join(folder, `.careweave-write-check-${process.pid}`);
  fs.writeFileSync(probe, '');
  fs.rmSync(probe);
}
