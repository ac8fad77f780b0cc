import assert from 'node:assert/strict';
import type { PlanContent } from '../../src/modules/plans/content.ts';
import { newId } from '../../src/ids.ts';
import { visibleText, type TestApp, type TestClient } from './app.ts';

// Builds a person's care and support plan through its question pages, for tests of other modules that
// depend on what the plan says, and writes the odd later version straight to the database.

export const planVersions = (app: TestApp, personId: string) =>
  app.db.selectFrom('plan_version').selectAll().where('person_id', '=', personId).orderBy('number').execute();

export const currentPlan = async (app: TestApp, personId: string) => (await planVersions(app, personId)).at(-1)!;

/** Posts one question page of the plan, based on the current version, and checks it saved a new version. */
export async function savePlanPage(app: TestApp, client: TestClient, personId: string, path: string, form: Record<string, string | string[]>): Promise<PlanContent> {
  const before = await currentPlan(app, personId);
  const page = await client.post(`/people/${personId}/plan${path}`, { based_on: String(before.number), ...form });
  assert.equal(page.status, 303, visibleText(page.text).slice(0, 400));
  const after = await currentPlan(app, personId);
  assert.equal(after.number, before.number + 1);
  return after.content;
}

/** Starts the plan and adds one need with one goal; answers their ids. */
export async function planWithGoal(app: TestApp, client: TestClient, personId: string, goal: string): Promise<{ needId: string; goalId: string }> {
  assert.equal((await client.post(`/people/${personId}/plan/start`, {})).status, 303);
  const needs = await savePlanPage(app, client, personId, '/needs/add', { description: 'Getting out and about' });
  const needId = needs.needs[0]!.id;
  const goals = await savePlanPage(app, client, personId, `/needs/${needId}/goals/add`, { inOwnWords: goal, importance: '8', status: 'in_progress' });
  return { needId, goalId: goals.needs[0]!.goals[0]!.id };
}

/**
 * Adds an action through its question page. `owner` is the form's value: 'person', 'circle:<id>' or
 * 'team:<id>'. Answers the action's id.
 */
export async function addPlanAction(app: TestApp, client: TestClient, personId: string, at: { needId: string; goalId: string }, what: string, owner: string, status = 'not_started'): Promise<string> {
  const content = await savePlanPage(app, client, personId, `/needs/${at.needId}/goals/${at.goalId}/actions/add`, { what, owner, status });
  return content.needs.find((need) => need.id === at.needId)!.goals.find((goal) => goal.id === at.goalId)!.actions.at(-1)!.id;
}

/** Saves the next version with `change` applied, straight to the database, as if changed on another page. */
export async function saveNextPlanVersion(app: TestApp, personId: string, change: (content: PlanContent) => PlanContent): Promise<void> {
  const current = await currentPlan(app, personId);
  await app.db.insertInto('plan_version').values({
    person_id: personId, number: current.number + 1, id: newId(), content: change(structuredClone(current.content)), based_on: current.number,
    change_summary: 'Changed: Needs, goals and actions', saved_by_kind: 'staff', saved_by_id: current.saved_by_id, saved_by_name: 'A test', saved_at: new Date(),
  }).execute();
}

/** Every action in the content, wherever it sits. */
export const actionsIn = (content: PlanContent) => content.needs.flatMap((need) => need.goals.flatMap((goal) => goal.actions));
