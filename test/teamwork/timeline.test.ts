import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS, logRowsDuring } from '../people/helpers.ts';
import { recordSharingChoice } from '../support/access-fixtures.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { planWithGoal } from '../support/plan-builder.ts';

describe(`The shared timeline: plan, tasks, panel and notes, filtered, and only the parts shared (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let sam: TestClient;
  let grace: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  const today = ukDate(new Date());
  const path = (query = '') => `/people/${aisha}/timeline${query}`;
  const notes = () => app.db.selectFrom('team_note').selectAll().orderBy('written_at').execute();
  const words = async (client: TestClient, at: string, status = 200) => {
    const page = await client.get(at);
    assert.equal(page.status, status, at);
    return visibleText(page.text);
  };
  const dateQuery = (prefix: string, date: string) => {
    const [year, month, day] = date.split('-').map((part) => String(Number(part)));
    return `${prefix}-day=${day}&${prefix}-month=${month}&${prefix}-year=${year}`;
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    [priya, sam, grace, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, STAFF_EMAILS.sam),
      signedIn(app, STAFF_EMAILS.grace),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
    await planWithGoal(app, priya, aisha, 'To get to the allotment every week');
    const task = await priya.post(`/people/${aisha}/tasks`, {
      plan_action: 'none',
      title: 'Find out about the allotment bus',
      owner: 'person',
      'due-day': '1',
      'due-month': '1',
      'due-year': String(Number(today.slice(0, 4)) + 1),
    });
    assert.equal(task.status, 303);
    // An old note, from before the filter's dates, written straight into the table.
    await app.db
      .insertInto('team_note')
      .values({
        person_id: aisha,
        id: newId(),
        body: 'First visit: Aisha showed me her garden',
        written_by_kind: 'staff',
        written_by_id: app.ids.staff.priya!,
        written_by_name: 'Priya Shah, Social worker',
        written_at: new Date(`${addDays(today, -40)}T12:00:00Z`),
      })
      .execute();
  });
  after(() => app.close());

  test('Priya adds a note; an empty one is refused and nothing is saved', async () => {
    const before = await notes();
    const empty = await priya.post(path('/notes'), { body: '   ' });
    assert.equal(empty.status, 400);
    assert.match(visibleText(empty.text), /There is a problem Enter the note/);
    assert.deepEqual(await notes(), before);
    const rows = await logRowsDuring(app, aisha, async () => {
      const added = await priya.post(path('/notes'), { body: 'Aisha would like the review at home, in the morning' });
      assert.equal(added.status, 303);
    });
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [['write', 'notes', 'Added a note to your timeline']],
    );
    assert.equal((await notes()).length, before.length + 1);
    await assert.rejects(app.db.updateTable('team_note').set({ body: 'changed' }).execute(), 'notes are never changed');
  });

  test('the timeline shows plan changes, tasks and notes, newest first, each labelled with its part', async () => {
    const rows = await logRowsDuring(app, aisha, async () => {
      const page = await words(priya, path());
      assert.match(page, /Timeline/);
      assert.match(page, /Plan changes\. Part of the record: Plan Plan changed Started the plan/);
      assert.match(
        page,
        /Tasks\. Part of the record: Notes Task added: Find out about the allotment bus, for Aisha Khan/,
      );
      assert.match(page, /Notes\. Part of the record: Notes Note Aisha would like the review at home/);
      assert.ok(page.indexOf('Aisha would like the review') < page.indexOf('First visit'), 'newest first');
    });
    assert.deepEqual(
      rows.map((row) => [row.action, row.summary]),
      [['read', 'Your shared timeline: what has happened in your care and support']],
    );
  });

  test('filters by kind and by date; "to" before "from" is refused', async () => {
    const onlyNotes = await words(priya, path('?kind=note'));
    assert.match(onlyNotes, /First visit/);
    assert.doesNotMatch(onlyNotes, /Plan changed/);
    assert.doesNotMatch(onlyNotes, /Task added/);
    const plansAndTasks = await words(priya, path('?kind=plan&kind=task'));
    assert.match(plansAndTasks, /Plan changed Started the plan/);
    assert.match(plansAndTasks, /Task added/);
    assert.doesNotMatch(plansAndTasks, /First visit/);
    const recent = await words(priya, path(`?${dateQuery('from', addDays(today, -7))}&${dateQuery('to', today)}`));
    assert.match(recent, /Aisha would like the review/);
    assert.doesNotMatch(recent, /First visit/);
    const old = await words(priya, path(`?${dateQuery('to', addDays(today, -30))}`));
    assert.match(old, /First visit/);
    assert.doesNotMatch(old, /Aisha would like the review/);
    const backwards = await words(
      priya,
      path(`?${dateQuery('from', today)}&${dateQuery('to', addDays(today, -1))}`),
      400,
    );
    assert.match(backwards, /There is a problem The to date must be the same as or after the from date/);
    assert.doesNotMatch(backwards, /First visit/);
    assert.match(await words(priya, path('?kind=gossip'), 400), /Choose what to show from the list/);
  });

  test('a date that is not real is refused', async () => {
    assert.match(
      await words(priya, path('?from-day=31&from-month=2&from-year=2026'), 400),
      /The from date must be a real date/,
    );
  });

  test('a reader sees only the parts shared with them', async () => {
    // Aisha shares her notes, but not her plan, with the community hub where Sam works.
    await recordSharingChoice(app.db, {
      personId: aisha,
      part: 'notes',
      audience: { kind: 'organisation', id: app.ids.organisations.hub! },
      decision: 'share',
    });
    const samsView = await words(sam, path());
    assert.match(samsView, /Aisha would like the review/);
    assert.match(samsView, /Task added: Find out about the allotment bus/);
    assert.doesNotMatch(samsView, /Plan changed/);
    const planOnly = await words(sam, path('?kind=plan'));
    assert.match(planOnly, /0 entries/);
  });

  test('Aisha reads her timeline in “you” wording and Fatima, acting for her, adds a note', async () => {
    const page = await words(aishaClient, path());
    assert.match(page, /Your timeline/);
    assert.match(page, /people see only the parts you share with them/);
    const added = await fatima.post(path('/notes'), { body: 'Mum’s hearing aid is at the menders until Friday' });
    assert.equal(added.status, 303);
    assert.equal((await notes()).at(-1)!.written_by_name, 'Fatima Khan, acting for Aisha Khan');
    assert.match(await words(aishaClient, path()), /Fatima Khan, acting for Aisha Khan/);
  });

  test('a case sent to a panel shows to those who may read it, and long timelines are paged with their filter kept', async () => {
    await app.db
      .insertInto('panel_submission')
      .values({
        person_id: aisha,
        id: newId(),
        organisation_id: app.ids.organisations.council!,
        asking_for: 'A personal assistant two mornings a week',
        person_view: 'I want to get out more',
        agreed_by: 'Aisha Khan',
        content: { personName: 'Aisha Khan', sections: [] },
        submitted_by_id: app.ids.staff.priya!,
        submitted_by_name: 'Priya Shah, Social worker',
        submitted_at: new Date(),
      })
      .execute();
    assert.match(
      await words(priya, path('?kind=referral')),
      /Panel referrals and decisions\. Part of the record: Panel Sent to a panel A personal assistant/,
    );
    assert.doesNotMatch(await words(sam, path()), /Sent to a panel/, 'Aisha does not share her budget with the hub');
    await app.db
      .insertInto('team_note')
      .values(
        Array.from({ length: 30 }, (_, index) => ({
          person_id: aisha,
          id: newId(),
          body: `Visit note ${index + 1}`,
          written_by_kind: 'staff' as const,
          written_by_id: app.ids.staff.priya!,
          written_by_name: 'Priya Shah, Social worker',
          written_at: new Date(Date.now() - (index + 1) * 60_000),
        })),
      )
      .execute();
    const first = await priya.get(path('?kind=note'));
    assert.match(visibleText(first.text), /Visit note 1 /);
    assert.doesNotMatch(visibleText(first.text), /Visit note 30/);
    assert.match(first.text, new RegExp(`href="/people/${aisha}/timeline\\?kind=note&amp;page=2"`));
    const second = await words(priya, path('?kind=note&page=2'));
    assert.match(second, /Visit note 30/);
    assert.doesNotMatch(second, /Plan changed/);
  });

  test('Grace, outside Aisha’s team, finds nothing, and her tries are logged', async () => {
    const before = await notes();
    const rows = await logRowsDuring(app, aisha, async () => {
      assert.equal((await grace.get(path())).status, 404);
      assert.equal((await grace.post(path('/notes'), { body: 'Hello' })).status, 404);
    });
    assert.equal(rows.length, 2);
    assert.deepEqual(await notes(), before);
  });
});
