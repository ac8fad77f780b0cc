import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addMonths, ukDate } from '../src/dates.ts';
import { addListing } from '../test/support/directory-builder.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

// Community mapping without JavaScript, every page scanned: someone with no account suggests a new group (after a
// mistake) and a correction to a listing; the directory keeper accepts the correction, rejects the new group (after
// forgetting the reason), marks an old listing as checked, changes another and reads its history.
describe('community mapping works without JavaScript and is accessible', () => {
  const journey = useJourney(false);

  test('anyone suggests; the keeper decides, checks and changes listings', async () => {
    const { app } = journey;
    const today = ukDate(new Date());
    const lunch = await addListing(app.db, { name: 'Tuesday Lunch Club', postcode: 'ZZ1 1AA', assuredDate: today });
    await addListing(app.db, { name: 'Old Bowls Club', assuredDate: addMonths(today, -14) });

    const anyone = await journey.visitor();
    await visit(anyone, app, '/directory/suggest');
    await follow(anyone, 'button', 'Send suggestion');
    assert.ok(await anyone.getByText('Enter the name of the service or group').first().isVisible());
    await anyone.getByLabel('Name', { exact: true }).fill('Zedbury Knit and Natter');
    await anyone.getByLabel('What it offers').fill('Knitting and a cup of tea, every week.');
    await anyone.getByLabel('Your name').fill('Jo Bloggs');
    await follow(anyone, 'button', 'Send suggestion');
    assert.ok(await anyone.getByText('Your suggestion has been sent to the directory’s keepers.').isVisible());

    await visit(anyone, app, `/directory/services/${lunch.serviceId}/suggest`);
    await anyone.getByLabel('Some of the details are wrong').check();
    await anyone.getByLabel('Name', { exact: true }).fill('Thursday Lunch Club');
    await anyone.getByLabel('Your name').fill('Kit Green');
    await follow(anyone, 'button', 'Send');
    assert.ok(await anyone.getByText('What happens next').isVisible());

    const keeper = await journey.visitor();
    await signIn(keeper, app, 'sam.okoro@community.example.org');
    await follow(keeper, 'link', 'Directory');
    await follow(keeper, 'link', 'Correction: Tuesday Lunch Club');
    await follow(keeper, 'button', 'Accept suggestion');
    assert.ok(await keeper.getByText('The suggestion has been accepted and the listing changed.').isVisible());
    await follow(keeper, 'link', 'New service or group: Zedbury Knit and Natter');
    await follow(keeper, 'button', 'Reject suggestion');
    assert.ok(await keeper.getByText('Enter why you are rejecting the suggestion').first().isVisible());
    await keeper.getByLabel('Why are you rejecting it?').fill('This group already has a listing.');
    await follow(keeper, 'button', 'Reject suggestion');
    assert.ok(await keeper.getByText('The suggestion has been rejected.').isVisible());

    await follow(keeper, 'link', 'See the listings that need checking');
    await follow(keeper, 'button', /Mark as checked\W+Old Bowls Club/);
    assert.ok(await keeper.getByText('The listing has been marked as checked today.').isVisible());
    await visit(keeper, app, `/directory/services/${lunch.serviceId}/edit`);
    await keeper.getByLabel('Cost (optional)').fill('£3 for lunch');
    await follow(keeper, 'button', 'Save changes');
    assert.ok(await keeper.getByText('Enter what it offers').first().isVisible());
    await keeper.getByLabel('What it offers').fill('A hot two-course lunch and company.');
    await follow(keeper, 'button', 'Save changes');
    assert.ok(await keeper.getByText('Your changes to the listing have been saved.').isVisible());
    assert.ok(await keeper.getByText('Suggestion accepted: Sam Okoro').isVisible());
    await expectAccessible(keeper);
  });
});
