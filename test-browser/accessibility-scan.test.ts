import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { staffActor } from '../test/support/app.ts';
import { expectAccessible, follow, launchChromium, newVisitor, signIn, useJourney, visit } from './support/browser.ts';

/*
 * The journeys trust expectAccessible to fail on an inaccessible page, with JavaScript on and off, and to scan
 * again whenever the page differs. A page with an unlabelled field and an image without a text alternative
 * proves it does.
 */
const address = 'http://careweave.test/form';
const inaccessible = `<!doctype html><html lang="en"><head><title>A form</title></head><body><main>
  <h1>A form</h1><img src="/logo.png"><form method="post"><input type="hidden" name="_csrf" value="a">
  <input name="name"><button>Save</button></form></main></body></html>`;
const accessible = inaccessible.replace('<img src="/logo.png">', '').replace('<input name="name">', '');

describe('the accessibility scan of the journeys', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  for (const javaScript of [true, false]) {
    test(`finds the violations on a page, and scans each changed page again, JavaScript ${javaScript ? 'on' : 'off'}`, async () => {
      const page = await (await newVisitor(browser, javaScript)).newPage();
      let body = accessible;
      await page.route('**/*', (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: body.replace('value="a"', `value="${Math.random()}"`),
        }),
      );
      await page.goto(address);
      await expectAccessible(page);
      body = inaccessible;
      await page.goto(address);
      await assert.rejects(expectAccessible(page), (error: Error) => {
        assert.match(error.message, /^accessibility violations on http:\/\/careweave\.test\/form/);
        assert.match(error.message, /image-alt: Images must have alternative text/);
        assert.match(error.message, /label: Form elements must have labels/);
        return true;
      });
      body = accessible;
      await page.goto(address);
      await expectAccessible(page);
      await page.context().close();
    });
  }
});

// The inbox and the notification choices, scanned with what they show: an unread notification, the choices, the
// banners after saving and after marking everything read, and what is new on the home page.
describe('the inbox and notification choices are accessible, JavaScript off', () => {
  const journey = useJourney(false);

  test('Fatima reads her inbox, chooses how she hears of things, and marks everything read', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    const fatima = await app.db
      .selectFrom('person_account')
      .select('id')
      .where('email', '=', 'fatima.khan@example.org')
      .executeTakeFirstOrThrow();
    await app.services
      .contextFor(await staffActor(app, app.ids.staff.priya!))
      .write(aisha, 'details', 'A change that tells Fatima', ({ notifications }) =>
        notifications.notify({
          kind: 'plan_waiting',
          recipients: [{ kind: 'citizen', accountId: fatima.id }],
          text: "Version 2 of Aisha Khan's care and support plan is waiting for your agreement.",
          link: `/people/${aisha}`,
        }),
      );
    const page = await journey.visitor();
    await signIn(page, app, 'fatima.khan@example.org');
    assert.ok(await page.getByRole('heading', { name: 'New about Aisha Khan' }).isVisible());
    await follow(page, 'link', /Inbox \(1 unread\)/);
    assert.ok(await page.getByText('Unread', { exact: true }).isVisible());
    await follow(page, 'link', 'Choose how you hear of things');
    await page.getByRole('group', { name: 'New messages' }).getByLabel('By e-mail').uncheck();
    await follow(page, 'button', 'Save your choices');
    assert.ok(await page.getByText('Your choices have been saved.').isVisible());
    await visit(page, app, '/inbox');
    await follow(page, 'button', 'Mark all as read');
    assert.ok(await page.getByText('Everything in your inbox is marked as read.').isVisible());
  });
});
