import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../test/support/app.ts';
import { expectAccessible, launchChromium, newVisitor, signIn, visit } from './support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`signing in and out in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    let app: TestApp;
    let browser: Browser;
    before(async () => {
      [app, browser] = await Promise.all([startTestApp(), launchChromium()]);
    });
    after(async () => {
      await browser?.close();
      await app?.close();
    });

    test('a wrong password shows the error summary, linked to the field', async () => {
      const page = await (await newVisitor(browser, javaScript)).newPage();
      await visit(page, app, '/sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.title(), /^Error: Sign in/);
      assert.ok(await page.getByRole('link', { name: 'Enter your email address' }).isVisible());
    });

    test('staff sign in with a one-time code, see their sessions, and sign out', async () => {
      const page = await (await newVisitor(browser, javaScript)).newPage();
      await signIn(page, app, 'priya.shah@council.example.org');
      await visit(page, app, '/account/sessions');
      assert.ok(await page.getByRole('cell', { name: /This session/ }).isVisible());
      await page.getByRole('button', { name: 'Sign out', exact: true }).click();
      await page.waitForLoadState('domcontentloaded');
      assert.match(page.url(), /\/sign-in$/);
    });

    test('an unknown page is a friendly, accessible 404', async () => {
      const page = await (await newVisitor(browser, javaScript)).newPage();
      await visit(page, app, '/nowhere', 404);
      assert.ok(await page.getByRole('heading', { name: 'Page not found' }).isVisible());
    });
  });
}
