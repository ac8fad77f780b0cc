import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { currentTotpCode } from '../../src/modules/identity/credentials.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { startTestApp, type TestApp } from '../../test/support/app.ts';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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
 * The page states this test file has found accessible: whether JavaScript was on, the address, and the page as
 * the browser holds it (CSRF tokens aside, which are hidden fields axe never looks at). The same state at the
 * same address scans the same, so it is scanned once: a journey's repeated sign-in pages and returns to a page
 * that has not changed cost nothing more. Any difference in the markup, however small, is scanned again.
 */
const accessibleStates = new Set<string>();

/**
 * Checks the page against WCAG 2.2 AA rules with axe-core. axe is evaluated through the browser's
 * debugging protocol, so the page's own Content Security Policy stays on. With JavaScript off, the page as
 * the visitor got it is scanned in place: the protocol's evaluation is not the page's script.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const javaScript = !withoutJavaScript.has(page.context());
  const markup = (await page.content()).replace(/(name="_csrf" value=")[^"]*/g, '$1');
  const state = `JavaScript ${javaScript ? 'on' : 'off'} ${page.url()}\n${markup}`;
  if (accessibleStates.has(state)) return;
  if (!javaScript) await page.evaluate(promiseTimers);
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
      // Every rule still runs on every element; only the violations are written up in full (axe's own advice
      // for speed: describing each passing element takes much of a scan's time).
      resultTypes: ['violations'],
    });
    return result.violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
  assert.deepEqual(violations, [], `accessibility violations on ${page.url()}`);
  accessibleStates.add(state);
}

/**
 * axe waits on zero-delay timers between its rules, and with JavaScript off timers never fire; promise jobs
 * still run. So on such a page (which has no script of its own running) zero-delay timers become promise
 * jobs. axe's longer timers only give up on frames and assets that never answer: they are left unset.
 */
function promiseTimers(): void {
  const soon = (callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]): number => {
    if (!delay || delay <= 1) void Promise.resolve().then(() => callback(...args));
    return 0;
  };
  window.setTimeout = soon as typeof window.setTimeout;
  window.clearTimeout = () => {};
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

/** One Chromium for all the journeys of a test file, launched by the first and closed after the last. */
let fileBrowser: Promise<Browser> | undefined;
let journeysLeft = 0;

/**
 * A fresh Careweave (demo area) for one describe block, in the test file's Chromium, closed after it.
 * `visitor()` opens a page in a new browser profile, with JavaScript on or off.
 *
 * Every journey runs with JavaScript off: it proves each form works without it. A journey runs with JavaScript on
 * as well only where careweave.js changes what its pages are or do: a long text box's character count (About me,
 * the plan's pages, emergency access, messages) and a statement's "Print this statement" link. What it does on every
 * page (the error summary and the success banner take focus, GOV.UK buttons and navigation) is the same on each,
 * and is scanned and used in those journeys. (`grep -rl 'govukCharacterCount\|careweave-print' src` lists them.)
 */
export function useJourney(javaScript: boolean): Journey {
  const visitors: BrowserContext[] = [];
  const journey = {
    visitor: async () => {
      const visitor = await newVisitor(journey.browser, javaScript);
      visitors.push(visitor);
      const page = await visitor.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
  } as Journey;
  journeysLeft += 1;
  before(async () => {
    [journey.app, journey.browser] = await Promise.all([startTestApp(), (fileBrowser ??= launchChromium())]);
  });
  after(async () => {
    await Promise.all(visitors.map((visitor) => visitor.close()));
    journeysLeft -= 1;
    if (journeysLeft === 0) await (await fileBrowser)?.close();
    await journey.app?.close();
  });
  return journey;
}
