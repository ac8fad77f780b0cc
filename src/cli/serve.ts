import net from 'node:net';
import { buildApp } from '../app.ts';
import { parseOptions } from './options.ts';
import { ConfigError, type Config } from '../config.ts';
import { startOpeningDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { Db } from '../db/database.ts';
import { createServices } from '../services.ts';
import { scheduleCleanUp } from './clean-up-schedule.ts';
import { keepHeapLean } from './lean-heap.ts';

export async function runServe(args: string[], config: Config): Promise<void> {
  parseOptions(args, {});
  await startServer(config);
}

/** Opens the database, migrates, listens, and closes everything cleanly on SIGINT or SIGTERM. */
export async function startServer(config: Config, beforeListen?: (db: Db) => Promise<void>): Promise<void> {
  await checkPortFree(config).catch((error: unknown) => {
    throw listenError(error, config);
  });
  const handle = await startOpeningDatabase(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    // The app is built while the embedded database opens in its own thread: building it asks the database nothing.
    const services = createServices(handle.db, config);
    app = await buildApp(services);
    await handle.opened;
    await migrateToLatest(handle.db);
    await beforeListen?.(handle.db);
    scheduleCleanUp(app, () => services.identity.cleanUp());
    await app.listen({ port: config.port, host: config.host });
    keepHeapLean();
  } catch (error) {
    await app?.close().catch(() => {});
    await handle.close();
    throw listenError(error, config);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(
    `Careweave is running at http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port} (${handle.backend === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`,
  );
  const stop = async () => {
    await app.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

/** Tries the port before the database is opened or migrated, so a port clash stops the start and changes nothing. */
async function checkPortFree(config: Config): Promise<void> {
  if (config.port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function listenError(error: unknown, config: Config): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    return new ConfigError(
      `Port ${config.port} on ${config.host} is already in use: stop the program using it, or set PORT to a free port.`,
    );
  }
  if (code === 'EACCES')
    return new ConfigError(`Port ${config.port} needs special permission on this machine: set PORT to 1024 or above.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new ConfigError(
      `HOST ${config.host} is not an address of this machine: set HOST to one, such as 127.0.0.1.`,
    );
  }
  return error;
}
