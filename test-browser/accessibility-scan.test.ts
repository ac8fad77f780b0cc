import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { staffActor } from '../test/support/app.ts';
import { aishaPlan, saveVersion } from '../test/plans/print-fixtures.ts';
import { addListing, addPostcode, addTerm } from '../test/support/directory-builder.ts';
import { carersCounselling, HOME_POSTCODE } from '../test/support/search-listings.ts';
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
          text: "Aisha Khan's care and support plan has a draft waiting for your agreement.",
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

// Finding support, as a visitor without an account: the search form, a mistake in it, results and a service's page.
describe('finding support is accessible, JavaScript off', () => {
  const journey = useJourney(false);

  test('a visitor searches by need and postcode, corrects a postcode and opens a service', async () => {
    const { app } = journey;
    const counselling = await addTerm(app.db, 'Counselling');
    await addPostcode(app.db, HOME_POSTCODE.postcode, HOME_POSTCODE.latitude, HOME_POSTCODE.longitude);
    await addListing(app.db, carersCounselling([counselling], { assuredDate: '2020-01-01' }));
    const page = await journey.visitor();
    await visit(page, app, '/directory');
    await page.getByLabel('Counselling').check();
    await page.getByLabel('Your postcode (optional)').fill('ZZ9 9ZZ');
    await follow(page, 'button', 'Search');
    assert.ok(await page.getByText('We could not find the postcode ZZ9 9ZZ').first().isVisible());
    await page.getByLabel('Your postcode (optional)').fill('ZZ1 1AA');
    await follow(page, 'button', 'Search');
    assert.ok(await page.getByRole('heading', { name: '1 service found' }).isVisible());
    await follow(page, 'link', 'Counselling for carers');
    assert.ok(await page.getByText('Mondays and Wednesdays, 9am to 12pm').isVisible());
  });
});

// Contact details for staff (theirs and their administrator's page, with a mistake and the banner), and the printed
// copy that travels with the person: the choice about identity details, and the crisis plan alone on the first page.
describe('contact details and the printed plan are accessible, JavaScript off', () => {
  const journey = useJourney(false);

  test('Priya gives her contact details; Aisha leaves her identity off her printed plan, whose crisis plan prints alone', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    await saveVersion(app, aisha, 1, await aishaPlan(app));
    const staff = await journey.visitor();
    await signIn(staff, app, 'priya.shah@council.example.org');
    await visit(staff, app, '/account/sessions');
    await follow(staff, 'link', 'Your contact details');
    await staff.getByLabel('Work phone (optional)').fill('0113 496 0112');
    await staff.getByLabel('Monday').check();
    await staff.getByLabel('Start time (optional)').fill('5pm');
    await staff.getByLabel('Finish time (optional)').fill('9am');
    await follow(staff, 'button', 'Save your contact details');
    assert.ok(await staff.getByText('The time you finish must be after the time you start').first().isVisible());
    await staff.getByLabel('Start time (optional)').fill('9am');
    await staff.getByLabel('Finish time (optional)').fill('5pm');
    await follow(staff, 'button', 'Save your contact details');
    assert.ok(await staff.getByText('Your contact details have been saved.').isVisible());
    await visit(staff, app, `/people/${aisha}/plan/print`);

    const admin = await journey.visitor();
    await signIn(admin, app, 'alan.ward@council.example.org');
    await visit(admin, app, `/staff/organisation/staff/${app.ids.staff.priya!}`);

    const page = await journey.visitor();
    await signIn(page, app, 'aisha.khan@example.org');
    await visit(page, app, `/people/${aisha}/care-team`);
    assert.ok(await page.getByRole('link', { name: '0113 496 0112' }).isVisible());
    await visit(page, app, `/people/${aisha}/plan/print`);
    await page.getByLabel('No, leave them off').check();
    await follow(page, 'button', 'Save this choice');
    assert.ok(await page.getByText('Your choice about printing has been saved.').isVisible());
    const firstPage = await printedFirstPage(page);
    assert.match(firstPage, /Contingency and crisis plan/);
    assert.doesNotMatch(firstPage, /Personal details|About me|What matters to me/);
  });
});

/** The text of the first page Chromium prints of this page, read by poppler's pdftotext. */
async function printedFirstPage(page: Page): Promise<string> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-printed-'));
  const file = path.join(folder, 'printed.pdf');
  try {
    await page.emulateMedia({ media: 'print' });
    fs.writeFileSync(file, await page.pdf({ format: 'A4' }));
    return execFileSync('/usr/bin/pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}
