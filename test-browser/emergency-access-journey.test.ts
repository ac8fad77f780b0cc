import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, follow, signIn, useJourney } from './support/browser.ts';

const REASON = 'Aisha has been brought to the ward after a fall and cannot tell us which medicines she takes.';
const REVIEW = 'Checked with the ward sister: Aisha was admitted after a fall. The access was needed.';

/*
 * Grace, a nurse outside Aisha's care team, uses emergency access; Joan, the privacy officer, checks
 * it; Aisha sees who looked and why. The steps run in order, each person in their own browser.
 */
for (const javaScript of [true, false]) {
  describe(`emergency access, from use to review, in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    let aishaId: string;
    before(async () => {
      aishaId = journey.app.ids.people.aisha!;
    });

    const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
    const grants = () =>
      journey.app.db
        .selectFrom('break_glass_grant')
        .select(['staff_account_id', 'reason', 'reviewed_at', 'review_note'])
        .where('person_id', '=', aishaId)
        .execute();

    test('Grace finds Aisha, is told she has no access, and starts emergency access with a proper reason', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'grace.mensah@trust.example.org');
      await follow(page, 'link', 'Find a person');
      await page.getByLabel('NHS number').fill('9990000018');
      const dateOfBirth = page.getByRole('group', { name: 'Date of birth' });
      await dateOfBirth.getByLabel('Day').fill('14');
      await dateOfBirth.getByLabel('Month').fill('3');
      await dateOfBirth.getByLabel('Year').fill('1948');
      await dateOfBirth.getByLabel('Year').press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.ok(
        await page.getByRole('heading', { name: "You do not have access to this person's record" }).isVisible(),
      );
      assert.equal(await page.getByText('Aisha Khan').count(), 0, 'her name is not shown without access');

      await follow(page, 'link', 'Use emergency access to this record');
      assert.equal(await heading(page), 'Emergency access to this record');
      const reason = page.getByLabel('Why do you need to see this record now?');
      await reason.fill('She fell.');
      await page.getByRole('button', { name: 'Start emergency access' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.match(await page.title(), /^Error: /);
      assert.ok(await page.getByRole('link', { name: /^Your reason must be at least 20 characters/ }).isVisible());
      assert.equal(await reason.inputValue(), 'She fell.', 'what she typed is kept');
      assert.deepEqual(await grants(), [], 'no emergency access from a short reason');

      await reason.fill(REASON);
      await page.getByRole('button', { name: 'Start emergency access' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.equal(new URL(page.url()).pathname, `/people/${aishaId}`);
      assert.equal(await heading(page), 'Aisha Khan');
      assert.ok(await page.getByText(/You are using emergency access to this record until/).isVisible());
      assert.deepEqual(
        (await grants()).map((grant) => [grant.staff_account_id, grant.reason]),
        [[journey.app.ids.staff.grace, REASON]],
      );

      await follow(page, 'link', 'About me');
      assert.ok(await page.getByText('Please do not move things in my kitchen.').isVisible());
      assert.equal(
        await page.getByRole('link', { name: /^(Change|Write)/ }).count(),
        0,
        'emergency access does not allow changes',
      );
    });

    test('Joan, the privacy officer, sees the alert and records her review', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'joan.clarke@trust.example.org');
      assert.equal(await heading(page), 'Your home');
      assert.ok(await page.getByText('1 use of emergency access is waiting for your review.').isVisible());
      assert.ok(
        await page
          .getByText(
            'Grace Mensah (Community nurse, Northbridge Hospitals NHS Foundation Trust) used emergency access to a record.',
          )
          .isVisible(),
      );

      await follow(page, 'link', 'Go to emergency access reviews');
      assert.equal(await heading(page), 'Emergency access to review');
      assert.ok(await page.getByRole('heading', { name: "Grace Mensah looked at Aisha Khan's record" }).isVisible());
      assert.ok(await page.getByText(REASON).isVisible());

      await page.getByRole('button', { name: 'Save review' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.ok(
        await page
          .getByRole('link', { name: 'Enter what you found when you checked this use of emergency access' })
          .isVisible(),
      );
      assert.equal((await grants())[0]?.reviewed_at, null, 'an empty review is not saved');

      await page.getByLabel("Your review of Grace Mensah's emergency access to Aisha Khan's record").fill(REVIEW);
      await page.getByRole('button', { name: 'Save review' }).press('Enter');
      await page.waitForLoadState('domcontentloaded');
      await expectAccessible(page);
      assert.ok(await page.getByText('Your review is saved.').isVisible());
      assert.ok(await page.getByText('Nothing is waiting for review.').isVisible());
      const [grant] = await grants();
      assert.equal(grant?.review_note, REVIEW);
      assert.ok(grant?.reviewed_at instanceof Date);
    });

    test('Aisha sees the emergency access and its reason on her home and in her access log', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'aisha.khan@example.org');
      const notice = page.getByRole('region', { name: 'Important' });
      assert.ok(await notice.getByRole('heading', { name: 'Staff used emergency access to your record' }).isVisible());
      assert.ok(
        await notice
          .getByText(`Grace Mensah, Community nurse at Northbridge Hospitals NHS Foundation Trust`)
          .isVisible(),
      );
      assert.ok(await notice.getByText(`The reason they gave: “${REASON}”`).isVisible());

      await follow(page, 'link', 'See everything they looked at');
      assert.equal(await heading(page), 'Who has looked at your record');
      const graceRows = page
        .getByRole('row')
        .filter({ hasText: 'Grace Mensah' })
        .filter({ hasText: 'Emergency access' });
      assert.ok(
        await graceRows
          .filter({ hasText: 'Started emergency access to your record' })
          .filter({ hasText: `Their reason for emergency access: “${REASON}”` })
          .isVisible(),
      );
      assert.ok(await graceRows.filter({ hasText: 'Looked at your About me' }).first().isVisible());
    });
  });
}
