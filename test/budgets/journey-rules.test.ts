import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addMonths } from '../../src/dates.ts';
import {
  JOURNEY_STEP_KEYS,
  doneByRecord,
  isJourneyStep,
  nextReview,
  stepState,
  type JourneyFacts,
} from '../../src/modules/budgets/journey.ts';

const facts = (over: Partial<JourneyFacts> = {}): JourneyFacts => ({
  hasAllocation: false,
  planLines: 0,
  streamsGivenPence: [],
  ...over,
});

describe('Moving a date by whole months', () => {
  test('a day the later month does not have becomes its last day', () => {
    assert.equal(addMonths('2026-08-31', 6), '2027-02-28');
    assert.equal(addMonths('2027-08-31', 6), '2028-02-29', 'into a leap year');
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28', 'from a leap day');
    assert.equal(addMonths('2024-02-29', 48), '2028-02-29', 'leap day to leap day');
    assert.equal(addMonths('2026-03-31', 6), '2026-09-30');
    assert.equal(addMonths('2026-05-31', 1), '2026-06-30');
  });

  test('across the end of a year, and the same day when the month has it', () => {
    assert.equal(addMonths('2026-07-15', 6), '2027-01-15');
    assert.equal(addMonths('2026-12-31', 12), '2027-12-31');
    assert.equal(addMonths('2026-09-30', 6), '2027-03-30');
    assert.equal(addMonths('2026-01-01', -1), '2025-12-01');
  });
});

describe('When a direct payment is reviewed', () => {
  test('no payment yet: no date, and the first review is still to come', () => {
    assert.deepEqual(nextReview(null, null, '2026-12-01'), { dueOn: null, first: true, overdue: false });
    assert.deepEqual(nextReview(null, '2026-06-01', '2026-12-01'), { dueOn: null, first: true, overdue: false });
  });

  test('the first review is due within 6 months of the first payment, month ends held', () => {
    assert.deepEqual(nextReview('2026-08-31', null, '2026-12-01'), {
      dueOn: '2027-02-28',
      first: true,
      overdue: false,
    });
    assert.equal(nextReview('2027-08-31', null, '2027-09-01').dueOn, '2028-02-29');
    assert.equal(nextReview('2025-08-29', null, '2025-09-01').dueOn, '2026-02-28');
    assert.equal(nextReview('2023-08-29', null, '2023-09-01').dueOn, '2024-02-29');
  });

  test('overdue from the day after the date it was due by, not on it', () => {
    assert.equal(nextReview('2026-08-31', null, '2027-02-28').overdue, false);
    assert.equal(nextReview('2026-08-31', null, '2027-03-01').overdue, true);
  });

  test('after a review, the next is due within 12 months of it', () => {
    assert.deepEqual(nextReview('2026-01-10', '2026-06-30', '2026-12-01'), {
      dueOn: '2027-06-30',
      first: false,
      overdue: false,
    });
    assert.equal(nextReview('2023-09-01', '2024-02-29', '2024-03-01').dueOn, '2025-02-28');
    assert.equal(nextReview('2023-09-01', '2024-02-29', '2025-03-01').overdue, true);
  });

  test('a review on the day of the first payment counts; one before it does not', () => {
    assert.deepEqual(nextReview('2026-03-31', '2026-03-31', '2026-04-01'), {
      dueOn: '2027-03-31',
      first: false,
      overdue: false,
    });
    assert.deepEqual(nextReview('2026-03-31', '2026-03-30', '2026-04-01'), {
      dueOn: '2026-09-30',
      first: true,
      overdue: false,
    });
  });
});

describe('Where each step is up to', () => {
  test('eight steps, in order, and nothing else is a step', () => {
    assert.deepEqual(JOURNEY_STEP_KEYS, [
      'eligibility',
      'needs',
      'indicative_amount',
      'plan',
      'approval',
      'money',
      'support',
      'review',
    ]);
    assert.equal(isJourneyStep('plan'), true);
    assert.equal(isJourneyStep('toString'), false);
    assert.equal(isJourneyStep('constructor'), false);
    assert.equal(isJourneyStep(undefined), false);
  });

  test('a step the team marks is what was saved, or not started', () => {
    assert.equal(doneByRecord('eligibility', facts()), null);
    assert.equal(stepState('eligibility', undefined, facts()), 'not_started');
    assert.equal(stepState('eligibility', 'done', facts()), 'done');
    assert.equal(stepState('approval', 'in_progress', facts()), 'in_progress');
  });

  test('the plan is done exactly when the support plan has lines, whatever was saved', () => {
    assert.equal(doneByRecord('plan', facts()), false);
    assert.equal(stepState('plan', 'done', facts()), 'in_progress');
    assert.equal(stepState('plan', undefined, facts()), 'not_started');
    assert.equal(stepState('plan', 'in_progress', facts()), 'in_progress');
    assert.equal(stepState('plan', undefined, facts({ planLines: 1 })), 'done');
    assert.equal(stepState('plan', 'not_started', facts({ planLines: 3 })), 'done');
  });

  test('the money is set up when every stream has given money, and not while there is none', () => {
    assert.equal(doneByRecord('money', facts()), false);
    assert.equal(doneByRecord('money', facts({ streamsGivenPence: [100, 0] })), false);
    assert.equal(doneByRecord('money', facts({ streamsGivenPence: [100, 1] })), true);
  });

  test('the indicative amount is done once a figure has been worked out for the person', () => {
    assert.equal(stepState('indicative_amount', 'done', facts()), 'in_progress');
    assert.equal(stepState('indicative_amount', undefined, facts({ hasAllocation: true })), 'done');
  });
});
