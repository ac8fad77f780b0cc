// The server under measurement, in its own process so the load generator does not share its event loop.
// It is Careweave's own app plus two bench routes: a reference page (the same layout rendered after one
// primary-key lookup, with no access check and no log write), and the number of statements sent so far. It
// prints its port when it is listening.
import type { KyselyPlugin } from 'kysely';
import { buildApp } from '../src/app.ts';
import { keepHeapLean } from '../src/cli/lean-heap.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { createServices } from '../src/services.ts';

let statements = 0;
const counter: KyselyPlugin = {
  transformQuery: ({ node }) => {
    statements += 1;
    return node;
  },
  transformResult: async ({ result }) => result,
};

const config = { ...loadConfig({ ...process.env, COOKIE_SECURE: 'false', LOG_LEVEL: 'silent' }) };
const handle = await openDatabase(config);
const db = handle.db.withPlugin(counter);
const services = createServices(db, config);
const app = await buildApp(services);
app.get<{ Params: { id: string } }>('/bench/reference/:id', async (request, reply) => {
  const organisation = await db
    .selectFrom('organisation')
    .select(['name', 'kind'])
    .where('id', '=', request.params.id)
    .executeTakeFirstOrThrow();
  return reply.render('error.njk', { pageTitle: organisation.name, message: organisation.kind, code: 'reference' });
});
app.get('/bench/statements', async () => String(statements));
await app.listen({ port: 0, host: '127.0.0.1' });
keepHeapLean();
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
process.on('SIGTERM', () => void stopServer());
async function stopServer() {
  await app.close();
  await handle.close();
  process.exit(0);
}
