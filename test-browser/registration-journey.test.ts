import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * Priya, a social worker, registers Olu Adeyemi, who is new to the service; adds his daughter Ada, who holds a
 * lasting power of attorney for health and welfare, to his circle of support; and invites Ada to an account.
 * Ada opens the link, chooses a password, and can act for her father.
 */
// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('registering a person and inviting their attorney, in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('Priya registers Olu and invites his daughter, who has his power of attorney; Ada joins and opens his record', async () => {
    const page = await journey.visitor();
    const submit = async (field: string) => {
      await page.getByLabel(field, { exact: true }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
    };
    const heading = () => page.getByRole('heading', { level: 1 }).innerText();
    await signIn(page, journey.app, 'priya.shah@council.example.org');
    await follow(page, 'link', 'Register a person');
    assert.equal(await heading(), 'Register a person');

    await page.getByLabel('First name').fill('Olu');
    const born = page.getByRole('group', { name: 'Date of birth' });
    await born.getByLabel('Day').fill('9');
    await born.getByLabel('Month').fill('11');
    await born.getByLabel('Year').fill('1952');
    await page.getByLabel('NHS number (optional)').fill('999 000 0043');
    await submit('First name');
    assert.match(await page.title(), /^Error: /);
    assert.ok(await page.getByRole('link', { name: 'Enter last name' }).isVisible());
    assert.ok(await page.getByRole('link', { name: /^Enter a real NHS number/ }).isVisible());
    assert.equal(await page.getByLabel('First name').inputValue(), 'Olu', 'what she typed is kept');

    await page.getByLabel('Last name').fill('Adeyemi');
    await page.getByLabel('NHS number (optional)').fill('999 000 0018');
    await submit('Last name');
    assert.ok(
      await page.getByRole('link', { name: 'A person with this NHS number is already registered' }).isVisible(),
    );
    assert.ok(await page.getByRole('link', { name: 'find them by NHS number and date of birth' }).isVisible());
    assert.equal(await page.getByText('Aisha Khan').count(), 0, 'whose number it is stays unsaid');

    await page.getByLabel('NHS number (optional)').fill('');
    await submit('Last name');
    assert.equal(await heading(), 'Olu Adeyemi');
    assert.ok(await page.getByText('You registered Olu Adeyemi.').isVisible());
    const oluId = /\/people\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    await follow(page, 'link', 'Contacts and circle of support');
    await follow(page, 'button', 'Add someone to the circle of support');
    await page.getByLabel('Their name').fill('Ada Adeyemi');
    await page.getByLabel('How they know Olu Adeyemi').fill('Daughter');
    await page.getByLabel('Family').check();
    await page.getByLabel('Their email address (optional)').fill('ada.adeyemi@example.org');
    await page.getByRole('group', { name: 'May they act for Olu Adeyemi?' }).getByLabel('Yes').check();
    await page.getByLabel('Lasting power of attorney for health and welfare').check();
    await page.getByLabel('Reference').fill('7000-1234-5678');
    const from = page.getByRole('group', { name: 'When did their authority start?' });
    await from.getByLabel('Day').fill('15');
    await from.getByLabel('Month').fill('3');
    await from.getByLabel('Year').fill('2024');
    await submit('Their name');
    assert.ok(await page.getByRole('heading', { name: 'Ada Adeyemi' }).isVisible());
    assert.ok(await page.getByText('Ada Adeyemi has been added to the circle of support.').isVisible());

    await page.goto(`${journey.app.baseUrl}/people/${oluId}`);
    await expectAccessible(page);
    await follow(page, 'link', 'Who can sign in');
    assert.equal(await heading(), 'Who can sign in');
    await follow(page, 'link', 'Invite Ada Adeyemi to an account');
    assert.equal(await page.getByLabel('Email address').inputValue(), 'ada.adeyemi@example.org');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.ok(await page.getByText('You invited Ada Adeyemi to an account.').isVisible());
    const link = /\/invitations\/[A-Za-z0-9_-]{43}$/.exec(await page.locator('#invitation-link').innerText())![0];

    const links = await journey.app.db
      .selectFrom('person_account_link')
      .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
      .select(['person_account.email', 'person_account_link.acting_as'])
      .where('person_account_link.person_id', '=', oluId)
      .execute();
    assert.deepEqual(links, [{ email: 'ada.adeyemi@example.org', acting_as: 'circle_member' }]);

    await follow(page, 'link', 'Back to who can sign in');
    assert.ok(await page.getByText(/Invited at ada\.adeyemi@example\.org\. The link works until/).isVisible());

    // Registering Olu a second time is stopped by a warning, and going back keeps what was typed.
    await page.goto(`${journey.app.baseUrl}/people/register`);
    await expectAccessible(page);
    await page.getByLabel('First name').fill('Olu');
    await page.getByLabel('Last name').fill('Adeyemi');
    await born.getByLabel('Day').fill('9');
    await born.getByLabel('Month').fill('11');
    await born.getByLabel('Year').fill('1952');
    await submit('Last name');
    assert.equal(await heading(), 'Someone with this name and date of birth is already registered');
    await follow(page, 'button', 'Go back and change the details');
    assert.equal(await heading(), 'Register a person');
    assert.equal(await page.getByLabel('Last name').inputValue(), 'Adeyemi');

    // Ada opens the link in her own browser, chooses a password, and finds her father's record on her home page.
    const ada = await journey.visitor();
    await visit(ada, journey.app, link);
    assert.equal(await ada.getByRole('heading', { level: 1 }).innerText(), 'Choose a password');
    await ada.getByLabel('Password', { exact: true }).fill('plum orchard lantern 7');
    await ada.getByLabel('Enter the password again').fill('plum orchard lantern 7');
    await follow(ada, 'button', 'Set up my account');
    assert.match(ada.url(), /\/my\?welcome=1$/);
    assert.equal(await ada.getByRole('heading', { level: 1 }).innerText(), 'Your home');
    assert.ok(await ada.getByText('You can act for Olu Adeyemi: you can see and change their record.').isVisible());
    await follow(ada, 'link', /^Olu Adeyemi$/);
    assert.equal(new URL(ada.url()).pathname, `/people/${oluId}`);
    assert.equal(await ada.getByRole('heading', { level: 1 }).innerText(), 'Olu Adeyemi');
  });
});
