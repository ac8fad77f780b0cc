import cliProgress from 'cli-progress';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { hashPassword } from '../modules/identity/index.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { randomSource, syntheticPerson, type SyntheticPersonRows } from './synthetic.ts';

const PEOPLE_PER_BATCH = 500;
const PEOPLE_PER_PRACTITIONER = 200;

/**
 * Adds `count` synthetic people, each with About me, a circle member, a key worker and sharing
 * choices, in multi-row inserts of a few hundred people at a time. Practitioners are added as needed,
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
  for (let done = 0; done < count;) {
    const size = Math.min(PEOPLE_PER_BATCH, count - done);
    const batch: SyntheticPersonRows[] = [];
    for (let index = 0; index < size; index += 1) {
      if ((done + index) % PEOPLE_PER_PRACTITIONER === 0) {
        practitionerId = newId();
        await db
          .insertInto('staff_account')
          .values({
            id: practitionerId,
            organisation_id: council.id,
            email: `practitioner.${practitionerId}@council.example.org`,
            display_name: `Practitioner ${practitionerId.slice(-6)}`,
            job_title: 'Social worker',
            role: 'practitioner',
            password_hash: passwordHash,
            totp_secret: null,
            disabled_at: null,
          })
          .execute();
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
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('person')
        .values(batch.map((rows) => rows.person))
        .execute();
      await trx
        .insertInto('about_me_revision')
        .values(batch.flatMap((rows) => rows.aboutMe))
        .execute();
      await trx
        .insertInto('circle_member')
        .values(batch.flatMap((rows) => rows.circle))
        .execute();
      await trx
        .insertInto('care_team_member')
        .values(batch.flatMap((rows) => rows.careTeam))
        .execute();
      await trx
        .insertInto('sharing_choice')
        .values(batch.flatMap((rows) => rows.sharing))
        .execute();
    });
    done += size;
    bar?.update(done);
  }
  bar?.stop();
  console.log(`Added ${count} synthetic people.`);
}
