import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS, logRowsDuring } from '../people/helpers.ts';
import { recordSharingChoice } from '../support/access-fixtures.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addPlanAction, planWithGoal } from '../support/plan-builder.ts';

/** A date as the three boxes of the date input named `prefix`. */
const dateBoxes = (prefix: string, date: string) => {
  const [year, month, day] = date.split('-').map((part) => String(Number(part)));
  return { [`${prefix}-day`]: day!, [`${prefix}-month`]: month!, [`${prefix}-year`]: year! };
};

describe(`Tasks about a person: made, changed, handed over, listed, and shared only as the person allows (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let daniel: string;
  let priya: TestClient;
  let tom: TestClient;
  let sam: TestClient;
  let grace: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  let bill: string;
  let fatimaMember: string;
  const today = ukDate(new Date());
  const tasksPath = (rest = '', person = aisha) => `/people/${person}/tasks${rest}`;
  const taskRows = () => app.db.selectFrom('task').selectAll().orderBy('created_at').execute();
  const eventRows = (taskId?: string) =>
    app.db
      .selectFrom('task_event')
      .selectAll()
      .$if(taskId !== undefined, (query) => query.where('task_id', '=', taskId!))
      .orderBy('task_id')
      .orderBy('number')
      .execute();
  const everything = async () => ({ tasks: await taskRows(), events: await eventRows() });
  const notifications = (accountId: string) =>
    app.db
      .selectFrom('notification')
      .select(['kind', 'text', 'link', 'person_id'])
      .where('recipient_id', '=', accountId)
      .where('kind', '=', 'task_assigned')
      .orderBy('created_at')
      .execute();
  const words = async (client: TestClient, path: string, status = 200) => {
    const page = await client.get(path);
    assert.equal(page.status, status, path);
    return visibleText(page.text);
  };
  /** Adds a task through the form; answers its id. */
  const addTask = async (client: TestClient, form: Record<string, string>, person = aisha) => {
    const page = await client.post(tasksPath('', person), {
      plan_action: 'none',
      ...dateBoxes('due', addDays(today, 7)),
      ...form,
    });
    assert.equal(page.status, 303, visibleText(page.text).slice(0, 800));
    return /\/tasks\/([0-9a-f-]{36})/.exec(page.location!)![1]!;
  };
  const refusedWithNothingSaved = async (
    client: TestClient,
    path: string,
    form: Record<string, string>,
    message: RegExp,
  ) => {
    const before = await everything();
    const page = await client.post(path, form);
    assert.equal(page.status, 400, visibleText(page.text).slice(0, 800));
    assert.match(visibleText(page.text), /There is a problem/);
    assert.match(visibleText(page.text), message);
    assert.deepEqual(await everything(), before, 'nothing saved');
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    daniel = app.ids.people.daniel!;
    [priya, tom, sam, grace, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, STAFF_EMAILS.tom),
      signedIn(app, STAFF_EMAILS.sam),
      signedIn(app, STAFF_EMAILS.grace),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
    const circle = await app.db
      .selectFrom('circle_member')
      .select(['id', 'name'])
      .where('person_id', '=', aisha)
      .execute();
    bill = circle.find((member) => member.name === 'Bill Hartley')!.id;
    fatimaMember = circle.find((member) => member.name === 'Fatima Khan')!.id;
  });
  after(() => app.close());

  test('Priya adds a task for Tom; Tom is told, and the task page shows its history', async () => {
    const id = await addTask(priya, {
      title: 'Check Aisha’s blood pressure medicine',
      details: 'She says the new tablets make her dizzy.',
      owner: `staff:${app.ids.staff.tom}`,
    });
    const [event] = await eventRows(id);
    assert.equal(event!.status, 'to_do');
    assert.equal(event!.owner_kind, 'staff');
    assert.equal(event!.owner_id, app.ids.staff.tom);
    assert.equal(event!.due_on, addDays(today, 7));
    assert.deepEqual(await notifications(app.ids.staff.tom!), [
      {
        kind: 'task_assigned',
        text: 'A task for you about Aisha Khan: Check Aisha’s blood pressure medicine',
        link: `/people/${aisha}/tasks/${id}`,
        person_id: aisha,
      },
    ]);
    assert.deepEqual(await notifications(app.ids.staff.priya!), [], 'the one who made it is not told');
    const page = await words(tom, tasksPath(`/${id}`));
    assert.match(page, /Check Aisha’s blood pressure medicine/);
    assert.match(page, /Who does it Dr Tom Okafor, GP/);
    assert.match(page, /Added, for Dr Tom Okafor, GP, status to do Priya Shah, Social worker/);
  });

  test('a status change is a new event; a delay needs a reason; a hand-over needs a note and tells the new owner', async () => {
    const id = await addTask(priya, {
      title: 'Book the Urdu interpreter for the review',
      owner: `staff:${app.ids.staff.priya}`,
    });
    const form = (extra: Record<string, string>) => ({ based_on: '1', part: 'notes', ...extra });
    await refusedWithNothingSaved(
      priya,
      tasksPath(`/${id}/status`),
      form({ status: 'delayed', reason: ' ' }),
      /Enter why the task is delayed/,
    );
    await refusedWithNothingSaved(
      priya,
      tasksPath(`/${id}/status`),
      form({ status: 'finished' }),
      /Choose the task’s status/,
    );
    const delayed = await priya.post(
      tasksPath(`/${id}/status`),
      form({ status: 'delayed', reason: 'The interpreter service is closed this week' }),
    );
    assert.equal(delayed.status, 303);
    await refusedWithNothingSaved(
      priya,
      tasksPath(`/${id}/hand-over`),
      { based_on: '2', part: 'notes', owner: `staff:${app.ids.staff.tom}`, note: '' },
      /Enter a note for whoever takes the task over/,
    );
    const handed = await priya.post(tasksPath(`/${id}/hand-over`), {
      based_on: '2',
      part: 'notes',
      owner: `staff:${app.ids.staff.tom}`,
      note: 'Tom sees her on Thursday and can book it from the surgery',
    });
    assert.equal(handed.status, 303);
    const events = await eventRows(id);
    assert.deepEqual(
      events.map((event) => [event.number, event.kind, event.status, event.reason, event.owner_id, event.note]),
      [
        [1, 'created', 'to_do', null, app.ids.staff.priya, null],
        [2, 'status', 'delayed', 'The interpreter service is closed this week', app.ids.staff.priya, null],
        [
          3,
          'handed_over',
          'delayed',
          'The interpreter service is closed this week',
          app.ids.staff.tom,
          'Tom sees her on Thursday and can book it from the surgery',
        ],
      ],
    );
    assert.ok((await notifications(app.ids.staff.tom!)).some((row) => row.link.endsWith(id)));
    const page = await words(tom, tasksPath(`/${id}`));
    assert.match(page, /Why it is delayed The interpreter service is closed this week/);
    assert.match(page, /Handed over from Priya Shah, Social worker to Dr Tom Okafor, GP/);
    assert.match(page, /Status changed from to do to delayed/);
    assert.match(page, /Note: Tom sees her on Thursday/);
    await assert.rejects(
      app.db.updateTable('task_event').set({ note: 'rewritten' }).where('task_id', '=', id).execute(),
      'history is never rewritten',
    );
  });

  test('two changes made from the same version: the second gets the conflict page and nothing is lost', async () => {
    const id = await addTask(priya, {
      title: 'Order a perching stool',
      owner: 'team:' + app.ids.organisations.council,
    });
    const first = await priya.post(tasksPath(`/${id}/status`), { based_on: '1', part: 'notes', status: 'in_progress' });
    assert.equal(first.status, 303);
    const second = await tom.post(tasksPath(`/${id}/status`), {
      based_on: '1',
      part: 'notes',
      status: 'cancelled',
      note: 'Not needed after all',
    });
    assert.equal(second.status, 409);
    assert.match(visibleText(second.text), /Someone else changed this task/);
    assert.match(visibleText(second.text), /Not needed after all/);
    assert.deepEqual(
      (await eventRows(id)).map((event) => event.status),
      ['to_do', 'in_progress'],
    );
  });

  test('bad input is refused by its field and nothing is saved', async () => {
    const due = dateBoxes('due', addDays(today, 3));
    const base = { plan_action: 'none', title: 'Fix the back door lock', ...due };
    // Marcus left Aisha's team yesterday; Lena's account is closed; Bill has left the circle.
    await app.db
      .insertInto('care_team_member')
      .values([
        {
          person_id: aisha,
          id: newId(),
          staff_account_id: app.ids.staff.marcus!,
          organisation_id: app.ids.organisations.council!,
          team_role: 'Reviewer',
          is_key_worker: false,
          from_date: addDays(today, -30),
          until_date: addDays(today, -1),
        },
        {
          person_id: aisha,
          id: newId(),
          staff_account_id: app.ids.staff.lena!,
          organisation_id: app.ids.organisations.carers!,
          team_role: 'Carers support worker',
          is_key_worker: false,
          from_date: addDays(today, -30),
          until_date: null,
        },
      ])
      .execute();
    await app.db
      .updateTable('staff_account')
      .set({ disabled_at: new Date() })
      .where('id', '=', app.ids.staff.lena!)
      .execute();
    await app.db.updateTable('circle_member').set({ ended_at: new Date() }).where('id', '=', bill).execute();
    const path = tasksPath();
    await refusedWithNothingSaved(
      priya,
      path,
      {},
      /Enter what needs doing.*Choose who the task is for.*Enter the date the task is due/,
    );
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: `staff:${app.ids.staff.marcus}` },
      /they have left the team or their account is closed/,
    );
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: `staff:${app.ids.staff.lena}` },
      /they have left the team or their account is closed/,
    );
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: `staff:${app.ids.staff.grace}` },
      /they have left the team/,
    );
    await refusedWithNothingSaved(priya, path, { ...base, owner: `circle:${bill}` }, /no longer in it/);
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: `team:${app.ids.organisations.trust}` },
      /Choose a team with a place in the care team today/,
    );
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: `boss:${app.ids.staff.tom}` },
      /Choose who the task is for from the list/,
    );
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: 'staff:not-an-id' },
      /Choose who the task is for from the list/,
    );
    await refusedWithNothingSaved(priya, path, { ...base, title: '', owner: 'person' }, /Enter what needs doing/);
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: 'person', 'due-day': '31', 'due-month': '2', 'due-year': '2027' },
      /The due date must be a real date/,
    );
    await refusedWithNothingSaved(
      priya,
      path,
      { ...base, owner: 'person', plan_action: newId() },
      /Choose an action from the plan as it is now/,
    );
    // Handing over to someone who has left is refused the same way.
    const id = await addTask(priya, { title: 'Ask about a key safe', owner: 'person' });
    await refusedWithNothingSaved(
      priya,
      tasksPath(`/${id}/hand-over`),
      { based_on: '1', part: 'notes', owner: `staff:${app.ids.staff.marcus}`, note: 'Over to you' },
      /they have left the team/,
    );
    await refusedWithNothingSaved(
      priya,
      tasksPath(`/${id}/hand-over`),
      { based_on: '1', part: 'notes', owner: 'person', note: 'Over to you' },
      /Choose someone other than who has the task now/,
    );
    await refusedWithNothingSaved(
      priya,
      tasksPath(`/${id}/status`),
      { based_on: 'one', part: 'notes', status: 'done' },
      /open the task again/,
    );
    // A forged part finds no task; a task of another person's record is not found under this one.
    const before = await everything();
    assert.equal(
      (await priya.post(tasksPath(`/${id}/status`), { based_on: '1', part: 'plan', status: 'done' })).status,
      404,
    );
    const danielTask = await addTask(priya, { title: 'Call the café about shifts', owner: 'person' }, daniel);
    assert.equal((await priya.get(tasksPath(`/${danielTask}`))).status, 404);
    assert.equal(
      (await priya.post(tasksPath(`/${danielTask}/status`), { based_on: '1', part: 'notes', status: 'done' })).status,
      404,
    );
    assert.deepEqual((await eventRows(id)).length, before.events.filter((event) => event.task_id === id).length);
  });

  test('a task made from a plan action is seen only by those who may read the plan', async () => {
    const goal = await planWithGoal(app, priya, aisha, 'To cook for my grandchildren on Sundays');
    const action = await addPlanAction(app, priya, aisha, goal, 'Fit a second handrail by the cooker', 'person');
    const form = await words(priya, tasksPath('/new'));
    assert.match(form, /Fit a second handrail by the cooker/);
    const planTask = await addTask(priya, { plan_action: action, title: '', owner: `staff:${app.ids.staff.sam}` });
    const [row] = await app.db.selectFrom('task').selectAll().where('id', '=', planTask).execute();
    assert.equal(row!.part, 'plan');
    assert.equal(row!.title, 'Fit a second handrail by the cooker');
    const notesTask = await addTask(priya, {
      title: 'Take Aisha to the allotment open day',
      owner: `staff:${app.ids.staff.sam}`,
    });
    // Aisha shares her notes, but not her plan, with the community hub where Sam works.
    await recordSharingChoice(app.db, {
      personId: aisha,
      part: 'notes',
      audience: { kind: 'organisation', id: app.ids.organisations.hub! },
      decision: 'share',
    });
    const samsView = await words(sam, tasksPath());
    assert.match(samsView, /Take Aisha to the allotment open day/);
    assert.doesNotMatch(samsView, /handrail/);
    assert.equal((await sam.get(tasksPath(`/${planTask}`))).status, 404);
    const samsList = await words(sam, '/tasks');
    assert.match(samsList, /Take Aisha to the allotment open day/);
    assert.doesNotMatch(samsList, /handrail/);
    assert.match(await words(priya, tasksPath(`/${planTask}`)), /An action in the plan/);
    assert.ok((await notifications(app.ids.staff.sam!)).some((note) => note.link.endsWith(notesTask)));
  });

  test('my tasks, my team’s tasks and overdue, each person shown logged', async () => {
    const late = await addTask(priya, {
      title: 'Send the carers assessment letter',
      owner: `staff:${app.ids.staff.priya}`,
      ...dateBoxes('due', addDays(today, -2)),
    });
    const mine = await words(priya, '/tasks');
    assert.match(mine, /My tasks/);
    assert.match(mine, /Send the carers assessment letter/);
    assert.doesNotMatch(mine, /blood pressure/, 'Tom’s task is not Priya’s');
    assert.match(await words(tom, '/tasks'), /blood pressure/);
    const team = await words(priya, '/tasks?show=team');
    assert.match(team, /Order a perching stool/, 'owned by the council');
    assert.match(team, /Send the carers assessment letter/, 'owned by someone at the council');
    assert.doesNotMatch(team, /blood pressure/, 'owned by the GP practice');
    const overdue = await words(priya, '/tasks?show=overdue');
    assert.match(overdue, /Send the carers assessment letter .* Overdue/);
    assert.doesNotMatch(overdue, /Order a perching stool/);
    const rows = await logRowsDuring(app, aisha, () => priya.get('/tasks?show=team'));
    assert.deepEqual(
      rows.map((row) => [row.action, row.summary]),
      [['read', 'Your name and tasks, in their list of tasks']],
    );
    const list = await words(aishaClient, tasksPath());
    assert.match(list, /Your tasks/);
    assert.ok(
      list.indexOf('Send the carers assessment letter') < list.indexOf('Order a perching stool'),
      'overdue first',
    );
    assert.equal((await aishaClient.get('/tasks')).location, '/my', 'staff lists are for staff');
    assert.ok(late);
  });

  test('Aisha sees her tasks as “you” and marks hers done; Fatima acts for her; neither changes anyone else’s', async () => {
    const hers = await addTask(priya, { title: 'Water the tomatoes before the heatwave', owner: 'person' });
    assert.equal((await notifications(app.ids.staff.priya!)).length, 0);
    const account = await app.db
      .selectFrom('person_account')
      .select('id')
      .where('email', '=', CITIZEN_EMAILS.aisha)
      .executeTakeFirstOrThrow();
    assert.ok(
      (await notifications(account.id)).some(
        (row) => row.text === 'A task for you: Water the tomatoes before the heatwave',
      ),
    );
    const page = await words(aishaClient, tasksPath(`/${hers}`));
    assert.match(page, /Who does it You/);
    assert.match(page, /Mark as done/);
    assert.doesNotMatch(page, /Hand over/);
    assert.equal(
      (
        await aishaClient.post(tasksPath(`/${hers}/status`), {
          based_on: '1',
          part: 'notes',
          status: 'delayed',
          reason: 'Too hot',
        })
      ).status,
      400,
    );
    const done = await aishaClient.post(tasksPath(`/${hers}/status`), { based_on: '1', part: 'notes', status: 'done' });
    assert.equal(done.status, 303);
    assert.match(await words(aishaClient, done.location!), /The task is marked as done/);
    const toms = (await taskRows()).find((task) => task.title.includes('blood pressure'))!;
    const before = await everything();
    assert.equal(
      (await aishaClient.post(tasksPath(`/${toms.id}/status`), { based_on: '1', part: 'notes', status: 'done' }))
        .status,
      403,
    );
    assert.equal(
      (
        await aishaClient.post(tasksPath(`/${hers}/hand-over`), {
          based_on: '2',
          part: 'notes',
          owner: 'person',
          note: 'x',
        })
      ).status,
      403,
    );
    assert.deepEqual(await everything(), before);
    const forFatima = await addTask(priya, {
      title: 'Bring the power of attorney papers',
      owner: `circle:${fatimaMember}`,
    });
    const fatimaAccount = await app.db
      .selectFrom('person_account')
      .select('id')
      .where('email', '=', CITIZEN_EMAILS.fatima)
      .executeTakeFirstOrThrow();
    assert.ok(
      (await notifications(fatimaAccount.id)).some(
        (row) => row.text === 'A task for you about Aisha Khan: Bring the power of attorney papers',
      ),
    );
    const another = await addTask(priya, { title: 'Choose a day for the review', owner: 'person' });
    const rows = await logRowsDuring(app, aisha, async () => {
      assert.equal(
        (await fatima.post(tasksPath(`/${another}/status`), { based_on: '1', part: 'notes', status: 'done' })).status,
        303,
      );
      assert.equal(
        (await fatima.post(tasksPath(`/${forFatima}/status`), { based_on: '1', part: 'notes', status: 'done' })).status,
        303,
      );
    });
    assert.deepEqual(
      rows.map((row) => [row.action, row.purpose]),
      [
        ['write', 'representative'],
        ['write', 'representative'],
      ],
    );
    assert.equal((await eventRows(another)).at(-1)!.by_name, 'Fatima Khan, acting for Aisha Khan');
    assert.match(await words(fatima, tasksPath()), /Tasks/);
  });

  test('Grace, outside Aisha’s team, finds nothing on any route, and her tries are logged', async () => {
    const task = (await taskRows()).find((row) => row.person_id === aisha)!;
    const before = await everything();
    const rows = await logRowsDuring(app, aisha, async () => {
      for (const path of [tasksPath(), tasksPath('/new'), tasksPath(`/${task.id}`)])
        assert.equal((await grace.get(path)).status, 404, path);
      for (const [path, form] of [
        [tasksPath(), { plan_action: 'none', title: 'Sneaky', owner: 'person', ...dateBoxes('due', today) }],
        [tasksPath(`/${task.id}/status`), { based_on: '1', part: 'notes', status: 'done' }],
        [tasksPath(`/${task.id}/hand-over`), { based_on: '1', part: 'notes', owner: 'person', note: 'Mine now' }],
      ] as const)
        assert.equal((await grace.post(path, form)).status, 404, path);
    });
    assert.ok(rows.length >= 6 && rows.every((row) => row.actor_name === 'Grace Mensah'));
    assert.deepEqual(await everything(), before);
    assert.doesNotMatch(await words(grace, '/tasks?show=team'), /Aisha/);
  });

  test('long lists are paged, keeping their tab; the staff navigation and the record home link to tasks', async () => {
    const now = new Date();
    const ids = Array.from({ length: 30 }, () => newId());
    await app.db
      .insertInto('task')
      .values(
        ids.map((id, index) => ({
          person_id: aisha,
          id,
          part: 'notes' as const,
          plan_action_id: null,
          title: `Weekly shopping run ${index + 1}`,
          details: null,
          created_by_kind: 'staff' as const,
          created_by_id: app.ids.staff.priya!,
          created_by_name: 'Priya Shah, Social worker',
          created_at: now,
        })),
      )
      .execute();
    await app.db
      .insertInto('task_event')
      .values(
        ids.map((id, index) => ({
          person_id: aisha,
          task_id: id,
          number: 1,
          kind: 'created' as const,
          status: 'to_do' as const,
          reason: null,
          owner_kind: 'team' as const,
          owner_id: app.ids.organisations.council!,
          owner_organisation_id: app.ids.organisations.council!,
          owner_name: 'Northbridge City Council',
          due_on: addDays(today, 100 + index),
          note: null,
          by_kind: 'staff' as const,
          by_id: app.ids.staff.priya!,
          by_name: 'Priya Shah, Social worker',
          at: now,
        })),
      )
      .execute();
    const first = await priya.get('/tasks?show=team');
    assert.match(first.text, /href="\/tasks\?show=team&amp;page=2"/);
    assert.doesNotMatch(visibleText(first.text), /Weekly shopping run 30/);
    const second = await words(priya, '/tasks?show=team&page=2');
    assert.match(second, /Weekly shopping run 30/);
    assert.doesNotMatch(second, /Weekly shopping run 1 /);
    assert.match(await words(priya, '/tasks'), /Home Find a person Reviews due Tasks/);
    assert.match(
      await words(priya, `/people/${aisha}`),
      /Tasks What the team, the person and their circle have agreed to do/,
    );
    assert.match(await words(priya, `/people/${aisha}`), /Timeline What has happened/);
  });

  test('each look at a task is logged for the person', async () => {
    const task = (await taskRows()).find((row) => row.person_id === aisha && row.part === 'notes')!;
    const rows = await logRowsDuring(app, aisha, () => tom.get(tasksPath(`/${task.id}`)));
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [['read', 'notes', 'A task about you, and its history']],
    );
  });
});
