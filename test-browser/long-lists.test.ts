// A practitioner with a long caseload pages through their people and their reviews due, each page scanned.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { addDays, ukDate } from '../src/dates.ts';
import { seedSyntheticPeople } from '../src/seed/scale.ts';
import { plansLedFrom, syntheticPractitioner } from '../test/support/caseload.ts';
import { follow, signIn, useJourney } from './support/browser.ts';

describe('long lists in Chromium', () => {
  const journey = useJourney(true);
  let email: string;

  before(async () => {
    await seedSyntheticPeople(journey.app.db, 60, { progress: false, seed: 5 });
    const practitioner = await syntheticPractitioner(journey.app.db);
    email = practitioner.email;
    const today = ukDate(new Date());
    await plansLedFrom(
      journey.app.db,
      practitioner.id,
      practitioner.places.map((place, index) => ({
        personId: place.person_id,
        placeId: place.id,
        reviewDate: addDays(today, (index % 30) - 5),
      })),
    );
  });

  test('the staff home and reviews due page by the pagination links', async () => {
    const page = await journey.visitor();
    await signIn(page, journey.app, email);
    assert.match(await page.locator('main').innerText(), /You work with 60 people\. Showing 1 to 25, by family name\./);
    await follow(page, 'link', 'Next');
    assert.match(page.url(), /\/staff\?page=2$/);
    assert.match(await page.locator('main').innerText(), /Showing 26 to 50/);
    await follow(page, 'link', 'Page 3');
    assert.match(await page.locator('main').innerText(), /Showing 51 to 60/);
    await follow(page, 'link', 'Reviews due');
    assert.match(await page.locator('main').innerText(), /60 reviews are due\. Showing 1 to 50\./);
    await follow(page, 'link', 'Next');
    assert.match(await page.locator('main').innerText(), /Showing 51 to 60\./);
  });
});
