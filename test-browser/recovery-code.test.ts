import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_PASSWORD } from '../src/seed/demo.ts';
import { expectAccessible, follow, useJourney, visit } from './support/browser.ts';

// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('signing in with a recovery code in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('a member of staff without their phone uses a recovery code and is told how many are left', async () => {
    const email = 'tom.okafor@gp.example.org';
    const staff = await journey.app.db
      .selectFrom('staff_account')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const [code] = await journey.app.services.identity.recoveryCodes.issue(staff.id);
    const page = await journey.visitor();
    await visit(page, journey.app, '/sign-in');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);

    await follow(page, 'link', 'Use a recovery code instead');
    assert.match(page.url(), /\/sign-in\/recovery-code$/);
    await page.getByLabel('Enter a recovery code').fill('not a code');
    await follow(page, 'button', 'Continue');
    assert.match(await page.title(), /^Error: Enter a recovery code/);
    assert.ok(await page.getByRole('link', { name: /Enter a recovery code: 12 letters and numbers/ }).isVisible());

    await page.getByLabel('Enter a recovery code').fill(code!);
    await follow(page, 'button', 'Continue');
    assert.match(page.url(), /\/sign-in\/recovery-code\/used$/);
    assert.ok(await page.getByText('You signed in with a recovery code. That code will not work again.').isVisible());
    assert.ok(await page.getByRole('heading', { name: 'You have 9 recovery codes left' }).isVisible());
    await follow(page, 'link', 'Continue to your home page');
    assert.match(page.url(), /\/staff$/);
  });
});
