import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * The indicative allocation in a browser: Priya reads her council's scheme, answers the questionnaire with Aisha
 * (missing one answer first), and Aisha reads how her figure was reached and asks for it to be looked at again.
 * Every page is scanned with axe. Without JavaScript only: careweave.js changes nothing on these pages (see useJourney
 * in support/browser.ts; statement-print.test.ts has the one budget page it changes).
 */
describe('the indicative allocation in Chromium, JavaScript off', () => {
  const journey = useJourney(false);

  test('Priya works out the figure; Aisha reads it and asks for it to be looked at again', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;

    const priya = await journey.visitor();
    await signIn(priya, app, 'priya.shah@council.example.org');
    await visit(priya, app, '/organisation/allocation-scheme');
    assert.equal(await priya.getByRole('heading', { level: 1 }).innerText(), 'Resource allocation scheme');
    await visit(priya, app, `/people/${aisha}/budget`);
    await follow(priya, 'link', 'Work out the indicative amount');
    const answers: [string, string][] = [
      ['How much help is needed to get washed and dressed?', 'Help every day with most of it'],
      ['How much help is needed to move about at home?', 'One person helps most times'],
      ['How much help is needed to stay safe at home and outside?', 'A little: a check-in now and then'],
      [
        'How much help is needed to get out, see family and friends, and take part in things?',
        'Help with most trips out',
      ],
      ['How much help is needed to look after the home?', 'Help with most jobs each week'],
      ['How much help is needed with medicines and health?', 'A little: reminders'],
      ['How is the person who helps without pay managing?', 'They are finding it very hard'],
    ];
    for (const [question, answer] of answers)
      await priya.getByRole('group', { name: question }).getByLabel(answer, { exact: true }).check();
    await follow(priya, 'button', 'Work out the amount');
    assert.ok(await priya.getByText('Select an answer about eating and drinking').first().isVisible());
    await priya
      .getByRole('group', { name: 'How much help is needed to eat and drink?' })
      .getByLabel('Help at most meals', { exact: true })
      .check();
    await follow(priya, 'button', 'Work out the amount');
    // 4 + 4 + 4 + 2 + 4 + 4 + 2 + 4 = 28 points: the band from 20 to 29 points.
    assert.ok(await priya.getByText('The indicative amount has been worked out.').isVisible());
    assert.ok(
      await priya.getByText('28 points falls in the band from 20 to 29 points, which is £7,800.00 a year.').isVisible(),
    );

    const person = await journey.visitor();
    await signIn(person, app, 'aisha.khan@example.org');
    await visit(person, app, `/people/${aisha}/budget`);
    await follow(person, 'link', 'How this figure was worked out');
    assert.ok(await person.getByText('You scored 4 points for eating and drinking: “Help at most meals”.').isVisible());
    // A GOV.UK button made of a link: the button role, then the form's button.
    await follow(person, 'button', 'Ask for it to be looked at again');
    await follow(person, 'button', 'Ask for it to be looked at again');
    assert.ok(await person.getByText('Enter why you think the figure should be looked at again').first().isVisible());
    await person.getByLabel('Why should it be looked at again?').fill('I cannot cook at all on my bad days.');
    await follow(person, 'button', 'Ask for it to be looked at again');
    assert.ok(await person.getByText(/Your request has been sent\./).isVisible());
    await expectAccessible(person);

    await visit(priya, app, `/people/${aisha}/budget/allocation`);
    assert.ok(await priya.getByText(/Aisha Khan asked for this figure to be looked at again on/).isVisible());
  });
});
