import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkDemoServiceToOrganisation } from '../src/modules/directory/index.ts';
import { signedIn } from '../test/support/app.ts';
import { addPostcode } from '../test/support/directory-builder.ts';
import { planWithGoal } from '../test/support/plan-builder.ts';
import { fillDateFromToday } from './support/date-input.ts';
import { follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * A social-prescribing referral in a browser: Priya refers Aisha from a service's page to a walking group, for a goal in
 * her plan, choosing what it may see and until when, and checks it before sending; Jo, at the walking group, answers
 * it from her queue and records how it went in Aisha's words; Aisha reads what was shared and what happened, and stops
 * the referral. Every page is scanned with axe, with JavaScript off (these pages have no script of their own). The
 * listing comes in through the Open Referral UK import and Priya finds it by searching; the plan's goal is set up
 * directly (its pages have their own tests).
 */
describe('a social-prescribing referral in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('Priya refers Aisha, Jo accepts and records the outcome, Aisha reads it and stops the referral', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    await planWithGoal(app, await signedIn(app, 'priya.shah@council.example.org'), aisha, 'To walk to the park');
    // The walking group's listing comes in as Open Referral UK JSON through the directory's import.
    const termId = '00000000-0000-4000-a000-000000000001';
    const report = await app.services.directory.listings.import(
      {
        name: 'walks.json',
        json: {
          id: '00000000-0000-4000-a000-000000000002',
          name: 'Testford Health Walks',
          description: 'Gentle walks on flat paths, with a cup of tea after.',
          status: 'active',
          assured_date: new Date().toISOString().slice(0, 10),
          organization: {
            id: '00000000-0000-4000-a000-000000000003',
            name: 'Northbridge Walking Friends',
            description: 'Volunteers who lead walks.',
          },
          attributes: [
            {
              id: '00000000-0000-4000-a000-000000000004',
              link_type: 'service',
              taxonomy_term_id: termId,
              taxonomy_term: { id: termId, name: 'Physical activity', description: 'Being more active' },
            },
          ],
          service_at_locations: [
            {
              id: '00000000-0000-4000-a000-000000000005',
              location: {
                id: '00000000-0000-4000-a000-000000000006',
                location_type: 'physical',
                name: 'The park gates',
                latitude: 52.0,
                longitude: -1.0,
              },
            },
          ],
        },
      },
      { skipInvalid: false, now: new Date() },
    );
    assert.deepEqual(report.problems, []);
    await addPostcode(app.db, 'ZZ1 1AA', 52.01, -1.0);
    await linkDemoServiceToOrganisation(app.db, 'Testford Health Walks', app.ids.organisations.walking!);

    // Priya finds it by the need, near Aisha's postcode.
    const priya = await journey.visitor();
    await signIn(priya, app, 'priya.shah@council.example.org');
    await visit(priya, app, '/directory');
    await priya.getByLabel('Physical activity').check();
    await priya.getByLabel('Your postcode (optional)').fill('ZZ1 1AA');
    await follow(priya, 'button', 'Search');
    assert.ok(await priya.getByText('1 service found').isVisible());
    await follow(priya, 'link', 'Testford Health Walks');
    await follow(priya, 'link', 'Refer someone to this service');
    await follow(priya, 'link', 'Aisha Khan');
    await follow(priya, 'button', 'Continue');
    assert.ok(await priya.getByText('Enter why this service could help').first().isVisible());
    await priya.getByLabel('To walk to the park', { exact: true }).check();
    await priya.getByLabel('Why could this service help?').fill('Aisha would like company on her walks.');
    await priya.getByLabel('How to contact them').check();
    await priya.getByLabel('The goal in their plan this referral is for').check();
    await fillDateFromToday(priya, 'Until when may the service see it?', 60);
    await priya.getByLabel('Aisha Khan', { exact: true }).check();
    await follow(priya, 'button', 'Continue');
    assert.ok(await priya.getByText('Check the referral before you send it').isVisible());
    await follow(priya, 'button', 'Send the referral');
    assert.ok(await priya.getByText('Your referral has been sent.').isVisible());

    const jo = await journey.visitor();
    await signIn(jo, app, 'jo.kaur@walking.example.org');
    await visit(jo, app, '/directory/referrals');
    await follow(jo, 'link', 'Aisha Khan, to Testford Health Walks');
    assert.ok(await jo.getByText('To walk to the park').first().isVisible());
    await follow(jo, 'button', 'Send your answer');
    assert.ok(await jo.getByText('Select whether you accept the referral').first().isVisible());
    await jo.getByLabel('Yes, accept it').check();
    await follow(jo, 'button', 'Send your answer');
    assert.ok(await jo.getByText('You accepted the referral.').isVisible());
    await jo.getByLabel('How it went').check();
    await jo.getByLabel('It helped', { exact: true }).check();
    await jo.getByLabel('In the person’s own words').fill('I walk with the group every Tuesday now.');
    await follow(jo, 'button', 'Record it');
    assert.ok(await jo.getByText('What happened has been recorded.').isVisible());

    const person = await journey.visitor();
    await signIn(person, app, 'aisha.khan@example.org');
    await visit(person, app, `/people/${aisha}`);
    await follow(person, 'link', 'Referrals to community support');
    await follow(person, 'link', 'Testford Health Walks');
    assert.ok(await person.getByText('“I walk with the group every Tuesday now.”').isVisible());
    await follow(person, 'button', 'Stop the referral and sharing');
    assert.ok(await person.getByText('The referral has stopped.').isVisible());
    await visit(jo, app, `/people/${aisha}/referrals`, 404);

    // The commissioners' gap report, for managers: counts only, nobody named.
    const helen = await journey.visitor();
    await signIn(helen, app, 'helen.price@council.example.org');
    await visit(helen, app, '/directory/gaps');
    assert.ok(await helen.getByRole('heading', { name: 'Gaps in community support' }).isVisible());
  });
});
