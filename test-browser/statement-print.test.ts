import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seedDemoBudget } from '../src/seed/demo-budget.ts';
import { follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * The one budget page careweave.js changes: a monthly statement's "Print this statement" link, which stays hidden
 * without JavaScript (it could do nothing) and prints the page with it. The budget journeys walk every budget page
 * without JavaScript; this scans the statement as it is with JavaScript on, and uses the link.
 */
describe('printing a monthly statement in Chromium, JavaScript on', () => {
  const journey = useJourney(true);

  test('Aisha opens last month’s statement and prints it with the link', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    await seedDemoBudget(app.db, app.ids);
    const page = await journey.visitor();
    await signIn(page, app, 'aisha.khan@example.org');
    await visit(page, app, `/people/${aisha}/budget/statements`);
    await follow(page, 'link', /^[A-Z][a-z]+ \d{4}$/);
    assert.match(await page.title(), /^Your statement for /);

    const print = page.getByRole('link', { name: 'Print this statement' });
    assert.ok(await print.isVisible());
    // The browser's print dialog cannot open here: the page's print is replaced with a note that it was asked for.
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await print.click();
    assert.equal(await page.locator('body').getAttribute('data-printed'), 'yes');
    assert.equal(new URL(page.url()).hash, '', 'the link does not follow its address');
  });
});
