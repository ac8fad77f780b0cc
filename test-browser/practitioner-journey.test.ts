import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, follow, signIn, useJourney } from './support/browser.ts';

/*
 * Priya, a social worker and key worker, keeps Daniel's record up to date and adds his GP to his care
 * team, then finds Aisha by NHS number and date of birth. The steps run in order on one page.
 */
// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('a social worker works on records in Chromium, JavaScript off', () => {
  const journey = useJourney(false);
  let page: Page;
  let danielId: string;
  before(async () => {
    danielId = journey.app.ids.people.daniel!;
    page = await journey.visitor();
  });

  const heading = () => page.getByRole('heading', { level: 1 }).innerText();
  const dateOfBirth = () => page.getByRole('group', { name: 'Date of birth' });
  const daniel = () =>
    journey.app.db
      .selectFrom('person')
      .select(['nhs_number', 'date_of_birth', 'phone'])
      .where('person_id', '=', danielId)
      .executeTakeFirstOrThrow();

  test('she signs in with her one-time code and sees the people she works with', async () => {
    await signIn(page, journey.app, 'priya.shah@council.example.org');
    assert.match(page.url(), /\/staff$/);
    assert.equal(await heading(), 'Your home');
    const people = page.getByRole('table', { name: 'People whose care team you are in' });
    assert.deepEqual(
      await people.getByRole('rowheader').allInnerTexts(),
      ['Daniel Brooks', 'Aisha Khan'],
      'listed by last name',
    );
    assert.ok(
      await people
        .getByRole('row', { name: /Daniel Brooks/ })
        .getByRole('cell', { name: 'Yes', exact: true })
        .isVisible(),
    );
  });

  test('she corrects Daniel’s details, after being shown what was wrong by each field', async () => {
    await follow(page, 'link', 'Daniel Brooks');
    assert.equal(await heading(), 'Daniel Brooks');
    await follow(page, 'link', 'Details');
    assert.equal(await heading(), 'Details');
    await follow(page, 'link', /^Change/);
    assert.equal(await heading(), 'Change details');

    await page.getByLabel('NHS number (optional)').fill('999 000 0027');
    await dateOfBirth().getByLabel('Day').fill('31');
    await dateOfBirth().getByLabel('Month').fill('2');
    await page.getByLabel('NHS number (optional)').press('Enter');
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.match(await page.title(), /^Error: Change details/);
    const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
    assert.deepEqual(await summary.getByRole('link').allInnerTexts(), [
      'Date of birth must be a real date',
      'Enter a real NHS number: check each of the 10 digits',
    ]);
    assert.match(await page.locator('#date_of_birth-error').innerText(), /Date of birth must be a real date/);
    assert.match(await page.locator('#nhs_number-error').innerText(), /Enter a real NHS number/);
    assert.match(
      (await page.getByLabel('NHS number (optional)').getAttribute('aria-describedby')) ?? '',
      /\bnhs_number-error\b/,
    );
    assert.match(
      (await dateOfBirth().getByLabel('Day').getAttribute('class')) ?? '',
      /govuk-input--error/,
      'the impossible day is marked',
    );
    assert.equal(await dateOfBirth().getByLabel('Day').inputValue(), '31', 'what she typed is kept');
    assert.deepEqual(
      await daniel(),
      { nhs_number: '9990000026', date_of_birth: '1985-09-02', phone: '07700 900123' },
      'nothing is saved',
    );

    await page.getByLabel('NHS number (optional)').fill('9990000026');
    await dateOfBirth().getByLabel('Day').fill('2');
    await dateOfBirth().getByLabel('Month').fill('9');
    await page.getByLabel('Phone number (optional)').fill('07700 900456');
    await page.getByLabel('Phone number (optional)').press('Enter');
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.equal(new URL(page.url()).pathname, `/people/${danielId}/details`);
    assert.ok(await page.getByText('07700 900456').isVisible());
    assert.ok(await page.getByText('999 000 0026').isVisible());
    assert.deepEqual(await daniel(), {
      nhs_number: '9990000026',
      date_of_birth: '1985-09-02',
      phone: '07700 900456',
    });
  });

  test('she adds Daniel’s GP to his care team', async () => {
    await follow(page, 'link', 'Back');
    await follow(page, 'link', 'Care team');
    assert.equal(await heading(), "Daniel Brooks's care team");
    // A link styled as a button, so it has the button role.
    await follow(page, 'button', 'Add someone to the care team');
    assert.equal(await heading(), "Add someone to Daniel Brooks's care team");

    await page
      .getByLabel('Who are you adding?')
      .selectOption({ label: 'Riverside Medical Practice: Dr Tom Okafor, GP' });
    await page.getByLabel('No', { exact: true }).check();
    await page.getByLabel('Their role in the care team').fill('GP');
    await page.getByLabel('Their role in the care team').press('Enter');
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.equal(await heading(), "Daniel Brooks's care team");
    assert.ok(await page.getByText('Dr Tom Okafor is now in the care team.').isVisible());
    const team = page.getByRole('table', { name: 'In the care team now' });
    assert.ok(
      await team
        .getByRole('row', { name: /Dr Tom Okafor/ })
        .getByText('Riverside Medical Practice')
        .isVisible(),
    );
    const tom = await journey.app.db
      .selectFrom('care_team_member')
      .select(['team_role', 'is_key_worker', 'until_date'])
      .where('person_id', '=', danielId)
      .where('staff_account_id', '=', journey.app.ids.staff.tom!)
      .execute();
    assert.deepEqual(tom, [{ team_role: 'GP', is_key_worker: false, until_date: null }]);
  });

  test('she finds Aisha by NHS number and date of birth', async () => {
    await follow(page, 'link', 'Find a person');
    assert.equal(await heading(), 'Find a person');
    await page.getByLabel('NHS number').fill('999 000 0018');
    await dateOfBirth().getByLabel('Day').fill('14');
    await dateOfBirth().getByLabel('Month').fill('3');
    await dateOfBirth().getByLabel('Year').fill('1948');
    await dateOfBirth().getByLabel('Year').press('Enter');
    await page.waitForLoadState('domcontentloaded');
    await expectAccessible(page);
    assert.ok(await page.getByRole('heading', { name: 'Aisha Khan' }).isVisible());
    assert.ok(await page.getByText('Born 14 March 1948. NHS number 999 000 0018.').isVisible());
    await follow(page, 'link', "Open Aisha Khan's record");
    assert.equal(new URL(page.url()).pathname, `/people/${journey.app.ids.people.aisha}`);
    assert.equal(await heading(), 'Aisha Khan');
  });
});
