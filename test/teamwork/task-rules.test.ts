import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TaskEvent } from '../../src/modules/teamwork/store-tasks.ts';
import { eventChanges, isOverdue, ownerValue, parseOwner } from '../../src/modules/teamwork/task-rules.ts';
import { passesFilter } from '../../src/modules/teamwork/timeline-service.ts';

const ID = '01a23400-037c-7235-83f7-216198005c21';

const event = (change: Partial<TaskEvent>): TaskEvent => ({
  person_id: ID,
  task_id: ID,
  number: 1,
  kind: 'created',
  status: 'to_do',
  reason: null,
  owner_kind: 'person',
  owner_id: null,
  owner_organisation_id: null,
  owner_name: 'Aisha Khan',
  due_on: '2027-01-10',
  note: null,
  by_kind: 'staff',
  by_id: ID,
  by_name: 'Priya Shah, Social worker',
  at: new Date('2027-01-01T10:00:00Z'),
  ...change,
});

describe('The rules of tasks', () => {
  test('an owner is read only from the forms the list offers', () => {
    assert.deepEqual(parseOwner('person'), { kind: 'person' });
    assert.deepEqual(parseOwner(`staff:${ID.toUpperCase()}`), { kind: 'staff', id: ID });
    assert.deepEqual(parseOwner(`team:${ID}`), { kind: 'team', id: ID });
    assert.deepEqual(parseOwner(`circle:${ID}`), { kind: 'circle_member', id: ID });
    for (const forged of [
      '',
      'boss',
      `boss:${ID}`,
      'staff:',
      'staff:123',
      `staff:${ID}:x`,
      `person:${ID}`,
      `circle_member:${ID}`,
    ])
      assert.equal(parseOwner(forged), undefined, forged);
    assert.equal(ownerValue({ owner_kind: 'circle_member', owner_id: ID }), `circle:${ID}`);
    assert.equal(ownerValue({ owner_kind: 'person', owner_id: null }), 'person');
  });

  test('a task is overdue when it is open and its day has passed', () => {
    assert.equal(isOverdue({ status: 'to_do', due_on: '2027-01-09' }, '2027-01-10'), true);
    assert.equal(isOverdue({ status: 'delayed', due_on: '2027-01-09' }, '2027-01-10'), true);
    assert.equal(isOverdue({ status: 'to_do', due_on: '2027-01-10' }, '2027-01-10'), false, 'due today is not late');
    assert.equal(isOverdue({ status: 'done', due_on: '2027-01-01' }, '2027-01-10'), false);
    assert.equal(isOverdue({ status: 'cancelled', due_on: '2027-01-01' }, '2027-01-10'), false);
    assert.equal(isOverdue({ status: 'to_do', due_on: null }, '2027-01-10'), false);
  });

  test('each event says what it changed from the one before', () => {
    const name = (e: TaskEvent) => (e.owner_kind === 'person' ? 'you' : e.owner_name);
    const first = event({});
    assert.deepEqual(eventChanges(first, undefined, name), ['Added, for you, status to do']);
    const delayed = event({ number: 2, kind: 'status', status: 'delayed', reason: 'Waiting for the OT' });
    assert.deepEqual(eventChanges(delayed, first, name), ['Status changed from to do to delayed']);
    const handed = event({
      number: 3,
      kind: 'handed_over',
      status: 'delayed',
      owner_kind: 'staff',
      owner_id: ID,
      owner_name: 'Dr Tom Okafor, GP',
    });
    assert.deepEqual(eventChanges(handed, delayed, name), ['Handed over from you to Dr Tom Okafor, GP']);
    assert.deepEqual(eventChanges(event({ number: 4, note: 'Just a note' }), first, name), ['No change but a note']);
  });

  test('the timeline filter keeps the kinds asked for, on or between the dates (in UK time)', () => {
    const entry = {
      at: new Date('2027-06-30T23:30:00Z'),
      kind: 'note' as const,
      part: 'notes' as const,
      title: 'Note',
      who: 'Priya',
    };
    assert.equal(passesFilter(entry, { kinds: [], from: null, to: null }), true);
    assert.equal(passesFilter(entry, { kinds: ['task'], from: null, to: null }), false);
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    assert.equal(passesFilter(entry, { kinds: ['note'], from: '2027-07-01', to: '2027-07-01' }), true);
    assert.equal(passesFilter(entry, { kinds: [], from: null, to: '2027-06-30' }), false);
  });
});
