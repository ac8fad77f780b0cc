import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { currentTotpCode } from '../../src/modules/identity/credentials.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/** Debian's Chromium, headless, with the background networking this closed network refuses turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const withoutJavaScript = new WeakSet<BrowserContext>();

/** A fresh browser profile, with JavaScript on or off. */
export async function newVisitor(browser: Browser, javaScript: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  if (!javaScript) withoutJavaScript.add(context);
  return context;
}

/**
 * Checks the page against WCAG 2.2 AA rules with axe-core. axe is evaluated through the browser's
 * debugging protocol, so the page's own Content Security Policy stays on. Works with JavaScript off too,
 * because the protocol's evaluation is not the page's script.
 */
export async function expectAccessible(page: Page): Promise<void> {
  if (withoutJavaScript.has(page.context())) return scanCopyOf(page);
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
  assert.deepEqual(violations, [], `accessibility violations on ${page.url()}`);
}

/**
 * axe needs timers, which do not run when JavaScript is off. So the page as the visitor got it is
 * loaded, with its scripts taken out and the same stylesheets, into a scanner tab that runs axe.
 */
async function scanCopyOf(page: Page): Promise<void> {
  const html = (await page.content()).replace(/<script[\s\S]*?<\/script>/g, '');
  const scanner = await page.context().browser()!.newPage();
  try {
    await scanner.route(page.url(), (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await scanner.goto(page.url());
    await expectAccessible(scanner);
  } finally {
    await scanner.close();
  }
}

/** Goes to a path, checks it answered as expected, and scans it. */
export async function visit(page: Page, app: TestApp, path: string, status = 200): Promise<void> {
  const response = await page.goto(`${app.baseUrl}${path}`);
  assert.equal(response?.status(), status, `status of ${path}`);
  await expectAccessible(page);
}

/** Signs in through the real form, by keyboard, entering the one-time code for staff. Scans every page on the way. */
export async function signIn(page: Page, app: TestApp, email: string): Promise<void> {
  await visit(page, app, '/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.waitForLoadState('domcontentloaded');
  if (page.url().endsWith('/sign-in/code')) {
    await expectAccessible(page);
    const staff = await app.db
      .selectFrom('staff_account')
      .select('totp_secret')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    // Each code works once: a journey that signs the same member of staff in twice within 30 seconds would
    // otherwise wait for their app's next code.
    await app.db.updateTable('staff_account').set({ totp_last_step: null }).where('email', '=', email).execute();
    await page.getByLabel('Enter your code').fill(await currentTotpCode(staff.totp_secret!));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState('domcontentloaded');
  }
  await expectAccessible(page);
}

/** Clicks a link or button and scans the page it leads to. */
export async function follow(page: Page, role: 'link' | 'button', name: string | RegExp): Promise<void> {
  await page.getByRole(role, { name }).first().click();
  await page.waitForLoadState('domcontentloaded');
  await expectAccessible(page);
}

export type Journey = { app: TestApp; browser: Browser; visitor: () => Promise<Page> };

/**
 * A fresh Careweave (demo area) and Chromium for one describe block, closed after it. `visitor()` opens a
 * page in a new browser profile, with JavaScript on or off.
 */
export function useJourney(javaScript: boolean): Journey {
  const journey = {
    visitor: async () => {
      const page = await (await newVisitor(journey.browser, javaScript)).newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
  } as Journey;
  before(async () => {
    [journey.app, journey.browser] = await Promise.all([startTestApp(), launchChromium()]);
  });
  after(async () => {
    await journey.browser?.close();
    await journey.app?.close();
  });
  return journey;
}
