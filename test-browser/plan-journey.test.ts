import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

for (const javaScript of [true, false]) {
  describe(`a social worker and the person start a care and support plan in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    let aishaId: string;
    before(async () => {
      aishaId = journey.app.ids.people.aisha!;
    });

    const versions = async () =>
      (await journey.app.db.selectFrom('plan_version').select('number').where('person_id', '=', aishaId).execute())
        .length;

    test('Priya starts the plan, fills in the crisis plan, and her words on what matters become a suggestion', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'priya.shah@council.example.org');
      await visit(page, journey.app, `/people/${aishaId}`);
      await follow(page, 'link', 'Care and support plan');
      await follow(page, 'button', 'Start the plan');
      assert.equal(await versions(), 1);
      assert.ok(await page.getByText('Not started').first().isVisible());

      await visit(page, journey.app, `/people/${aishaId}/plan/contingency`);
      await page.getByLabel('Early warning signs').fill('She stops answering the phone and misses meals.');
      await page.getByLabel('Early warning signs').press('Tab');
      await follow(page, 'button', /Save/);
      assert.equal(await versions(), 2);

      await visit(page, journey.app, `/people/${aishaId}/plan/risks`);
      await page.getByLabel('The risk', { exact: true }).fill('Using the gas cooker alone');
      await follow(page, 'button', 'Add this decision');
      await follow(page, 'link', /^Change decision 1/);
      await page.getByLabel('What will keep it safer (optional)').fill('A cooker timer.');
      await follow(page, 'button', 'Save the change');
      assert.ok(await page.getByText('A cooker timer.').isVisible());
      await follow(page, 'link', /^Remove decision 1/);
      await follow(page, 'link', 'No, keep it');
      assert.equal(await versions(), 4, 'added and changed; keeping it changes nothing');

      await visit(page, journey.app, `/people/${aishaId}/plan/what-matters`);
      await page.locator('textarea').first().fill('Cooking for her grandchildren on Sundays.');
      await follow(page, 'button', /Save|Send/);
      assert.equal(await versions(), 4, 'a suggestion makes no new version');
      assert.ok(
        await page
          .getByText(/suggestion/i)
          .first()
          .isVisible(),
      );

      for (const path of [
        'check',
        'versions',
        'changes',
        'versions/compare?from=1&to=4',
        'comments',
        'print',
        'easy-read',
        'needs',
        'needs/add',
        'risks',
        'people',
        'review-date',
        'funding',
      ]) {
        await visit(page, journey.app, `/people/${aishaId}/plan/${path}`);
      }
    });

    test('Aisha uses the suggested words in one step, then puts them in her own words', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'aisha.khan@example.org');
      await visit(page, journey.app, `/people/${aishaId}/plan`);
      await visit(page, journey.app, `/people/${aishaId}/plan/what-matters`);
      assert.ok(await page.getByText('Cooking for her grandchildren on Sundays.').first().isVisible());
      await follow(page, 'button', /^Use these words/);
      assert.equal(await versions(), 5);
      assert.equal(await page.locator('textarea').first().inputValue(), 'Cooking for her grandchildren on Sundays.');
      assert.equal(
        await page.getByRole('button', { name: /^Use these words/ }).count(),
        0,
        'the suggestion is answered',
      );
      await page.locator('textarea').first().fill('Cooking for my grandchildren on Sundays.');
      await page.locator('textarea').first().press('Tab');
      await follow(page, 'button', /Save/);
      assert.equal(await versions(), 6);
      const saved = await journey.app.db
        .selectFrom('plan_version')
        .select('content')
        .where('person_id', '=', aishaId)
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(saved.content.whatMatters, 'Cooking for my grandchildren on Sundays.');
      await expectAccessible(page);
    });
  });
}
