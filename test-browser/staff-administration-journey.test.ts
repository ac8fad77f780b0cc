import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { currentTotpCode } from '../src/modules/identity/credentials.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

const PASSWORD = 'walnut kettle harbour 42';

// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('adding organisations and managing staff in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('a platform administrator adds a care home and its manager, who accepts and signs in', async () => {
    const page = await journey.visitor();
    await signIn(page, journey.app, 'nadia.brooks@council.example.org');
    await follow(page, 'link', 'Organisations');
    await follow(page, 'button', 'Add an organisation');

    // Sent empty first: every problem is named, by its field.
    await page.getByRole('button', { name: 'Add organisation and invite administrator' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(await page.title(), /^Error: Add an organisation/);
    assert.ok(await page.getByRole('link', { name: 'Select the type of organisation' }).isVisible());

    // A ward without its trust: the trust is asked for beside the ward's radio.
    await page.getByLabel('Hospital ward', { exact: true }).check();
    await page.getByRole('button', { name: 'Add organisation and invite administrator' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.ok(await page.getByRole('link', { name: 'Select the NHS trust the ward belongs to' }).isVisible());

    await page.getByLabel('Name of the organisation').fill('Willow Court Care Home');
    await page.getByLabel('Care home', { exact: true }).check();
    await page.getByLabel('ODS code (optional)').fill('vx11');
    await page.getByLabel('Full name').fill('Ines Ortega');
    await page.getByLabel('Work email address').fill('ines.ortega@willowcourt.example.org');
    await page.getByLabel('Job title').fill('Registered manager');
    await page.getByRole('button', { name: 'Add organisation and invite administrator' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    const confirmation = await page.locator('main').innerText();
    assert.match(confirmation, /Willow Court Care Home has been added, and Ines Ortega invited/);
    const link = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(await page.locator('#invitation-link').innerText())![0];

    await follow(page, 'link', 'Back to organisations');
    assert.match(await page.locator('main').innerText(), /Willow Court Care Home/);

    // Ines opens the link in her own browser: a password, the app by its key, recovery codes, then signed in.
    const ines = await journey.visitor();
    await visit(ines, journey.app, link);
    assert.match(await ines.locator('main').innerText(), /to work for Willow Court Care Home/);
    await ines.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await ines.getByLabel('Enter the password again').fill('something else entirely');
    await follow(ines, 'button', 'Continue');
    assert.match(await ines.title(), /^Error: Choose a password/);
    assert.ok(await ines.getByRole('link', { name: /The passwords do not match/ }).isVisible());
    await ines.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await ines.getByLabel('Enter the password again').fill(PASSWORD);
    await follow(ines, 'button', 'Continue');

    assert.ok(await ines.getByRole('heading', { name: 'Set up your authenticator app' }).isVisible());
    assert.ok(await ines.getByRole('img', { name: /QR code to scan/ }).isVisible());
    await ines.getByText('I cannot scan the QR code').click();
    const secret = (await ines.locator('#secret').innerText()).replace(/\s/g, '');
    await ines.getByLabel(/Enter the code your app shows/).fill('000000');
    await follow(ines, 'button', 'Continue');
    assert.ok(await ines.getByRole('link', { name: /The code is not right/ }).isVisible());
    await ines.getByLabel(/Enter the code your app shows/).fill(await currentTotpCode(secret));
    await follow(ines, 'button', 'Continue');

    assert.ok(await ines.getByRole('heading', { name: 'Your recovery codes' }).isVisible());
    const recoveryCodes = await ines.locator('#recovery-codes li').allInnerTexts();
    assert.equal(recoveryCodes.length, 10);
    await follow(ines, 'button', /I have kept my codes safe/);
    assert.match(ines.url(), /\/staff\?welcome=1$/);
    assert.ok(await ines.getByText('Your account is set up and you are signed in.').isVisible());

    // The link worked once.
    const again = await journey.visitor();
    await visit(again, journey.app, link, 404);
    assert.ok(await again.getByRole('heading', { name: 'This link does not work' }).isVisible());

    // Signed out, she signs in again with her password and a recovery code from the page (the app's code
    // was used a moment ago, and each code works once).
    await follow(ines, 'button', 'Sign out');
    await visit(ines, journey.app, '/sign-in');
    await ines.getByLabel('Email address').fill('ines.ortega@willowcourt.example.org');
    await ines.getByLabel('Password').fill(PASSWORD);
    await follow(ines, 'button', 'Sign in');
    assert.match(ines.url(), /\/sign-in\/code$/);
    await follow(ines, 'link', 'Use a recovery code instead');
    await ines.getByLabel('Enter a recovery code').fill(recoveryCodes[0]!.trim());
    await follow(ines, 'button', 'Continue');
    assert.ok(await ines.getByRole('heading', { name: 'You have 9 recovery codes left' }).isVisible());
    await follow(ines, 'link', 'Continue to your home page');
    assert.match(ines.url(), /\/staff$/);
    assert.match(await ines.locator('header').innerText(), /Ines Ortega/);
  });

  test("an organisation's administrator invites a member of staff, then changes their role", async () => {
    const page = await journey.visitor();
    await signIn(page, journey.app, 'alan.ward@council.example.org');
    await follow(page, 'link', 'Staff');
    await follow(page, 'button', 'Invite a member of staff');

    await page.getByLabel('Full name').fill('Rosa Mendes');
    await page.getByLabel('Work email address').fill('rosa@council.example.org');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.ok(await page.getByRole('link', { name: 'Select a role' }).isVisible());

    await page.getByLabel('Practitioner', { exact: true }).check();
    await page.getByLabel('Job title').fill('Occupational therapist');
    await page.getByLabel('Team (optional)').fill('Reablement');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(await page.locator('main').innerText(), /Give Rosa Mendes this link/);

    await follow(page, 'link', /See Rosa Mendes’s details/);
    assert.match(await page.locator('main').innerText(), /Invited/);
    await page.getByLabel('Manager', { exact: true }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(await page.locator('main').innerText(), /Their details have been changed/);

    await page.getByRole('button', { name: 'Withdraw the invitation' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(await page.locator('main').innerText(), /Invitation ended/);

    await follow(page, 'link', 'Staff');
    assert.match(await page.locator('main').innerText(), /Rosa Mendes/);
  });
});
