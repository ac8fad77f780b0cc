import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, ukDate } from '../src/dates.ts';
import { signedIn } from '../test/support/app.ts';
import { draftTopUp } from '../test/support/budget-builder.ts';
import { planWithGoal } from '../test/support/plan-builder.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

/*
 * A personal budget through the panel, in a browser: Priya builds Aisha's budget from two funding streams and a
 * support-plan line, and sends it to the council's panel; Marcus, a panel member, approves it with a condition; Aisha
 * reads the decision, her monthly statement and the top-up agreement Priya wrote and explained, and agrees to it.
 * Every page is scanned with axe. JavaScript is off, as the issue asks these pages to work without it: of these pages
 * careweave.js changes only the statement, which statement-print.test.ts scans with JavaScript on. (The plan's
 * goal and the agreement's terms are set up over HTTP: their own pages have their own tests.)
 */
const boxes = (date: string) => [String(Number(date.slice(8, 10))), String(Number(date.slice(5, 7))), date.slice(0, 4)];

describe(`a budget through the panel in Chromium, JavaScript off`, () => {
  const journey = useJourney(false);

  test('Priya builds and sends it, Marcus approves with a condition, Aisha reads the decision, her statement and a top-up agreement', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    const today = ukDate(new Date());
    await planWithGoal(app, await signedIn(app, 'priya.shah@council.example.org'), aisha, 'To get to the allotment');

    const priya = await journey.visitor();
    const fillDate = async (legend: string, date: string) => {
      const group = priya.getByRole('group', { name: legend });
      const [day, month, year] = boxes(date);
      await group.getByLabel('Day').fill(day!);
      await group.getByLabel('Month').fill(month!);
      await group.getByLabel('Year').fill(year!);
    };
    await signIn(priya, app, 'priya.shah@council.example.org');
    await visit(priya, app, `/people/${aisha}/budget`);
    await follow(priya, 'button', 'Start a budget');
    await fillDate('First day of the budget', `${today.slice(0, 7)}-01`);
    await fillDate('Last day of the budget', addDays(addDays(`${today.slice(0, 7)}-01`, 365), -1));
    await follow(priya, 'button', 'Start the budget');
    assert.ok(await priya.getByText('The budget has been started.').isVisible());

    const addFunding = async (kind: string, funder: string, amount: string, managed: string) => {
      await follow(priya, 'link', 'Add funding');
      await priya.getByLabel(kind, { exact: true }).check();
      await priya.getByLabel('Who gives the money').fill(funder);
      await priya.getByLabel('Amount for the whole budget period').fill(amount);
      await priya.getByLabel(managed, { exact: true }).check();
      await fillDate('When is this funding next reviewed?', addDays(today, 180));
      await follow(priya, 'button', 'Add the funding');
      assert.ok(await priya.getByText('The funding has been added to the budget.').isVisible());
    };
    await addFunding('Council personal budget', 'Northbridge City Council', '9360', 'Direct payment');
    await addFunding('NHS personal health budget', 'Northbridge NHS', '2500', 'Arranged for you');
    assert.ok(await priya.getByText('£11,860.00').first().isVisible());

    await follow(priya, 'link', 'Add to the support plan');
    await priya.getByLabel('What is the support?').fill('A personal assistant for the allotment');
    await priya.getByLabel('Who provides it?').fill('You, employing Jo');
    await priya.getByLabel('Cost each time').fill('15');
    await priya.getByLabel('How many each time').fill('6');
    await priya.getByLabel('Every week', { exact: true }).check();
    await priya.getByLabel('What kind of support is it?').selectOption('personal_assistant');
    await priya.getByLabel('To get to the allotment', { exact: true }).check();
    await priya.getByLabel('Northbridge City Council', { exact: true }).check();
    await follow(priya, 'button', 'Add to the support plan');
    assert.ok(await priya.getByText('The support plan costs £4,680.00 for this period.').isVisible());

    await follow(priya, 'link', 'Panel approval');
    await follow(priya, 'button', 'Send to a panel');
    await follow(priya, 'button', 'Send to the panel');
    assert.ok(await priya.getByText('Select which panel to send it to').first().isVisible());
    await priya.getByLabel('Northbridge City Council', { exact: true }).check();
    await priya.getByLabel('What is the panel asked to agree?').fill('A direct payment of £9,360 a year');
    await priya.getByLabel('What does Aisha Khan want the panel to know?').fill('I want to choose who helps me.');
    await priya.getByLabel('Aisha Khan', { exact: true }).check();
    await follow(priya, 'button', 'Send to the panel');
    assert.ok(await priya.getByText('The case has been sent to the panel.').isVisible());

    const marcus = await journey.visitor();
    await signIn(marcus, app, 'marcus.lee@council.example.org');
    await follow(marcus, 'link', 'Panel cases');
    await follow(marcus, 'link', 'Aisha Khan');
    assert.ok(await marcus.getByText('A personal assistant for the allotment').isVisible());
    await marcus.getByLabel('Approved with conditions', { exact: true }).check();
    await marcus
      .getByLabel('Reasons', { exact: true })
      .fill('It meets the goal Aisha set and costs less than an agency.');
    await marcus.getByLabel('Conditions (if approved with conditions)').fill('Review the hours after three months.');
    await follow(marcus, 'button', 'Record the decision');
    assert.ok(await marcus.getByText('Your decision has been recorded.').isVisible());

    const drafting = await signedIn(app, 'priya.shah@council.example.org');
    const drafted = await draftTopUp(drafting, aisha, addDays(today, 7));
    const [eDay, eMonth, eYear] = boxes(today);
    const explained = await drafting.post(`${drafted.split('?')[0]}/explained`, {
      'explained_on-day': eDay!,
      'explained_on-month': eMonth!,
      'explained_on-year': eYear!,
      explained_to: 'Aisha Khan and her daughter Fatima Khan',
      how: 'In person at home, reading each part aloud',
    });
    assert.equal(explained.status, 303);

    const person = await journey.visitor();
    await signIn(person, app, 'aisha.khan@example.org');
    await visit(person, app, `/people/${aisha}/budget`);
    await follow(person, 'link', 'What the panel decided about your budget');
    assert.ok(await person.getByText('Approved with conditions').isVisible());
    await follow(person, 'link', /See what was sent/);
    assert.ok(await person.getByText('Review the hours after three months.').isVisible());
    await visit(person, app, `/people/${aisha}/budget`);
    await follow(person, 'link', 'Monthly statements');
    await follow(person, 'link', /^[A-Z][a-z]+ \d{4}/);
    assert.ok(await person.getByText('£11,860.00').first().isVisible());
    await visit(person, app, `/people/${aisha}/budget`);
    await follow(person, 'link', /Care home top-up agreement/);
    assert.ok(
      await person
        .getByText(/Oakfield Care Home/)
        .first()
        .isVisible(),
    );
    await person.getByLabel('I understand and agree').check();
    await follow(person, 'button', 'Agree');
    await expectAccessible(person);
  });
});
