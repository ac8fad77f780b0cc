import cliProgress from 'cli-progress';
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Database } from '../db/schema.ts';
import { insertMany } from './bulk-insert.ts';
import { newId } from '../ids.ts';
import { hashPassword } from '../modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from './demo.ts';
import { randomSource, syntheticPerson, type SyntheticPersonRows } from './synthetic.ts';

/** Big enough that statements are few, small enough that a batch's JSON stays a few megabytes. */
const PEOPLE_PER_BATCH = 2_000;
const PEOPLE_PER_PRACTITIONER = 200;
const BATCHES_AT_ONCE = 2;

/**
 * Adds `count` synthetic people, each with About me, a circle member, a key worker and sharing
 * choices, a few thousand people to a statement per table. Practitioners are added as needed,
 * one for every 200 people, in the demo council. Each NHS number is given once; the test range holds about
 * 909,000, and people added after it runs out have none.
 */
export async function seedSyntheticPeople(
  db: Db,
  count: number,
  options: { progress: boolean; seed?: number },
): Promise<void> {
  const council = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'council')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  const gp = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'gp_practice')
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const random = randomSource(options.seed ?? Date.now());
  const bar = options.progress
    ? new cliProgress.SingleBar(
        { format: 'Adding people [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left' },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(count, 0);
  const now = new Date();
  // NHS numbers already given in the test range (the demo area's, and any earlier run's): each names one person.
  const usedNhsNumbers = new Set(
    (await db.selectFrom('person').select('nhs_number').where('nhs_number', 'like', '999%').execute()).flatMap((row) =>
      row.nhs_number ? [row.nhs_number] : [],
    ),
  );
  let practitionerId = '';
  // The next batch is made while the database writes the ones before, two at a time, so both cores are at work
  // (the embedded database takes them one after the other).
  const writing: Promise<void>[] = [];
  for (let done = 0; done < count;) {
    const size = Math.min(PEOPLE_PER_BATCH, count - done);
    const practitioners: Insertable<Database['staff_account']>[] = [];
    const batch: SyntheticPersonRows[] = [];
    for (let index = 0; index < size; index += 1) {
      if ((done + index) % PEOPLE_PER_PRACTITIONER === 0) {
        practitionerId = newId();
        practitioners.push(syntheticPractitioner(practitionerId, council.id, passwordHash));
      }
      batch.push(
        syntheticPerson(
          random,
          { staffId: practitionerId, organisationId: council.id, teamRole: 'Social worker', gpPracticeId: gp.id },
          now,
          usedNhsNumbers,
        ),
      );
    }
    if (writing.length >= BATCHES_AT_ONCE) await writing.shift();
    const written = writeBatch(db, practitioners, batch).then(() => bar?.increment(size));
    // Its failure is met when it is awaited, below or in a later round.
    written.catch(() => undefined);
    writing.push(written);
    done += size;
    // Let the statement reach the database before the next batch is made.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(writing);
  bar?.stop();
  console.log(`Added ${count} synthetic people.`);
}

/** A practitioner in the demo council, who signs in with the demo password and the demo one-time code secret. */
const syntheticPractitioner = (id: string, councilId: string, passwordHash: string) => ({
  id,
  organisation_id: councilId,
  email: `practitioner.${id}@council.example.org`,
  display_name: `Practitioner ${id.slice(-6)}`,
  job_title: 'Social worker',
  role: 'practitioner' as const,
  password_hash: passwordHash,
  totp_secret: DEMO_TOTP,
  disabled_at: null,
});

/** One batch of people and the practitioners they start with, in one statement. */
const writeBatch = (db: Db, practitioners: Insertable<Database['staff_account']>[], batch: SyntheticPersonRows[]) =>
  insertMany(db, [
    { table: 'staff_account', rows: practitioners },
    { table: 'person', rows: batch.map((rows) => rows.person) },
    { table: 'about_me_revision', rows: batch.flatMap((rows) => rows.aboutMe) },
    { table: 'circle_member', rows: batch.flatMap((rows) => rows.circle) },
    { table: 'care_team_member', rows: batch.flatMap((rows) => rows.careTeam) },
    { table: 'sharing_choice', rows: batch.flatMap((rows) => rows.sharing) },
  ]);
