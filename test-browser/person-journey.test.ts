import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, follow, signIn, useJourney } from './support/browser.ts';

const NEW_WHAT_MATTERS =
  'Being at home with my plants, cooking for my grandchildren, and my Friday walk to the market.';

/*
 * Aisha looks after her own record: About me, her circle of support, who can see it, and who has
 * looked. The steps run in order on one page, as one visit.
 */
for (const javaScript of [true, false]) {
  describe(`Aisha looks after her own record in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    let page: Page;
    let aishaId: string;
    before(async () => {
      aishaId = journey.app.ids.people.aisha!;
      page = await journey.visitor();
    });

    const heading = () => page.getByRole('heading', { level: 1 }).innerText();
    const aboutMeRevisions = () =>
      journey.app.db
        .selectFrom('about_me_revision')
        .select(['body', 'written_by_name'])
        .where('person_id', '=', aishaId)
        .where('heading', '=', 'what_matters')
        .orderBy('written_at', 'desc')
        .execute();

    test('she signs in to her home and opens her record', async () => {
      await signIn(page, journey.app, 'aisha.khan@example.org');
      assert.match(page.url(), /\/my$/);
      assert.equal(await heading(), 'Your home');
      assert.ok(await page.getByText('Your own record.').isVisible());
      await follow(page, 'link', 'Aisha Khan');
      assert.equal(new URL(page.url()).pathname, `/people/${aishaId}`);
      assert.equal(await heading(), 'Aisha Khan');
      assert.ok(await page.getByText('999 000 0018').isVisible(), 'her NHS number is on her record');
    });

    test('she changes what matters most to her, after being told her first try was too long', async () => {
      await follow(page, 'link', 'About me');
      assert.equal(await heading(), 'About me');
      assert.ok(
        await page.getByText('Being at home with my plants, and cooking for my grandchildren on Sundays.').isVisible(),
      );
      await follow(page, 'link', 'Change What matters most to me');

      const box = page.getByLabel('What matters most to me');
      await box.fill('a'.repeat(2001));
      await page.getByRole('button', { name: 'Save' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.title(), /^Error: What matters most to me/);
      await page.getByRole('link', { name: 'This must be 2,000 characters or fewer' }).click();
      assert.equal(await page.locator('#body:focus').count(), 1, 'the error summary leads to the box');
      assert.equal((await box.inputValue()).length, 2001, 'what she typed is kept');
      assert.equal((await aboutMeRevisions()).length, 1, 'nothing is saved from the long text');

      await box.fill(NEW_WHAT_MATTERS);
      await page.getByRole('button', { name: 'Save' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.equal(new URL(page.url()).pathname, `/people/${aishaId}/about-me`);
      assert.ok(await page.getByText(NEW_WHAT_MATTERS).isVisible());
      const [latest] = await aboutMeRevisions();
      assert.deepEqual(latest, { body: NEW_WHAT_MATTERS, written_by_name: 'Aisha Khan' });
    });

    test('she adds her grandson to her circle of support, after missing his name', async () => {
      await follow(page, 'link', 'Back');
      await follow(page, 'link', 'Contacts and circle of support');
      assert.equal(await heading(), 'Contacts and circle of support');
      assert.ok(await page.getByRole('heading', { name: 'Fatima Khan' }).isVisible());
      // A link styled as a button, so it has the button role.
      await follow(page, 'button', 'Add someone to the circle of support');

      await page.getByLabel('How they know Aisha Khan').fill('Grandson');
      await page.getByLabel('Family').check();
      await page.getByLabel('No', { exact: true }).check();
      await page.getByLabel('How they know Aisha Khan').press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.title(), /^Error: /);
      assert.ok(await page.getByRole('link', { name: 'Enter their name' }).isVisible());
      assert.equal(
        await page.getByLabel('How they know Aisha Khan').inputValue(),
        'Grandson',
        'what she typed is kept',
      );

      await page.getByLabel('Their name').fill('Yusuf Khan');
      await page.getByLabel('Their name').press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.equal(new URL(page.url()).pathname, `/people/${aishaId}/contacts`);
      assert.ok(await page.getByRole('heading', { name: 'Yusuf Khan' }).isVisible());
      assert.ok(await page.getByText('Yusuf Khan has been added to the circle of support.').isVisible());
      const added = await journey.app.db
        .selectFrom('circle_member')
        .select(['relationship', 'kind', 'may_act_for_person'])
        .where('person_id', '=', aishaId)
        .where('name', '=', 'Yusuf Khan')
        .execute();
      assert.deepEqual(added, [{ relationship: 'Grandson', kind: 'family', may_act_for_person: false }]);
    });

    test('she stops Open Door Community Hub seeing her About me', async () => {
      await follow(page, 'link', 'Back');
      await follow(page, 'link', 'Sharing choices');
      assert.equal(await heading(), 'Who can see your record');
      await follow(page, 'link', 'Change what Open Door Community Hub can see');
      assert.equal(await heading(), 'What Open Door Community Hub can see');
      assert.ok(await page.getByLabel('About me').isChecked());

      await page.getByLabel('About me').uncheck();
      await page.getByRole('button', { name: 'Save choices' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.equal(new URL(page.url()).pathname, `/people/${aishaId}/sharing`);
      assert.ok(await page.getByText('Your changes are saved.').isVisible());
      assert.ok(await page.getByText('Open Door Community Hub can see: My details.').isVisible());
      const hub = journey.app.ids.organisations.hub!;
      const latest = await journey.app.db
        .selectFrom('sharing_choice')
        .select(['decision', 'made_by_name'])
        .where('person_id', '=', aishaId)
        .where('audience_id', '=', hub)
        .where('part', '=', 'about_me')
        .orderBy('made_at', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(latest, { decision: 'withhold', made_by_name: 'Aisha Khan' });
    });

    test('her access log shows what she just did', async () => {
      await follow(page, 'link', 'Back');
      await follow(page, 'link', 'Who has looked at this record');
      assert.equal(await heading(), 'Who has looked at your record');
      await follow(page, 'link', 'Show your own looks too');
      const log = page.getByRole('table');
      for (const entry of [
        'Changed your About me: What matters most to me',
        'Changed your circle of support: added Yusuf Khan (Grandson)',
        'Changed your sharing choices for Open Door Community Hub',
      ]) {
        assert.ok(
          await log.getByRole('row').filter({ hasText: entry }).filter({ hasText: 'Aisha Khan' }).first().isVisible(),
          `the log shows "${entry}"`,
        );
      }
    });

    test('she checks her sessions and signs out', async () => {
      await follow(page, 'link', 'Your sessions');
      assert.equal(await heading(), 'Your sessions');
      assert.ok(await page.getByRole('cell', { name: /This session/ }).isVisible());
      await follow(page, 'button', /^Sign out$/);
      assert.match(page.url(), /\/sign-in$/);
      assert.equal(await heading(), 'Sign in');
      const aisha = await journey.app.db
        .selectFrom('person_account')
        .select('id')
        .where('email', '=', 'aisha.khan@example.org')
        .executeTakeFirstOrThrow();
      const open = await journey.app.db
        .selectFrom('session')
        .select('id')
        .where('account_id', '=', aisha.id)
        .where('ended_at', 'is', null)
        .execute();
      assert.deepEqual(open, [], 'her session has ended');
    });
  });
}
