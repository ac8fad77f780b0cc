import assert from 'node:assert/strict';
import { ukDate } from '../../src/dates.ts';
import type { Action, PlanContent } from '../../src/modules/plans/content.ts';
import { logRowsDuring } from '../people/helpers.ts';
import { visibleText, type Page, type TestApp, type TestClient } from './app.ts';

// Builds and changes a person's care and support plan through its question pages, over HTTP: for the plan's
// own tests and for tests of other modules that depend on what the plan says.

export const planVersions = (app: TestApp, personId: string) =>
  app.db.selectFrom('plan_version').selectAll().where('person_id', '=', personId).orderBy('number').execute();

export const currentPlan = async (app: TestApp, personId: string) => (await planVersions(app, personId)).at(-1)!;

/** One saved question page: the new version's content and change summary, and the content it was based on. */
export type SavedPlanPage = { content: PlanContent; summary: string; before: PlanContent };

/**
 * Posts one question page of the plan, based on the current version, and checks it saved exactly one new version
 * based on that one (and, given `redirectTo`, that it went there next).
 */
export async function savePlanPage(
  app: TestApp,
  client: TestClient,
  personId: string,
  path: string,
  form: Record<string, string | string[]>,
  redirectTo?: string,
): Promise<SavedPlanPage> {
  const before = await currentPlan(app, personId);
  const page = await client.post(`/people/${personId}/plan${path}`, { based_on: String(before.number), ...form });
  assert.equal(page.status, 303, visibleText(page.text).slice(0, 600));
  if (redirectTo !== undefined) assert.equal(page.location, redirectTo);
  const saved = await currentPlan(app, personId);
  assert.equal(saved.number, before.number + 1);
  assert.equal(saved.based_on, before.number);
  return { content: saved.content, summary: saved.change_summary, before: before.content };
}

/** Posts a question page that must be refused with 400, the message shown, and nothing saved; answers the page. */
export async function refusedPlanPage(
  app: TestApp,
  client: TestClient,
  personId: string,
  path: string,
  form: Record<string, string | string[]>,
  message: RegExp,
): Promise<Page> {
  const before = await planVersions(app, personId);
  const page = await client.post(`/people/${personId}/plan${path}`, {
    based_on: String(before.at(-1)!.number),
    ...form,
  });
  assert.equal(page.status, 400);
  assert.match(visibleText(page.text), /There is a problem/);
  assert.match(visibleText(page.text), message);
  assert.deepEqual(await planVersions(app, personId), before, 'nothing saved');
  return page;
}

/** Starts the plan and adds one need with one goal; answers their ids. */
export async function planWithGoal(
  app: TestApp,
  client: TestClient,
  personId: string,
  goal: string,
): Promise<{ needId: string; goalId: string }> {
  assert.equal((await client.post(`/people/${personId}/plan/start`, {})).status, 303);
  const needs = (await savePlanPage(app, client, personId, '/needs/add', { description: 'Getting out and about' }))
    .content;
  const needId = needs.needs[0]!.id;
  const goals = (
    await savePlanPage(app, client, personId, `/needs/${needId}/goals/add`, {
      inOwnWords: goal,
      importance: '8',
      status: 'in_progress',
    })
  ).content;
  return { needId, goalId: goals.needs[0]!.goals[0]!.id };
}

/**
 * Adds an action through its question page. `owner` is the form's value: 'person', 'circle:<id>' or
 * 'team:<id>'. Answers the action's id.
 */
export async function addPlanAction(
  app: TestApp,
  client: TestClient,
  personId: string,
  at: { needId: string; goalId: string },
  what: string,
  owner: string,
  status = 'not_started',
): Promise<string> {
  const { content } = await savePlanPage(app, client, personId, `/needs/${at.needId}/goals/${at.goalId}/actions/add`, {
    what,
    owner,
    status,
  });
  return content.needs
    .find((need) => need.id === at.needId)!
    .goals.find((goal) => goal.id === at.goalId)!
    .actions.at(-1)!.id;
}

/** A saved date (YYYY-MM-DD) in the three boxes of the date input named `prefix`; empty boxes for no date. */
const dateBoxes = (prefix: string, date: string | null) => {
  const [year = '', month = '', day = ''] = date?.split('-').map((part) => String(Number(part))) ?? [];
  return { [`${prefix}-day`]: day, [`${prefix}-month`]: month, [`${prefix}-year`]: year };
};

/** The owner as the action form's select gives it: 'person', 'circle:<id>', 'team:<id>' or 'other'. */
const ownerValue = (owner: Action['owner']) =>
  owner.kind === 'circle_member'
    ? `circle:${owner.id}`
    : owner.kind === 'care_team_member'
      ? `team:${owner.id}`
      : owner.kind;

/**
 * Changes the action whose words are `what` through its change page: the form answers as the plan holds them,
 * with `change` (form fields, such as `owner` or `status`) over them.
 */
export async function changePlanAction(
  app: TestApp,
  client: TestClient,
  personId: string,
  what: string,
  change: Record<string, string>,
): Promise<SavedPlanPage> {
  const { content } = await currentPlan(app, personId);
  const need = content.needs.find((candidate) =>
    candidate.goals.some((goal) => goal.actions.some((action) => action.what === what)),
  )!;
  const goal = need.goals.find((candidate) => candidate.actions.some((action) => action.what === what))!;
  const action = goal.actions.find((candidate) => candidate.what === what)!;
  const form = {
    what: action.what,
    owner: ownerValue(action.owner),
    owner_name: action.owner.kind === 'other' ? action.owner.name : '',
    ...dateBoxes('by_when', action.byWhen),
    status: action.status,
    confidence: action.confidence === null ? '' : String(action.confidence),
    ...dateBoxes('review_date', action.reviewDate),
  };
  return savePlanPage(app, client, personId, `/needs/${need.id}/goals/${goal.id}/actions/${action.id}/change`, {
    ...form,
    ...change,
  });
}

/** Every action in the content, wherever it sits. */
export const actionsIn = (content: PlanContent) =>
  content.needs.flatMap((need) => need.goals.flatMap((goal) => goal.actions));

/**
 * A professional outside the plan's scope gets 404 for a section's list and for one item's change and remove
 * pages, GET and POST; each try is logged as refused and no version is saved. `item` is the item's path,
 * such as '/risks/<id>'; `change` a form that would otherwise be a valid change.
 */
export async function itemPagesNotFound(
  app: TestApp,
  client: TestClient,
  personId: string,
  list: string,
  item: string,
  change: Record<string, string>,
): Promise<void> {
  const plan = (path: string) => `/people/${personId}/plan${path}`;
  const before = await planVersions(app, personId);
  const based = String(before.at(-1)!.number);
  const rows = await logRowsDuring(app, personId, async () => {
    assert.equal((await client.get(plan(list))).status, 404);
    assert.equal((await client.get(plan(`${item}/change`))).status, 404);
    assert.equal((await client.get(plan(`${item}/remove`))).status, 404);
    assert.equal((await client.post(plan(`${item}/change`), { based_on: based, ...change })).status, 404);
    assert.equal((await client.post(plan(`${item}/remove`), { based_on: based })).status, 404);
  });
  assert.ok(rows.length >= 5 && rows.every((row) => row.action === 'refused' && row.part === 'plan'));
  assert.deepEqual(await planVersions(app, personId), before);
}

/** The id of a member of staff's place in a person's care team. */
export const careTeamPlace = async (app: TestApp, personId: string, staffAccountId: string): Promise<string> =>
  (
    await app.db
      .selectFrom('care_team_member')
      .select('id')
      .where('person_id', '=', personId)
      .where('staff_account_id', '=', staffAccountId)
      .executeTakeFirstOrThrow()
  ).id;

/** Makes a member of staff's care-team place the plan's lead professional (and lists it in the plan's care team). */
export async function makeLeadProfessional(
  app: TestApp,
  client: TestClient,
  personId: string,
  staffAccountId: string,
): Promise<void> {
  const place = await careTeamPlace(app, personId, staffAccountId);
  await savePlanPage(app, client, personId, '/people', { careTeam: place, lead: place });
}

/**
 * A representative's whole answer to the capacity questions before agreeing a plan for the person (Mental Capacity Act
 * 2005): assessed today by Dr Tom Okafor, GP, finding the person cannot make this decision. `changes` replaces fields.
 */
export const capacityAnswers = (changes: Record<string, string> = {}): Record<string, string> => ({
  capacity_asked: 'yes',
  ...dateBoxes('assessed_on', ukDate(new Date())),
  assessor_name: 'Dr Tom Okafor',
  assessor_role: 'GP',
  capacity_outcome: 'cannot',
  involvement: 'We read the plan together at her kitchen table, with pictures, over two visits.',
  wishes: '“I want to stay in my own home and cook for my grandchildren.”',
  ...changes,
});
