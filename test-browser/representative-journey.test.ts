import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * People who open someone else's record: Fatima may act for her mother Aisha, so she sees all of it;
 * George sees only what his wife Margaret shares with him.
 */
// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe("family members open a relative's record in Chromium, JavaScript off", () => {
  const journey = useJourney(false);

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const recordLinks = (page: Page) =>
    page
      .getByRole('list')
      .filter({ has: page.getByRole('link') })
      .last()
      .getByRole('link')
      .allInnerTexts();

  test('Fatima, acting for Aisha, reads her details and About me, and sees who has looked', async () => {
    const page = await journey.visitor();
    const aishaId = journey.app.ids.people.aisha!;
    await signIn(page, journey.app, 'fatima.khan@example.org');
    assert.equal(await heading(page), 'Your home');
    assert.ok(await page.getByText('You can act for Aisha Khan: you can see and change their record.').isVisible());

    await follow(page, 'link', 'Aisha Khan');
    assert.equal(new URL(page.url()).pathname, `/people/${aishaId}`);
    assert.equal(await heading(page), 'Aisha Khan');
    assert.deepEqual(await recordLinks(page), [
      'Details',
      'About me',
      'Care and support plan',
      'Personal budget',
      'Panel',
      'Referrals to community support',
      'Tasks',
      'Hospital stays and moves',
      'Timeline',
      'Contacts and circle of support',
      'Messages',
      'Care team',
      'Sharing choices',
      'Who has looked at this record',
    ]);

    await follow(page, 'link', 'Details');
    assert.equal(await heading(page), 'Details');
    assert.ok(await page.getByText('12 Orchard Road').isVisible());
    assert.ok(await page.getByText('Urdu', { exact: true }).isVisible());

    await follow(page, 'link', 'Back');
    await follow(page, 'link', 'About me');
    assert.ok(await page.getByText('Knock and wait; I take a while to get to the door.').isVisible());

    await follow(page, 'link', 'Back');
    await follow(page, 'link', 'Who has looked at this record');
    assert.equal(await heading(page), 'Who has looked at this record');
    await follow(page, 'link', 'Show your own looks too');
    const fatimaRows = page.getByRole('row').filter({ hasText: 'Fatima Khan' });
    for (const entry of ['Looked at your details', 'Looked at your About me']) {
      assert.ok(await fatimaRows.filter({ hasText: entry }).first().isVisible(), `the log shows "${entry}" by Fatima`);
    }
  });

  test('George sees only what Margaret shares with him, About me and her plan; her details are a page not found', async () => {
    const page = await journey.visitor();
    const margaretId = journey.app.ids.people.margaret!;
    await signIn(page, journey.app, 'george.owen@example.org');
    assert.ok(await page.getByText('Margaret Owen shares parts of their record with you.').isVisible());

    await follow(page, 'link', 'Margaret Owen');
    assert.equal(await heading(page), 'Margaret Owen');
    assert.deepEqual(await recordLinks(page), ['About me', 'Care and support plan']);
    assert.equal(await page.getByText('999 000 0034').count(), 0, 'her NHS number is not shown to him');

    await follow(page, 'link', 'About me');
    assert.ok(await page.getByText('Staying with George in our own home. We have been married 62 years.').isVisible());
    assert.equal(await page.getByRole('link', { name: /^Change/ }).count(), 0, 'he cannot change it');

    await visit(page, journey.app, `/people/${margaretId}/details`, 404);
    assert.ok(await page.getByRole('heading', { name: 'Page not found' }).isVisible());
    assert.equal(await page.getByText('7 Chapel Row').count(), 0);

    await page.getByRole('button', { name: 'Sign out', exact: true }).press('Enter');
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(page.url(), /\/sign-in$/);
  });
});
