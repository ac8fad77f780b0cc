import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import type { PlanContent } from '../../src/modules/plans/content.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import {
  currentPlan,
  itemPagesNotFound,
  planVersions,
  refusedPlanPage,
  savePlanPage,
} from '../support/plan-builder.ts';

const MISSING = '0190a5b0-0000-7000-8000-00000000abcd';

describe(`Changing and removing needs, goals and actions (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let aishaHerself: TestClient;
  const nextYear = String(Number(ukDate(new Date()).slice(0, 4)) + 1);
  const plan = (path = '') => `/people/${aisha}/plan${path}`;
  const versions = () => planVersions(app, aisha);
  const current = () => currentPlan(app, aisha);
  const content = async () => (await current()).content;
  /** The plan's ids, by the words in it. */
  const ids = async () => {
    const { needs } = await content();
    const need = (description: string) => needs.find((item) => item.description === description)!;
    const goal = (inOwnWords: string) =>
      needs.flatMap((item) => item.goals).find((item) => item.inOwnWords === inOwnWords)!;
    const action = (what: string) =>
      needs
        .flatMap((item) => item.goals)
        .flatMap((item) => item.actions)
        .find((item) => item.what === what)!;
    return { need, goal, action };
  };
  /** Every page here goes back to the needs list. */
  const saves = (client: TestClient, path: string, form: Record<string, string>) =>
    savePlanPage(app, client, aisha, path, form, plan('/needs'));
  const refused = (client: TestClient, path: string, form: Record<string, string>, message: RegExp) =>
    refusedPlanPage(app, client, aisha, path, form, message);
  const actionForm = (what: string, extra: Record<string, string> = {}) => ({
    what,
    owner: 'person',
    status: 'not_started',
    ...extra,
  });

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    aishaHerself = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.equal((await priya.post(plan('/start'), {})).status, 303);
    await saves(priya, '/needs/add', { description: 'Getting about the kitchen safely' });
    await saves(priya, '/needs/add', { description: 'Seeing friends more often' });
    const { need } = await ids();
    const kitchen = need('Getting about the kitchen safely').id;
    await saves(aishaHerself, `/needs/${kitchen}/goals/add`, {
      inOwnWords: 'Cook Sunday lunch again',
      importance: '9',
      status: 'in_progress',
    });
    await saves(aishaHerself, `/needs/${kitchen}/goals/add`, { inOwnWords: 'Make my own tea', status: 'not_started' });
    const { goal } = await ids();
    const lunch = goal('Cook Sunday lunch again').id;
    await saves(
      priya,
      `/needs/${kitchen}/goals/${lunch}/actions/add`,
      actionForm('Occupational therapy visit', {
        owner: 'other',
        owner_name: 'Northbridge OT service',
        'by_when-day': '1',
        'by_when-month': '3',
        'by_when-year': nextYear,
        confidence: '6',
        'review_date-day': '2',
        'review_date-month': '4',
        'review_date-year': nextYear,
      }),
    );
    await saves(priya, `/needs/${kitchen}/goals/${lunch}/actions/add`, actionForm('Practise with the perching stool'));
    await saves(
      priya,
      `/needs/${kitchen}/goals/${goal('Make my own tea').id}/actions/add`,
      actionForm('Try a kettle tipper'),
    );
  });
  after(() => app.close());

  test('the needs page has Change and Remove links for each need, goal and action, each naming which one', async () => {
    const { need, goal, action } = await ids();
    const kitchen = need('Getting about the kitchen safely').id;
    const lunch = goal('Cook Sunday lunch again').id;
    const visit = action('Occupational therapy visit').id;
    const page = await priya.get(plan('/needs'));
    assert.equal(page.status, 200);
    for (const href of [
      `/needs/${kitchen}/change`,
      `/needs/${kitchen}/remove`,
      `/needs/${kitchen}/goals/${lunch}/change`,
      `/needs/${kitchen}/goals/${lunch}/remove`,
      `/needs/${kitchen}/goals/${lunch}/actions/${visit}/change`,
      `/needs/${kitchen}/goals/${lunch}/actions/${visit}/remove`,
    ]) {
      assert.ok(page.text.includes(`href="${plan(href)}"`), href);
    }
    assert.match(page.text, /Change<span class="govuk-visually-hidden"> need 1<\/span>/);
    assert.match(page.text, /Remove<span class="govuk-visually-hidden"> need 2<\/span>/);
    assert.match(page.text, /Change the goal<span class="govuk-visually-hidden">: Cook Sunday lunch again<\/span>/);
    assert.match(
      page.text,
      /Remove<span class="govuk-visually-hidden"> the action: Occupational therapy visit<\/span>/,
    );
  });

  test('changing a need: the page is filled from the plan, and saving makes a new version; the earlier one keeps the old words', async () => {
    const kitchen = (await ids()).need('Getting about the kitchen safely').id;
    const form = await priya.get(plan(`/needs/${kitchen}/change`));
    assert.equal(form.status, 200);
    assert.match(form.text, /Getting about the kitchen safely<\/textarea>/);
    assert.match(form.text, new RegExp(`name="based_on" value="${(await current()).number}"`));
    let saved!: Awaited<ReturnType<typeof saves>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () =>
        (saved = await saves(priya, `/needs/${kitchen}/change`, {
          description: 'Moving about the kitchen safely\r\nand reaching the cupboards',
        })),
    );
    const need = saved.content.needs.find((item) => item.id === kitchen)!;
    assert.equal(need.description, 'Moving about the kitchen safely\nand reaching the cupboards');
    assert.equal(need.goals.length, 2, 'its goals stay');
    assert.equal(saved.summary, 'Changed a need: Moving about the kitchen safely\nand reaching the cupboards');
    assert.equal(
      saved.before.needs.find((item) => item.id === kitchen)!.description,
      'Getting about the kitchen safely',
    );
    assert.deepEqual(
      rows.filter((row) => row.action === 'write').map((row) => row.summary),
      ['Your care and support plan: Needs, goals and actions'],
    );
    assert.match(
      visibleText((await priya.get(plan('/changes'))).text),
      /Changed a need: Moving about the kitchen safely and reaching the cupboards You, \d+ \w+ \d{4} at \S+ Need Was: Getting about the kitchen safely Now: Moving about the kitchen safely and reaching the cupboards .* Started the plan You, \d+ \w+ \d{4} at \S+ This started the plan, with nothing written in it yet\./,
    );
  });

  test('changing a goal, with the outcomes seen so far; its actions stay', async () => {
    const { need, goal } = await ids();
    const path = `/needs/${need('Seeing friends more often').id}/goals/${goal('Cook Sunday lunch again').id}/change`;
    assert.equal((await priya.get(plan(path))).status, 404, 'a goal under another need is not there');
    const kitchen = (await content()).needs[0]!.id;
    const lunch = goal('Cook Sunday lunch again').id;
    const form = await aishaHerself.get(plan(`/needs/${kitchen}/goals/${lunch}/change`));
    assert.equal(form.status, 200);
    assert.match(form.text, /Cook Sunday lunch again<\/textarea>/);
    assert.match(form.text, /value="9" checked/);
    assert.match(form.text, /value="in_progress" checked/);
    assert.match(visibleText(form.text), /What has changed for Aisha Khan so far\? \(optional\)/);
    const saved = await saves(aishaHerself, `/needs/${kitchen}/goals/${lunch}/change`, {
      inOwnWords: 'Cook Sunday lunch for my family',
      importance: '10',
      status: 'achieved',
      outcomes: 'I cooked lunch for five people in June.',
    });
    const changed = saved.content.needs[0]!.goals.find((item) => item.id === lunch)!;
    assert.deepEqual(
      { ...changed, actions: changed.actions.length },
      {
        id: lunch,
        inOwnWords: 'Cook Sunday lunch for my family',
        importance: 10,
        status: 'achieved',
        outcomes: 'I cooked lunch for five people in June.',
        actions: 2,
      },
    );
    assert.equal(saved.summary, 'Changed a goal: Cook Sunday lunch for my family');
    assert.match(
      visibleText((await priya.get(plan('/needs'))).text),
      /Goal: Cook Sunday lunch for my family Achieved\. How much it matters: 10 out of 10\. What has changed so far: I cooked lunch for five people in June\./,
    );
    const cleared = await saves(aishaHerself, `/needs/${kitchen}/goals/${lunch}/change`, {
      inOwnWords: 'Cook Sunday lunch for my family',
      importance: '',
      status: 'achieved',
      outcomes: '',
    });
    assert.equal(
      cleared.content.needs[0]!.goals.find((item) => item.id === lunch)!.importance,
      null,
      'a score can be taken away',
    );
  });

  test('changing an action: the same questions as adding one, filled from the plan; its id stays', async () => {
    const { need, goal, action } = await ids();
    const kitchen = need('Moving about the kitchen safely\nand reaching the cupboards').id;
    const lunch = goal('Cook Sunday lunch for my family').id;
    const visit = action('Occupational therapy visit').id;
    const path = `/needs/${kitchen}/goals/${lunch}/actions/${visit}/change`;
    const form = await priya.get(plan(path));
    assert.equal(form.status, 200);
    assert.match(form.text, /Occupational therapy visit<\/textarea>/);
    assert.match(form.text, /value="other" selected/);
    assert.match(form.text, /name="owner_name" type="text" value="Northbridge OT service"/);
    assert.match(form.text, new RegExp(`name="by_when-year" type="text" value="${nextYear}"`));
    assert.match(form.text, /name="review_date-month" type="text" value="4"/);
    assert.match(form.text, /value="6" checked/);
    const team = await app.db
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id'])
      .where('person_id', '=', aisha)
      .execute();
    const priyaMember = team.find((member) => member.staff_account_id === app.ids.staff.priya)!.id;
    const saved = await saves(priya, path, {
      what: 'Occupational therapy home visit',
      owner: `team:${priyaMember}`,
      owner_name: '',
      'by_when-day': '15',
      'by_when-month': '5',
      'by_when-year': nextYear,
      status: 'in_progress',
      confidence: '8',
      'review_date-day': '',
      'review_date-month': '',
      'review_date-year': '',
    });
    const changed = saved.content.needs
      .find((item) => item.id === kitchen)!
      .goals.find((item) => item.id === lunch)!.actions;
    assert.deepEqual(changed[0], {
      id: visit,
      what: 'Occupational therapy home visit',
      owner: { kind: 'care_team_member', id: priyaMember, name: 'Priya Shah' },
      byWhen: `${nextYear}-05-15`,
      status: 'in_progress',
      confidence: 8,
      reviewDate: null,
    });
    assert.equal(changed[1]!.what, 'Practise with the perching stool', 'the other action is untouched, in its place');
    assert.equal(saved.summary, 'Changed an action: Occupational therapy home visit');
  });

  test('an action’s owner who has since left the circle of support stays a choice, so other changes keep them', async () => {
    const { need, goal, action } = await ids();
    const bilal = newId();
    await app.db
      .insertInto('circle_member')
      .values({
        person_id: aisha,
        id: bilal,
        name: 'Bilal Khan',
        relationship: 'Brother',
        kind: 'family',
        phone: null,
        email: null,
        may_act_for_person: false,
        authority: null,
        authority_until: null,
        ended_at: null,
      })
      .execute();
    const path = `/needs/${need('Moving about the kitchen safely\nand reaching the cupboards').id}/goals/${goal('Make my own tea').id}/actions/${action('Try a kettle tipper').id}/change`;
    await saves(priya, path, actionForm('Try a kettle tipper', { owner: `circle:${bilal}` }));
    await app.db
      .updateTable('circle_member')
      .set({ ended_at: new Date() })
      .where('person_id', '=', aisha)
      .where('id', '=', bilal)
      .execute();
    const form = await priya.get(plan(path));
    assert.match(form.text, /value="kept" selected>Bilal Khan \(as now\)/);
    const saved = await saves(priya, path, actionForm('Try a kettle tipper', { owner: 'kept', status: 'done' }));
    assert.deepEqual((await ids()).action('Try a kettle tipper').owner, {
      kind: 'circle_member',
      id: bilal,
      name: 'Bilal Khan',
    });
    assert.equal(saved.summary, 'Changed an action: Try a kettle tipper');
  });

  test('bad input gets the message by the field, keeps what was typed, and saves nothing', async () => {
    const { need, goal, action } = await ids();
    const kitchen = need('Moving about the kitchen safely\nand reaching the cupboards').id;
    const lunch = goal('Cook Sunday lunch for my family').id;
    const action_ = `/needs/${kitchen}/goals/${lunch}/actions/${action('Practise with the perching stool').id}/change`;
    await refused(priya, `/needs/${kitchen}/change`, { description: ' \r\n ' }, /Enter the need/);
    const long = await refused(
      priya,
      `/needs/${kitchen}/change`,
      { description: 'n'.repeat(1001) },
      /The need must be 1,000 characters or fewer/,
    );
    assert.match(long.text, /n{1001}<\/textarea>/);
    await refused(
      aishaHerself,
      `/needs/${kitchen}/goals/${lunch}/change`,
      { inOwnWords: '', status: 'achieved' },
      /Enter the goal, in the person’s own words/,
    );
    const outcomes = await refused(
      aishaHerself,
      `/needs/${kitchen}/goals/${lunch}/change`,
      { inOwnWords: 'Cook', status: 'achieved', importance: '12', outcomes: 'o'.repeat(2001) },
      /Choose how much it matters, from 0 to 10 .*Outcomes seen so far must be 2,000 characters or fewer/,
    );
    assert.match(outcomes.text, /o{2001}<\/textarea>/);
    await refused(priya, action_, actionForm(''), /Enter what will happen/);
    await refused(priya, action_, actionForm('w'.repeat(1001)), /What will happen must be 1,000 characters or fewer/);
    const impossible = await refused(
      priya,
      action_,
      actionForm('Practise', { 'by_when-day': '31', 'by_when-month': '2', 'by_when-year': nextYear }),
      /The date it will be done by must be a real date/,
    );
    assert.match(impossible.text, /name="by_when-day" type="text" value="31"/);
    const past = await refused(
      priya,
      action_,
      actionForm('Practise', { 'review_date-day': '1', 'review_date-month': '1', 'review_date-year': '2020' }),
      /The review date must be today or in the future/,
    );
    assert.match(past.text, /href="#review_date-day"/);
    await refused(priya, action_, actionForm('Practise', { owner: 'kept' }), /Choose who will do it/);
    await refused(
      priya,
      action_,
      actionForm('Practise', { owner: 'other', owner_name: '' }),
      /Enter the name of who will do it/,
    );
  });

  test('removing an action: a confirmation page, then a new version without it; the earlier version keeps it', async () => {
    const { need, goal, action } = await ids();
    const path = `/needs/${need('Moving about the kitchen safely\nand reaching the cupboards').id}/goals/${goal('Cook Sunday lunch for my family').id}/actions/${action('Practise with the perching stool').id}/remove`;
    const page = await priya.get(plan(path));
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /Are you sure you want to remove this action\? Practise with the perching stool It stays in earlier versions of the plan\. Yes, remove this action No, keep it/,
    );
    const saved = await saves(priya, path, {});
    assert.equal(saved.summary, 'Removed an action: Practise with the perching stool');
    const actions = (content: PlanContent) =>
      content.needs
        .flatMap((item) => item.goals)
        .flatMap((item) => item.actions)
        .map((item) => item.what);
    assert.ok(!actions(saved.content).includes('Practise with the perching stool'));
    assert.ok(actions(saved.before).includes('Practise with the perching stool'));
    assert.equal((await priya.get(plan(path))).status, 404, 'gone from the current plan');
  });

  test('removing a goal says how many actions go with it', async () => {
    const { need, goal } = await ids();
    const tea = goal('Make my own tea');
    const path = `/needs/${need('Moving about the kitchen safely\nand reaching the cupboards').id}/goals/${tea.id}/remove`;
    assert.match(
      visibleText((await aishaHerself.get(plan(path))).text),
      /Are you sure you want to remove this goal\? Make my own tea This also removes its 1 action\. It stays in earlier versions of the plan\./,
    );
    const saved = await saves(aishaHerself, path, {});
    assert.equal(saved.summary, 'Removed a goal: Make my own tea');
    assert.deepEqual(
      saved.content.needs[0]!.goals.map((item) => item.inOwnWords),
      ['Cook Sunday lunch for my family'],
    );
    assert.equal(saved.before.needs[0]!.goals.length, 2);
  });

  test('removing a need removes its goals and actions, and the page says how many', async () => {
    const { need, goal } = await ids();
    const kitchen = need('Moving about the kitchen safely\nand reaching the cupboards').id;
    await saves(priya, `/needs/${kitchen}/goals/add`, { inOwnWords: 'Bake bread', status: 'not_started' });
    const friends = need('Seeing friends more often').id;
    assert.match(
      visibleText((await priya.get(plan(`/needs/${friends}/remove`))).text),
      /Seeing friends more often It has no goals or actions\./,
    );
    const page = visibleText((await priya.get(plan(`/needs/${kitchen}/remove`))).text);
    assert.match(
      page,
      /Are you sure you want to remove this need\? Moving about the kitchen safely and reaching the cupboards This also removes its 2 goals and 1 action\. It stays in earlier versions of the plan\./,
    );
    const saved = await saves(priya, `/needs/${kitchen}/remove`, {});
    assert.equal(saved.summary, 'Removed a need: Moving about the kitchen safely\nand reaching the cupboards');
    assert.deepEqual(
      saved.content.needs.map((item) => item.description),
      ['Seeing friends more often'],
    );
    assert.equal(
      saved.before.needs
        .find((item) => item.id === kitchen)!
        .goals.find((item) => item.id === goal('Cook Sunday lunch for my family').id)!.actions.length,
      1,
    );
    assert.doesNotMatch(visibleText((await priya.get(plan('/needs'))).text), /kitchen/);
  });

  test('a stale form, to change or to remove, gets the conflict page and saves nothing', async () => {
    const friends = (await ids()).need('Seeing friends more often').id;
    await saves(priya, `/needs/${friends}/goals/add`, { inOwnWords: 'Go to the lunch club', status: 'not_started' });
    const club = (await ids()).goal('Go to the lunch club').id;
    const stale = String((await current()).number - 1);
    const before = await versions();
    const changed = await priya.post(plan(`/needs/${friends}/change`), {
      based_on: stale,
      description: 'Seeing my friends',
    });
    assert.equal(changed.status, 409);
    assert.match(
      visibleText(changed.text),
      /Someone else changed this plan .* Needs, goals and actions: Seeing friends more often Go to the lunch club .*What you typed .* The need Seeing my friends/,
    );
    const removed = await priya.post(plan(`/needs/${friends}/goals/${club}/remove`), { based_on: stale });
    assert.equal(removed.status, 409);
    assert.match(visibleText(removed.text), /What you typed .* You asked to remove the goal: Go to the lunch club/);
    assert.equal((await priya.post(plan(`/needs/${friends}/remove`), {})).status, 409, 'no version given');
    assert.deepEqual(await versions(), before);
  });

  test('a change to something someone else removed meanwhile keeps what was typed (409); one never in the plan is 404', async () => {
    const friends = (await ids()).need('Seeing friends more often').id;
    const opened = String((await current()).number);
    await saves(aishaHerself, `/needs/${friends}/remove`, {});
    const before = await versions();
    const late = await priya.post(plan(`/needs/${friends}/change`), {
      based_on: opened,
      description: 'Seeing friends every week',
    });
    assert.equal(late.status, 409);
    assert.match(visibleText(late.text), /What you typed .* The need Seeing friends every week/);
    const based = String((await current()).number);
    for (const path of [
      `/needs/${MISSING}/change`,
      `/needs/${MISSING}/remove`,
      `/needs/${MISSING}/goals/${MISSING}/change`,
      `/needs/${MISSING}/goals/${MISSING}/actions/${MISSING}/remove`,
      '/needs/not-an-id/change',
    ]) {
      assert.equal((await priya.get(plan(path))).status, 404, path);
      assert.equal((await priya.post(plan(path), { based_on: based, description: 'x' })).status, 404, path);
    }
    assert.deepEqual(await versions(), before);
  });

  test('only those who may write the plan open these pages: Sam, without the plan shared, gets 404 and nothing changes', async () => {
    await saves(priya, '/needs/add', { description: 'Keeping warm' });
    const { need } = await ids();
    const warm = need('Keeping warm').id;
    await itemPagesNotFound(app, await signedIn(app, STAFF_EMAILS.sam), aisha, '/needs', `/needs/${warm}`, {
      description: 'x',
    });
  });
});
