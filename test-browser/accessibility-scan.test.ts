import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchChromium, newVisitor } from './support/browser.ts';

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
