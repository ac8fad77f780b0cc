import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyPlan, PLAN_SECTIONS, type Goal, type PlanContent } from '../../src/modules/plans/content.ts';
import { planTaskList, sectionStatus } from '../../src/modules/plans/task-list.ts';

const ID = '0190a5b0-0000-7000-8000-000000000001';
const goal = (actions: number): Goal => ({
  id: ID,
  inOwnWords: 'Cook Sunday lunch again',
  importance: 8,
  status: 'in_progress',
  outcomes: '',
  actions: Array.from({ length: actions }, () => ({
    id: ID,
    what: 'Try the perching stool',
    owner: { kind: 'person', id: null, name: 'Aisha Khan' },
    byWhen: null,
    status: 'not_started',
    confidence: null,
    reviewDate: null,
  })),
});
const plan = (change: Partial<PlanContent>): PlanContent => ({ ...emptyPlan(), ...change });

describe('plan task list', () => {
  test('an empty plan has every section not started, in the order of PLAN_SECTIONS', () => {
    const list = planTaskList(emptyPlan());
    assert.deepEqual(
      list.map((item) => item.key),
      PLAN_SECTIONS.map((section) => section.key),
    );
    assert.ok(list.every((item) => item.status === 'not_started'));
  });

  test('text sections are done once something other than spaces is written', () => {
    assert.equal(sectionStatus('what-matters', plan({ whatMatters: '  \n ' })), 'not_started');
    assert.equal(sectionStatus('what-matters', plan({ whatMatters: 'My garden' })), 'done');
    assert.equal(sectionStatus('strengths', plan({ strengths: 'I can cook' })), 'done');
    assert.equal(sectionStatus('funding', plan({ funding: 'Council personal budget' })), 'done');
  });

  test('needs are done only when every need has a goal and every goal an action', () => {
    const need = (goals: Goal[]) => ({ id: ID, description: 'Getting about the kitchen safely', goals });
    assert.equal(sectionStatus('needs', plan({ needs: [need([])] })), 'in_progress');
    assert.equal(sectionStatus('needs', plan({ needs: [need([goal(0)])] })), 'in_progress');
    assert.equal(sectionStatus('needs', plan({ needs: [need([goal(1), goal(0)])] })), 'in_progress');
    assert.equal(sectionStatus('needs', plan({ needs: [need([goal(1)]), need([])] })), 'in_progress');
    assert.equal(sectionStatus('needs', plan({ needs: [need([goal(1), goal(2)]), need([goal(1)])] })), 'done');
  });

  test('contingency is in progress until all six parts are written', () => {
    const some = { ...emptyPlan().contingency, triggers: 'Loud noise at night' };
    assert.equal(sectionStatus('contingency', plan({ contingency: some })), 'in_progress');
    const all = Object.fromEntries(Object.keys(some).map((key) => [key, 'Written'])) as PlanContent['contingency'];
    assert.equal(sectionStatus('contingency', plan({ contingency: all })), 'done');
  });

  test('who is involved needs people and a lead professional; the review needs a date and who is responsible', () => {
    const involved = { careTeamMemberIds: [], circleMemberIds: [ID] };
    assert.equal(sectionStatus('people', plan({ involved })), 'in_progress');
    assert.equal(
      sectionStatus('people', plan({ leadProfessional: { careTeamMemberId: ID, name: 'Priya Shah' } })),
      'in_progress',
    );
    assert.equal(
      sectionStatus('people', plan({ involved, leadProfessional: { careTeamMemberId: ID, name: 'Priya Shah' } })),
      'done',
    );
    assert.equal(
      sectionStatus(
        'review',
        plan({ review: { date: '2027-01-10', responsibleCareTeamMemberId: null, responsibleName: '' } }),
      ),
      'in_progress',
    );
    assert.equal(
      sectionStatus(
        'review',
        plan({ review: { date: '2027-01-10', responsibleCareTeamMemberId: ID, responsibleName: 'Priya Shah' } }),
      ),
      'done',
    );
  });

  test('a positive-risk decision makes that section done', () => {
    const decision = {
      id: ID,
      risk: 'Using the cooker alone',
      gains: '',
      couldGoWrong: '',
      safeguards: '',
      personView: '',
      agreedBy: '',
    };
    assert.equal(sectionStatus('risks', plan({ riskDecisions: [decision] })), 'done');
  });
});
