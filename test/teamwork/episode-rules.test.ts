import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../src/dates.ts';
import {
  currentSteps,
  delayDays,
  followUpDue,
  followUpMoves,
  isLate,
  nextStep,
  type StepEvent,
} from '../../src/modules/teamwork/episode-rules.ts';
import { STEP_KEYS } from '../../src/modules/teamwork/episode-steps.ts';

const event = (change: Partial<StepEvent> & Pick<StepEvent, 'step'>): StepEvent => ({
  status: 'not_started',
  responsible_id: null,
  expected_on: null,
  ...change,
});

describe('The rules of a transfer of care', () => {
  test('each step stands as its newest event; a step with none is not started and names nobody', () => {
    const steps = currentSteps([
      event({ step: 'admission', status: 'in_progress' }),
      event({ step: 'transport', status: 'blocked', expected_on: '2026-12-10' }),
      event({ step: 'admission', status: 'done' }),
    ]);
    assert.deepEqual(
      steps.map((state) => state.step),
      STEP_KEYS,
    );
    assert.equal(steps[0]!.status, 'done');
    assert.equal(steps.find((state) => state.step === 'transport')!.status, 'blocked');
    const untouched = steps.find((state) => state.step === 'equipment')!;
    assert.deepEqual(untouched, { step: 'equipment', status: 'not_started', latest: null });
  });

  test('what comes next is a blocked step first, else the first not done; nothing when all are done', () => {
    const some = currentSteps([
      event({ step: 'admission', status: 'done' }),
      event({ step: 'funding', status: 'blocked' }),
    ]);
    assert.equal(nextStep(some)!.step, 'funding');
    assert.equal(nextStep(currentSteps([event({ step: 'admission', status: 'done' })]))!.step, 'what_matters');
    assert.equal(nextStep(currentSteps(STEP_KEYS.map((step) => event({ step, status: 'done' })))), undefined);
  });

  test('a delay counts days from when the step was expected, or the day it happened, never below nothing', () => {
    assert.equal(delayDays('2026-12-04', '2026-12-01', '2026-12-11'), 7);
    assert.equal(delayDays(null, '2026-12-01', '2026-12-11'), 10);
    assert.equal(delayDays('2026-12-20', '2026-12-01', '2026-12-11'), 0);
    assert.equal(delayDays('2027-02-27', '2027-02-20', '2027-03-01'), 2, 'across the end of February');
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), fc.integer({ min: 1, max: 400 }), (offset, later) => {
        const happened = '2026-06-01';
        const days = delayDays(addDays(happened, offset), happened, addDays(happened, later));
        return Number.isInteger(days) && days >= 0 && days === Math.max(0, later - offset);
      }),
    );
  });

  test('the follow-up call is due within its hours of leaving, in whole days, and moves with leaving unless done', () => {
    assert.equal(followUpDue('2026-12-10', 48), '2026-12-12');
    assert.equal(followUpDue('2026-12-10', 1), '2026-12-11');
    assert.equal(followUpDue('2026-12-31', 72), '2027-01-03');
    const waiting = currentSteps([event({ step: 'follow_up', responsible_id: 'r', expected_on: '2026-12-12' })]);
    assert.deepEqual(followUpMoves(waiting, '2026-12-20', 48), [
      event({ step: 'follow_up', responsible_id: 'r', expected_on: '2026-12-22' }),
    ]);
    assert.deepEqual(followUpMoves(waiting, '2026-12-10', 48), [], 'already due then');
    const done = currentSteps([event({ step: 'follow_up', status: 'done', expected_on: '2026-12-12' })]);
    assert.deepEqual(followUpMoves(done, '2026-12-20', 48), []);
  });

  test('a step is late when its date has passed and it is not done', () => {
    const [late] = currentSteps([event({ step: 'admission', expected_on: '2026-12-01' })]);
    assert.equal(isLate(late!, '2026-12-02'), true);
    assert.equal(isLate(late!, '2026-12-01'), false);
    const [done] = currentSteps([event({ step: 'admission', status: 'done', expected_on: '2026-12-01' })]);
    assert.equal(isLate(done!, '2026-12-09'), false);
    const [undated] = currentSteps([]);
    assert.equal(isLate(undated!, '2026-12-09'), false);
  });
});
