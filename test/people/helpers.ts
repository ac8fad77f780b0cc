import type { TestApp } from '../support/app.ts';
export { signedIn, startTestApp as startPeopleApp } from '../support/app.ts';

/** The access-log rows for a person that were written while `action` ran. */
export async function logRowsDuring(app: TestApp, personId: string, action: () => Promise<unknown>) {
  const ids = async () =>
    new Set(
      (await app.db.selectFrom('access_log').select('id').where('person_id', '=', personId).execute()).map(
        (row) => row.id,
      ),
    );
  const before = await ids();
  await action();
  const rows = await app.db
    .selectFrom('access_log')
    .select(['id', 'actor_name', 'action', 'part', 'purpose', 'summary', 'break_glass_grant_id'])
    .where('person_id', '=', personId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.filter((row) => !before.has(row.id));
}

export const STAFF_EMAILS = {
  priya: 'priya.shah@council.example.org',
  tom: 'tom.okafor@gp.example.org',
  grace: 'grace.mensah@trust.example.org',
  sam: 'sam.reid@hub.example.org',
  helen: 'helen.price@council.example.org',
  joan: 'joan.clarke@trust.example.org',
} as const;

export const CITIZEN_EMAILS = {
  aisha: 'aisha.khan@example.org',
  fatima: 'fatima.khan@example.org',
  george: 'george.owen@example.org',
} as const;
