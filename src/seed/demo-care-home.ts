import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import { hashPassword } from '../modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP, type DemoIds } from './demo.ts';

export const DEMO_CARE_HOME = 'Elm House Care Home';
export const DEMO_CARE_HOME_MANAGER = {
  name: 'Ruth Adeyemi',
  email: 'ruth.adeyemi@elmhouse.example.org',
  jobTitle: 'Care home manager',
  role: 'manager' as const,
};

/**
 * A care home where Aisha has short respite stays. Its manager holds a place in her care team, but Aisha has shared
 * nothing with it yet: she (or Fatima for her) chooses what it sees, such as the crisis plan on its own.
 */
export async function seedDemoCareHome(db: Db, ids: DemoIds): Promise<void> {
  const organisationId = newId();
  const staffId = newId();
  ids.organisations.careHome = organisationId;
  ids.staff.ruth = staffId;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('organisation')
      .values({ id: organisationId, name: DEMO_CARE_HOME, kind: 'care_home', ods_code: null, logo_url: null })
      .execute();
    await trx
      .insertInto('staff_account')
      .values({
        id: staffId,
        organisation_id: organisationId,
        email: DEMO_CARE_HOME_MANAGER.email,
        display_name: DEMO_CARE_HOME_MANAGER.name,
        job_title: DEMO_CARE_HOME_MANAGER.jobTitle,
        role: DEMO_CARE_HOME_MANAGER.role,
        work_phone: '0113 496 0958',
        password_hash: await hashPassword(DEMO_PASSWORD),
        totp_secret: DEMO_TOTP,
        disabled_at: null,
      })
      .execute();
    await trx
      .insertInto('care_team_member')
      .values({
        person_id: ids.people.aisha!,
        id: newId(),
        staff_account_id: staffId,
        organisation_id: organisationId,
        team_role: 'Manager of the care home for respite stays',
        is_key_worker: false,
        from_date: '2026-01-05',
        until_date: null,
      })
      .execute();
  });
}
