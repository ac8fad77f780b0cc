import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentTotpCode } from '../src/modules/identity/credentials.ts';
import { staffActor } from '../test/support/app.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

const PASSWORD = 'walnut kettle harbour 42';

for (const javaScript of [true, false]) {
  describe(`a new member of staff joins and a colleague leaves, in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);

    test('the invitation: a password, an app by QR code, recovery codes, then signed in', async () => {
      const { app } = journey;
      const sent = await app.services.identity.invitations.inviteStaff(
        {
          organisationId: app.ids.organisations.council!,
          email: 'ben.carter@council.example.org',
          displayName: 'Ben Carter',
          role: 'practitioner',
          jobTitle: 'Social worker',
          workPhone: null,
          team: null,
        },
        await staffActor(app, app.ids.staff.alan!),
      );
      const page = await journey.visitor();
      await visit(page, app, sent.link);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Enter the password again').fill('something else entirely');
      await follow(page, 'button', 'Continue');
      assert.match(await page.title(), /^Error: Choose a password/);
      assert.ok(await page.getByRole('link', { name: /The passwords do not match/ }).isVisible());
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Enter the password again').fill(PASSWORD);
      await follow(page, 'button', 'Continue');

      assert.ok(await page.getByRole('heading', { name: 'Set up your authenticator app' }).isVisible());
      assert.ok(await page.getByRole('img', { name: /QR code to scan/ }).isVisible());
      const invitation = await app.db
        .selectFrom('invitation')
        .select('totp_secret')
        .where('account_id', '=', sent.accountId)
        .executeTakeFirstOrThrow();
      await page.getByLabel(/Enter the code your app shows/).fill('000000');
      await follow(page, 'button', 'Continue');
      assert.ok(await page.getByRole('link', { name: /The code is not right/ }).isVisible());
      await page.getByLabel(/Enter the code your app shows/).fill(await currentTotpCode(invitation.totp_secret!));
      await follow(page, 'button', 'Continue');

      assert.ok(await page.getByRole('heading', { name: 'Your recovery codes' }).isVisible());
      assert.equal(await page.locator('#recovery-codes li').count(), 10);
      await follow(page, 'button', /I have kept my codes safe/);
      assert.match(page.url(), /\/staff\?welcome=1$/);
      assert.ok(await page.getByText('Your account is set up and you are signed in.').isVisible());

      const again = await journey.visitor();
      await visit(again, app, sent.link, 404);
      assert.ok(await again.getByRole('heading', { name: 'This link does not work' }).isVisible());
    });

    test('the administrator marks Priya as leaving and Ben takes over her places', async () => {
      const { app } = journey;
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
}
