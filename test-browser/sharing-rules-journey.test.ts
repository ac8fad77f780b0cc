import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * Who may change what, in a browser: a nurse records a choice Daniel told her by phone that would widen her own
 * access; it waits until his social worker confirms it. Aisha, who has her own account, is told on her home page
 * when her key worker adds someone to her care team, and marks the notice seen. Every page is scanned with axe.
 */
// Without JavaScript only: careweave.js changes nothing on these pages (see useJourney in support/browser.ts).
describe('sharing choices recorded by staff, and notices, in Chromium, JavaScript off', () => {
  const journey = useJourney(false);
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();

  test('Grace records what Daniel told her by phone; it waits for Priya, who confirms it', async () => {
    const daniel = journey.app.ids.people.daniel!;
    const grace = await journey.visitor();
    await signIn(grace, journey.app, 'grace.mensah@trust.example.org');
    await visit(grace, journey.app, `/people/${daniel}/sharing/record`);
    assert.equal(await heading(grace), "Record Daniel Brooks's sharing choices");
    await follow(grace, 'link', 'Grace Mensah');
    // Sent with nothing chosen: both messages, by the field.
    await grace.getByRole('button', { name: 'Record these choices' }).click();
    await grace.waitForLoadState('domcontentloaded');
    await expectAccessible(grace);
    assert.ok(await grace.getByRole('link', { name: 'Select how they told you their choice' }).isVisible());
    await grace.getByRole('group', { name: 'Personal budget' }).getByLabel('Share').check();
    await grace.getByLabel('By phone').check();
    await grace.getByRole('button', { name: 'Record these choices' }).click();
    await grace.waitForLoadState('domcontentloaded');
    await expectAccessible(grace);
    assert.ok(
      await grace
        .getByText(/waits until someone else in the care team confirms it/)
        .first()
        .isVisible(),
    );
    assert.ok(
      await grace.getByText('You recorded this, so someone else in the care team must confirm it.').isVisible(),
    );

    const priya = await journey.visitor();
    await signIn(priya, journey.app, 'priya.shah@council.example.org');
    await visit(priya, journey.app, `/people/${daniel}/sharing/record`);
    await follow(priya, 'button', /^Confirm: share Personal budget with Grace Mensah/);
    assert.ok(await priya.getByText('The choice is confirmed and now counts. Daniel Brooks will be told.').isVisible());
    const confirmed = await journey.app.db
      .selectFrom('sharing_choice')
      .select(['decision', 'told_how', 'confirmed_by_name'])
      .where('person_id', '=', daniel)
      .where('audience_id', '=', journey.app.ids.staff.grace!)
      .where('part', '=', 'budget')
      .execute();
    assert.deepEqual(confirmed, [
      {
        decision: 'share',
        told_how: 'phone',
        confirmed_by_name: 'Priya Shah (Social worker, Northbridge City Council)',
      },
    ]);
  });

  test('Aisha is told on her home page when her key worker adds someone, and marks it seen', async () => {
    const aisha = journey.app.ids.people.aisha!;
    const priya = await journey.visitor();
    await signIn(priya, journey.app, 'priya.shah@council.example.org');
    await visit(priya, journey.app, `/people/${aisha}/care-team/add`);
    await priya
      .getByLabel('Who are you adding?')
      .selectOption({ label: "Northbridge Carers' Network: Lena Varga, Carers support worker" });
    await priya.getByLabel('Their role in the care team').fill('Carers support worker');
    await priya.getByRole('group', { name: 'Are they the key worker?' }).getByLabel('No').check();
    await priya.getByRole('button', { name: 'Add to the care team' }).click();
    await priya.waitForLoadState('domcontentloaded');
    await expectAccessible(priya);

    const person = await journey.visitor();
    await signIn(person, journey.app, 'aisha.khan@example.org');
    assert.ok(await person.getByRole('heading', { name: 'News about your record' }).isVisible());
    assert.ok(await person.getByText(/added Lena Varga .* to your care team/).isVisible());
    await follow(person, 'button', /^I have seen this/);
    assert.ok(await person.getByText('The notice is marked as seen.').isVisible());
    assert.equal(await person.getByText(/added Lena Varga/).count(), 0);
  });
});
