import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { newId } from '../src/ids.ts';
import { hashPassword } from '../src/modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from '../src/seed/demo.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/* Accepting an invitation is walked through in staff-administration-journey.test.ts, by a care home's manager. */
// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('a member of staff leaves, in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('the administrator marks Priya as leaving and Ben takes over her places', async () => {
    const { app } = journey;
    // Ben, a colleague who joined (as staff-administration-journey.test.ts walks through), is another practitioner.
    await app.db
      .insertInto('staff_account')
      .values({
        id: newId(),
        organisation_id: app.ids.organisations.council!,
        email: 'ben.carter@council.example.org',
        display_name: 'Ben Carter',
        job_title: 'Social worker',
        role: 'practitioner',
        password_hash: await hashPassword(DEMO_PASSWORD),
        totp_secret: DEMO_TOTP,
      })
      .execute();
    const page = await journey.visitor();
    await signIn(page, app, 'alan.ward@council.example.org');
    await visit(page, app, `/staff/organisation/staff/${app.ids.staff.priya}/leave`);
    await follow(page, 'button', 'Mark as leaving');
    assert.match(await page.title(), /^Error: Mark Priya Shah as leaving/);
    await page.getByLabel('Ben Carter').check();
    await follow(page, 'button', 'Mark as leaving');
    assert.ok(await page.getByRole('heading', { name: 'Priya Shah has left' }).isVisible());
    assert.ok(await page.getByText(/Ben Carter has taken over their place in 2 people's care teams\./).isVisible());
    await expectAccessible(page);
  });
});
