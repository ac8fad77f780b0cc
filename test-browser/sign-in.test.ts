import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, signIn, useJourney, visit } from './support/browser.ts';

// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('signing in and out in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('a wrong password shows the error summary, linked to the field', async () => {
    const page = await journey.visitor();
    await visit(page, journey.app, '/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(await page.title(), /^Error: Sign in/);
    assert.ok(await page.getByRole('link', { name: 'Enter your email address' }).isVisible());
  });

  test('staff sign in with a one-time code, see their sessions, and sign out', async () => {
    const page = await journey.visitor();
    await signIn(page, journey.app, 'priya.shah@council.example.org');
    await visit(page, journey.app, '/account/sessions');
    assert.ok(await page.getByRole('cell', { name: /This session/ }).isVisible());
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForLoadState('domcontentloaded');
    assert.match(page.url(), /\/sign-in$/);
  });

  test('an unknown page is a friendly, accessible 404', async () => {
    const page = await journey.visitor();
    await visit(page, journey.app, '/nowhere', 404);
    assert.ok(await page.getByRole('heading', { name: 'Page not found' }).isVisible());
  });
});
