import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, follow, signIn, useJourney } from './support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`adding organisations and managing staff in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    const suffix = javaScript ? 'on' : 'off';

    test('a platform administrator adds a care home and invites its manager as administrator', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'nadia.brooks@council.example.org');
      await follow(page, 'link', 'Organisations');
      await follow(page, 'button', 'Add an organisation');

      // Sent empty first: every problem is named, by its field.
      await page.getByRole('button', { name: 'Add organisation and invite administrator' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.title(), /^Error: Add an organisation/);
      assert.ok(await page.getByRole('link', { name: 'Select the type of organisation' }).isVisible());

      // A ward without its trust: the trust is asked for beside the ward's radio.
      await page.getByLabel('Hospital ward', { exact: true }).check();
      await page.getByRole('button', { name: 'Add organisation and invite administrator' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.ok(await page.getByRole('link', { name: 'Select the NHS trust the ward belongs to' }).isVisible());

      await page.getByLabel('Name of the organisation').fill(`Willow Court Care Home ${suffix}`);
      await page.getByLabel('Care home', { exact: true }).check();
      await page.getByLabel('ODS code (optional)').fill('vx1' + (javaScript ? '1' : '2'));
      await page.getByLabel('Full name').fill('Ines Ortega');
      await page.getByLabel('Work email address').fill(`ines.ortega.${suffix}@willowcourt.example.org`);
      await page.getByLabel('Job title').fill('Registered manager');
      await page.getByRole('button', { name: 'Add organisation and invite administrator' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      const confirmation = await page.locator('main').innerText();
      assert.match(
        confirmation,
        new RegExp(`Willow Court Care Home ${suffix} has been added, and Ines Ortega invited`),
      );
      assert.match(confirmation, /\/invitations\/[A-Za-z0-9_-]{43}/);

      await follow(page, 'link', 'Back to organisations');
      assert.match(await page.locator('main').innerText(), new RegExp(`Willow Court Care Home ${suffix}`));
    });

    test("an organisation's administrator invites a member of staff, then changes their role", async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'alan.ward@council.example.org');
      await follow(page, 'link', 'Staff');
      await follow(page, 'button', 'Invite a member of staff');

      await page.getByLabel('Full name').fill('Rosa Mendes');
      await page.getByLabel('Work email address').fill(`rosa.${suffix}@council.example.org`);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.ok(await page.getByRole('link', { name: 'Select a role' }).isVisible());

      await page.getByLabel('Practitioner', { exact: true }).check();
      await page.getByLabel('Job title').fill('Occupational therapist');
      await page.getByLabel('Team (optional)').fill('Reablement');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.locator('main').innerText(), /Give Rosa Mendes this link/);

      await follow(page, 'link', /See Rosa Mendes’s details/);
      assert.match(await page.locator('main').innerText(), /Invited/);
      await page.getByLabel('Manager', { exact: true }).check();
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.locator('main').innerText(), /Their details have been changed/);

      await page.getByRole('button', { name: 'Withdraw the invitation' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.locator('main').innerText(), /Invitation ended/);

      await follow(page, 'link', 'Staff');
      assert.match(await page.locator('main').innerText(), /Rosa Mendes/);
    });
  });
}
