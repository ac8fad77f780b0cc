import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { seedDemoCareHome } from '../src/seed/demo-care-home.ts';
import { seedDemoPlan } from '../src/seed/demo-plan.ts';
import { follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * Sharing a section of the plan on its own. Aisha has respite stays at Elm House Care Home, whose manager Ruth
 * Adeyemi is in her care team but sees nothing of her record. Fatima, who acts for her mother, shares only the crisis
 * plan with the care home. Ruth finds Aisha from the alert she is sent, reads the crisis plan and nothing else: the
 * rest of the plan and the record are not found. Aisha's access log shows Ruth's looks as one row.
 */

const CRISIS = 'Fatima or Bill checks on me the same day.';

for (const javaScript of [true, false]) {
  describe(`Fatima shares only her mother's crisis plan with a care home, in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    let aishaId: string;

    before(async () => {
      const { app } = journey;
      aishaId = app.ids.people.aisha!;
      await seedDemoPlan(app.db, app.ids);
      await seedDemoCareHome(app.db, app.ids);
    });

    test('Fatima shares the crisis plan on its own with Elm House Care Home', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'fatima.khan@example.org');
      await follow(page, 'link', /^Aisha Khan$/);
      await follow(page, 'link', 'Sharing choices');
      assert.ok(await page.getByText('Elm House Care Home cannot see anything in Aisha Khan').isVisible());
      await follow(page, 'link', 'Change what Elm House Care Home can see');
      await page
        .getByRole('group', { name: "Or share only some sections of Aisha Khan's care and support plan" })
        .getByLabel('Crisis plan')
        .check();
      await follow(page, 'button', 'Save choices');
      assert.ok(await page.getByText('Your changes are saved.').isVisible());
      assert.ok(
        await page.getByText('Elm House Care Home can see: Crisis plan (from the care and support plan).').isVisible(),
      );
    });

    test('Ruth, the care home manager, reads the crisis plan and nothing else', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'ruth.adeyemi@elmhouse.example.org');
      assert.ok(await page.getByText('has changed what Aisha shares with Elm House Care Home').isVisible());
      await follow(page, 'link', /^Open the record/);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Aisha Khan');
      await follow(page, 'link', 'Care and support plan');
      assert.ok(await page.getByRole('heading', { name: 'Contingency and crisis plan' }).isVisible());
      assert.ok(await page.getByText(CRISIS, { exact: false }).isVisible());
      assert.ok(await page.getByText('Aisha Khan has shared only this section of the plan with you.').isVisible());
      for (const hidden of ['What matters to me', 'Needs, goals and actions', 'Money for this plan'])
        assert.equal(await page.getByRole('heading', { name: hidden }).count(), 0, hidden);
      for (const rest of ['/plan/versions', '/plan/changes', '/plan/print', '/details', '/budget'])
        await visit(page, journey.app, `/people/${aishaId}${rest}`, 404);
    });

    test("Aisha's access log shows Ruth's looks at her crisis plan as one row, and the refused attempts marked", async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'aisha.khan@example.org');
      await visit(page, journey.app, `/people/${aishaId}`);
      await follow(page, 'link', 'Who has looked at this record');
      const ruthRows = page.getByRole('row').filter({ hasText: 'Ruth Adeyemi' });
      const looks = ruthRows.filter({ hasText: 'Looked at your crisis plan' });
      assert.equal(await looks.count(), 1);
      assert.match(await looks.innerText(), /Looked at your crisis plan, \d+ times/);
      assert.ok((await ruthRows.filter({ hasText: 'Refused' }).count()) >= 1);
    });
  });
}
