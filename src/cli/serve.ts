import { buildApp } from '../app.ts';
import { parseOptions } from './options.ts';
import { ConfigError, type Config } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createServices } from '../services.ts';

export async function runServe(args: string[], config: Config): Promise<void> {
  parseOptions(args, {});
  await startServer(config);
}

/** Opens the database, migrates, listens, and closes everything cleanly on SIGINT or SIGTERM. */
export async function startServer(config: Config, beforeListen?: (services: ReturnType<typeof createServices>) => Promise<void>): Promise<void> {
  const handle = await openDatabase(config);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await migrateToLatest(handle.db);
    const services = createServices(handle.db, config);
    await beforeListen?.(services);
    app = await buildApp(services);
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app?.close().catch(() => {});
    await handle.close();
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new ConfigError(`Port ${config.port} on ${config.host} is already in use: stop the program using it, or set PORT to a free port.`);
    }
    if ((error as { code?: string }).code === 'EADDRNOTAVAIL' || (error as { code?: string }).code === 'ENOTFOUND') {
      throw new ConfigError(`HOST ${config.host} is not an address of this machine: set HOST to one, such as 127.0.0.1.`);
    }
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`Careweave is running at http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port} (${handle.backend === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`);
  const stop = async () => {
    await app!.close();
    await handle.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
