// The server under measurement, in its own process so the load generator does not share its event loop.
// It is Careweave's own app plus one reference route: the same layout rendered after one primary-key
// lookup, with no access check and no log write. It prints its port when it is listening.
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createServices } from '../src/services.ts';

const config = { ...loadConfig({ ...process.env, COOKIE_SECURE: 'false', LOG_LEVEL: 'silent' }) };
const handle = await openDatabase(config);
const services = createServices(handle.db, config);
const app = await buildApp(services);
app.get<{ Params: { id: string } }>('/bench/reference/:id', async (request, reply) => {
  const organisation = await handle.db
    .selectFrom('organisation')
    .select(['name', 'kind'])
    .where('id', '=', request.params.id)
    .executeTakeFirstOrThrow();
  return reply.render('error.njk', { pageTitle: organisation.name, message: organisation.kind, code: 'reference' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
process.on('SIGTERM', () => void stopServer());
async function stopServer() {
  await app.close();
  await handle.close();
  process.exit(0);
}
