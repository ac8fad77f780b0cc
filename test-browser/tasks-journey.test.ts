import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addDays, ukDate } from '../src/dates.ts';
import { expectAccessible, follow, signIn, useJourney, visit } from './support/browser.ts';

// Tasks and the shared timeline, without JavaScript, every page scanned: Priya adds a task for Aisha (after a
// mistake), delays it with a reason, hands it to her with a note, looks at her own lists and at the timeline (after a
// filter with its dates the wrong way round); Aisha marks the task done and reads her timeline.
describe('tasks and the shared timeline work without JavaScript and are accessible', () => {
  const journey = useJourney(false);

  test('Priya adds, delays and hands over a task; Aisha marks it done; both read the timeline', async () => {
    const { app } = journey;
    const aisha = app.ids.people.aisha!;
    const due = addDays(ukDate(new Date()), 5);
    const page = await journey.visitor();
    await signIn(page, app, 'priya.shah@council.example.org');
    await visit(page, app, `/people/${aisha}`);
    assert.ok(await page.getByRole('link', { name: 'Tasks', exact: true }).nth(1).isVisible(), 'on the record home');
    await visit(page, app, `/people/${aisha}/tasks`);
    await follow(page, 'button', 'Add a task');
    await follow(page, 'button', 'Add the task');
    assert.ok(await page.getByText('Enter what needs doing').first().isVisible());
    await page.getByLabel('What needs doing?').fill('Ask the pharmacy about blister packs');
    await page.getByLabel('Who will do it?').selectOption({ label: 'Priya Shah, Social worker' });
    await page.getByLabel('Day').fill(String(Number(due.slice(8, 10))));
    await page.getByLabel('Month').fill(String(Number(due.slice(5, 7))));
    await page.getByLabel('Year').fill(due.slice(0, 4));
    await follow(page, 'button', 'Add the task');
    assert.ok(await page.getByText('The task has been added.').isVisible());
    await page.getByLabel('Delayed', { exact: true }).check();
    await follow(page, 'button', 'Save the status');
    assert.ok(await page.getByText('Enter why the task is delayed').first().isVisible());
    await page.getByLabel('Delayed', { exact: true }).check();
    await page.getByLabel('If it is delayed, why?').fill('The pharmacy is closed for a refit');
    await follow(page, 'button', 'Save the status');
    assert.ok(await page.getByText('The task’s status has been changed.').isVisible());
    await page.getByLabel('Who takes it over?').selectOption({ label: 'Aisha Khan' });
    await page.getByLabel('A note for whoever takes it over').fill('Could you ask when you collect your tablets?');
    await follow(page, 'button', 'Hand over');
    assert.ok(await page.getByText('The task has been handed over.').isVisible());
    await follow(page, 'link', 'Tasks');
    await follow(page, 'link', 'My team’s tasks');
    await follow(page, 'link', 'Overdue');
    await visit(page, app, `/people/${aisha}/timeline`);
    await page.getByLabel('Notes').check();
    await page.getByRole('group', { name: 'From (optional)' }).getByLabel('Day').fill('10');
    await page.getByRole('group', { name: 'From (optional)' }).getByLabel('Month').fill('5');
    await page.getByRole('group', { name: 'From (optional)' }).getByLabel('Year').fill('2026');
    await page.getByRole('group', { name: 'To (optional)' }).getByLabel('Day').fill('1');
    await page.getByRole('group', { name: 'To (optional)' }).getByLabel('Month').fill('5');
    await page.getByRole('group', { name: 'To (optional)' }).getByLabel('Year').fill('2026');
    await follow(page, 'button', 'Show');
    assert.ok(await page.getByText('The to date must be the same as or after the from date').first().isVisible());
    await visit(page, app, `/people/${aisha}/timeline`);
    await page.getByLabel('Add a note').fill('Aisha prefers visits after 10am');
    await follow(page, 'button', 'Add the note');
    assert.ok(await page.getByText('Your note has been added to the timeline.').isVisible());

    const person = await journey.visitor();
    await signIn(person, app, 'aisha.khan@example.org');
    await visit(person, app, `/people/${aisha}/tasks`);
    assert.ok(await person.getByRole('heading', { name: 'Your tasks' }).isVisible());
    await follow(person, 'link', 'Ask the pharmacy about blister packs');
    await follow(person, 'button', 'Mark as done');
    assert.ok(await person.getByText('The task is marked as done.').isVisible());
    await follow(person, 'link', 'Back');
    await follow(person, 'link', 'See your timeline');
    assert.ok(await person.getByRole('heading', { name: 'Your timeline' }).isVisible());
    await expectAccessible(person);
  });
});
