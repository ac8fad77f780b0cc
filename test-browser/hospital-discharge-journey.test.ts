import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { addDays, formatUkDate, ukDate } from '../src/dates.ts';
import { signedIn, startTestApp, type TestApp } from '../test/support/app.ts';
import { budgetWithTopUp } from '../test/support/budget-builder.ts';
import { startTestMailServer, type TestMailServer } from '../test/support/smtp.ts';
import { follow, launchChromium, newVisitor, signIn, visit } from './support/browser.ts';
import { fillDateFromToday } from './support/date-input.ts';

/*
 * The seed story's hospital discharge, replayed with Careweave in place, in Chromium with JavaScript off and every
 * page scanned with axe. Priya starts Aisha's stay on Elm Ward and the ward nurse, Rosa, joins the care team for it;
 * Aisha shares her notes with the trust; Fatima, her daughter, sees the steps and who to call, reads the top-up
 * agreement explained and tells the ward that her mother makes her own tea and walks. The care home place is lost to
 * an outbreak: Fatima is told in her inbox and by e-mail (caught by a real SMTP server) and reads the new plan. Four
 * professionals from four organisations each see only what Aisha shares with them. (The budget and the agreement's
 * terms are set up over HTTP: their own pages have their own journey.)
 */
describe('a hospital stay with the family kept informed, in Chromium, JavaScript off', () => {
  let app: TestApp;
  let smtp: TestMailServer;
  let browser: Browser;
  const visitors: BrowserContext[] = [];
  const visitor = async (): Promise<Page> => {
    const context = await newVisitor(browser, false);
    visitors.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };

  before(async () => {
    smtp = await startTestMailServer();
    [app, browser] = await Promise.all([
      startTestApp({ mail: smtp.mail, publicUrl: 'https://care.example.org' }),
      launchChromium(),
    ]);
  });
  after(async () => {
    await Promise.all(visitors.map((context) => context.close()));
    await browser.close();
    await app.close();
    await smtp.close();
  });

  test('the ward nurse joins the team, the daughter is told when the placement falls through, and each sees only what Aisha allows', async () => {
    const aisha = app.ids.people.aisha!;
    const trust = app.ids.organisations.trust!;
    const today = ukDate(new Date());
    const episodes = `/people/${aisha}/episodes`;
    const http = await signedIn(app, 'priya.shah@council.example.org');
    await budgetWithTopUp(app, http, aisha, today);

    const shows = async (page: Page, text: string | RegExp) =>
      assert.ok(await page.getByText(text).first().isVisible(), `${page.url()} shows ${String(text)}`);

    // Priya starts the stay; leaving before admission is refused by the field.
    const priya = await visitor();
    await signIn(priya, app, 'priya.shah@council.example.org');
    await visit(priya, app, episodes);
    await follow(priya, 'button', 'Start a hospital stay or move');
    await priya.getByLabel('Northbridge Hospitals NHS Foundation Trust', { exact: true }).check();
    await priya.getByLabel('Ward or place').fill('Elm Ward');
    await fillDateFromToday(priya, 'Date of admission', -21);
    await fillDateFromToday(priya, 'Expected date of leaving', -22);
    await priya.getByLabel('Rosa Bell, Ward nurse').check();
    await follow(priya, 'button', 'Start the stay');
    await shows(priya, 'The expected date of leaving must be the same as or after the date of admission');
    await fillDateFromToday(priya, 'Expected date of leaving', 3);
    await follow(priya, 'button', 'Start the stay');
    await shows(priya, 'The stay has started. The ward staff are in the care team until it closes.');
    const episodePath = new URL(priya.url()).pathname;
    await follow(priya, 'link', 'Change Where they will go and what support');
    await priya.getByLabel('In progress', { exact: true }).check();
    await priya
      .getByLabel('Who is responsible?')
      .selectOption({ label: 'Priya Shah, Social worker (Northbridge City Council)' });
    await fillDateFromToday(priya, 'Expected date', 2);
    await priya.getByLabel('Note (optional)').fill('Oakfield Care Home has a place from Monday.');
    await follow(priya, 'button', 'Save the step');
    await shows(priya, 'The step has been saved. Everyone concerned has been told.');

    // Rosa is in the team, but sees nothing until Aisha shares with the trust.
    const rosa = await visitor();
    await signIn(rosa, app, 'rosa.bell@trust.example.org');
    await visit(rosa, app, episodePath, 404);
    const aishaPage = await visitor();
    await signIn(aishaPage, app, 'aisha.khan@example.org');
    await visit(aishaPage, app, `/people/${aisha}/sharing/organisation/${trust}`);
    for (const part of ['My details', 'About me', 'Notes']) await aishaPage.getByLabel(part, { exact: true }).check();
    await follow(aishaPage, 'button', 'Save choices');
    await visit(rosa, app, episodePath);
    await shows(rosa, 'Stay at Elm Ward');

    // Fatima sees the steps and who to call, reads the top-up explained, and tells the ward what she knows.
    const fatima = await visitor();
    await signIn(fatima, app, 'fatima.khan@example.org');
    await visit(fatima, app, episodes);
    await follow(fatima, 'link', 'See where things are, what happens next and who to call');
    await shows(fatima, 'You are at Elm Ward, Northbridge Hospitals NHS Foundation Trust.');
    await shows(fatima, 'Call 0113 496 0731');
    await shows(fatima, 'Where you will go and the help there');
    await follow(fatima, 'link', 'Read the care home top-up agreement explained');
    await shows(fatima, /£16\.00/);
    await visit(fatima, app, episodePath);
    await follow(fatima, 'link', 'Add what you know');
    await fatima
      .getByLabel('What should the ward know?')
      .fill('Mum makes her own tea every morning. She walks to the shop.');
    await follow(fatima, 'button', 'Add to About me');
    await shows(fatima, 'What you know has been added to About me, where the ward staff read it.');
    await visit(rosa, app, `/people/${aisha}/about-me`);
    await shows(rosa, /Mum makes her own tea every morning/);

    // The care home place is lost to an outbreak.
    const mailsBefore = smtp.received.length;
    await visit(priya, app, episodePath);
    await follow(priya, 'button', 'Record what held it up');
    await priya.getByLabel('Which step is held up?').selectOption({ label: 'Where they will go and what support' });
    await priya.getByLabel('Infection outbreak', { exact: true }).check();
    await priya
      .getByLabel('What happened?')
      .fill('Oakfield Care Home closed to new residents after an outbreak of diarrhoea. The place was lost.');
    await fillDateFromToday(priya, 'When did it happen?', 0);
    await priya.getByLabel('What happens next?').fill('Priya will visit Birch House with Fatima on Thursday.');
    await priya.getByLabel('Who decides?').fill('Aisha and Fatima, with Priya Shah');
    await fillDateFromToday(priya, 'New date for this step', 9);
    await follow(priya, 'button', 'Save and tell everyone');
    await shows(priya, 'a delay of 7 days');

    // Fatima is told by e-mail, with nothing about her mother in it, and in her inbox; she reads the new plan.
    // Aisha and Fatima (Priya made the change, and is the key worker and the one the step names).
    const told = (await smtp.waitFor(mailsBefore + 2)).slice(mailsBefore);
    assert.deepEqual(told.map((mail) => mail.to).toSorted(), [['aisha.khan@example.org'], ['fatima.khan@example.org']]);
    for (const personal of ['Aisha', 'Khan', 'Elm Ward', 'Oakfield', 'outbreak'])
      assert.ok(!told[1]!.raw.includes(personal), `the e-mail does not carry "${personal}"`);
    await visit(fatima, app, '/inbox');
    await follow(fatima, 'link', /Aisha Khan's stay at Elm Ward: .* is held up\. Infection outbreak\./);
    assert.equal(new URL(fatima.url()).pathname, episodePath);
    await shows(fatima, /Where you will go and the help there is held up/);
    await shows(fatima, 'What happens next: Priya will visit Birch House with Fatima on Thursday.');
    await shows(fatima, 'Who decides: Aisha and Fatima, with Priya Shah');
    await shows(fatima, `You are expected to leave on ${formatUkDate(addDays(today, 9))}.`);

    // Four professionals from four organisations, each seeing only what Aisha shares with them.
    const tom = await visitor();
    await signIn(tom, app, 'tom.okafor@gp.example.org');
    const sam = await visitor();
    await signIn(sam, app, 'sam.reid@hub.example.org');
    const record = (part: string) => `/people/${aisha}/${part}`;
    // (Priya, who sees the whole record, has walked it already; Rosa has read the stay and About me.)
    for (const [page, allowed, refused] of [
      [priya, 'budget', 'none'],
      [tom, 'plan', 'budget'],
      [rosa, 'episodes', 'plan'],
      [sam, 'about-me', 'episodes'],
    ] as const) {
      await visit(page, app, record(allowed));
      if (refused !== 'none') await visit(page, app, record(refused), 404);
    }
  });
});
