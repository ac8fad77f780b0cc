/**
 * Run by logging.test.ts in a process of its own, so the test reads exactly what Careweave writes to standard
 * output at LOG_LEVEL info. Every request carries the marker (given as the first argument) in its path, query
 * or body, and one of them fails in the database with the marker in the failing row. What this script has to
 * say goes to standard error as one JSON line.
 */
import { sql } from 'kysely';
import { signedIn, startTestApp } from '../support/app.ts';

const marker = process.argv[2]!;
if (!/^[A-Z]+$/.test(marker)) throw new Error('The marker must be capital letters only');
const app = await startTestApp({ logLevel: 'info' });
try {
  const aisha = app.ids.people.aisha!;
  const priya = await signedIn(app, 'priya.shah@council.example.org');
  const plain = await priya.get(`/people/${aisha}/about-me?note=${marker}`);
  // A rule the About me text breaks, so the database refuses the row and names its values in the error's detail.
  await sql
    .raw(`alter table about_me_revision add constraint marker_refused check (body not like '%${marker}%')`)
    .execute(app.db);
  const failed = await priya.post(`/people/${aisha}/about-me/what_matters?note=${marker}`, {
    body: `My garden ${marker}`,
  });
  const unknown = await priya.get(`/people/${marker}/about-me?note=${marker}`);
  app.app.log.error(new Error(`Thrown with ${marker}`));
  app.app.log.error({ err: new Error(`Logged with ${marker}`) }, `Logged with ${marker}`);
  process.stderr.write(`${JSON.stringify({ aisha, statuses: [plain.status, failed.status, unknown.status] })}\n`);
} finally {
  await app.close();
}
