import { newId } from '../../src/ids.ts';
import { hashPassword } from '../../src/modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from '../../src/seed/demo.ts';
import { signedIn, type TestApp, type TestClient } from './app.ts';

/** The trust's own administrator, Dee Admin: an administrator, but of another organisation than the council's. */
export async function trustAdministrator(app: TestApp): Promise<TestClient> {
  await app.db
    .insertInto('staff_account')
    .values({
      id: newId(),
      organisation_id: app.ids.organisations.trust!,
      email: 'dee.admin@trust.example.org',
      display_name: 'Dee Admin',
      job_title: 'Systems officer',
      role: 'administrator',
      password_hash: await hashPassword(DEMO_PASSWORD),
      totp_secret: DEMO_TOTP,
      disabled_at: null,
    })
    .execute();
  return signedIn(app, 'dee.admin@trust.example.org');
}
