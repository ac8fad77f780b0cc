import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { follow, signIn, useJourney, visit } from './support/browser.ts';

// Messages without JavaScript, every page scanned: Fatima, acting for her mother, allows one-to-one messages with
// Priya, writes to the care team (a mistake first), and Priya reads it and answers; Fatima sees who has seen it.
describe('messages between Aisha’s family and her care team work without JavaScript and are accessible', () => {
  const journey = useJourney(false);

  test('Fatima chooses who takes part and writes; Priya reads and answers; Fatima sees “Seen by”', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    const fatima = await journey.visitor();
    await signIn(fatima, app, 'fatima.khan@example.org');
    await visit(fatima, app, `/people/${aisha}`);
    await follow(fatima, 'link', 'Messages');
    await follow(fatima, 'link', 'Choose who takes part');
    await fatima.getByLabel('Priya Shah (Social worker)').check();
    await follow(fatima, 'button', 'Save');
    assert.ok(await fatima.getByText('Your choices have been saved.').isVisible());
    assert.ok(
      await fatima.getByRole('link', { name: /Aisha Khan and Priya Shah \(Social worker\), one to one/ }).isVisible(),
    );

    await fatima.getByLabel('Aisha Khan and their care team').check();
    await follow(fatima, 'button', 'Send message');
    assert.ok(await fatima.getByRole('link', { name: 'Enter your message' }).isVisible());
    await fatima.getByLabel('Your message').fill('Mum makes her own tea every morning.\nShe walks to the shop.');
    await follow(fatima, 'button', 'Send message');
    assert.ok(await fatima.getByText('Your message has been sent.').isVisible());
    assert.ok(await fatima.getByText('Not seen yet.').isVisible());

    const priya = await journey.visitor();
    await signIn(priya, app, 'priya.shah@council.example.org');
    await visit(priya, app, `/people/${aisha}/messages`);
    assert.ok(await priya.getByText('1 new').isVisible());
    await follow(priya, 'link', 'Aisha Khan and their care team');
    assert.ok(await priya.getByText('Mum makes her own tea every morning.').isVisible());
    await priya.getByLabel('Write a message').fill('Thank you. I will tell the ward.');
    await follow(priya, 'button', 'Send message');

    await visit(fatima, app, `/people/${aisha}/messages/team`);
    assert.ok(await fatima.getByText(/Seen by Priya Shah on /).isVisible());
    assert.ok(await fatima.getByText('Thank you. I will tell the ward.').isVisible());
  });
});
