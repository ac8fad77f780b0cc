import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assessmentDateProblem,
  mayAgreeForPerson,
  representativeStanding,
  type CapacityFacts,
  type PersonSideAgreer,
} from '../../src/modules/plans/capacity-rule.ts';

const CANNOT: CapacityFacts = {
  assessedOn: '2026-11-03',
  assessorName: 'Dr Tom Okafor',
  assessorRole: 'GP',
  outcome: 'cannot',
  involvement: 'We read the plan together at home.',
  wishes: 'I want to stay at home.',
};
const CAN: CapacityFacts = { ...CANNOT, outcome: 'can' };
const attorney = (
  authorityType: Extract<PersonSideAgreer, { as: 'representative' }>['authorityType'],
  inForce = true,
) => ({ as: 'representative', authorityType, authorityInForce: inForce }) as const;

describe('who may agree for the person (Mental Capacity Act 2005)', () => {
  test('the person agrees for themselves, with or without any assessment', () => {
    for (const capacity of [null, CANNOT, CAN])
      assert.deepEqual(mayAgreeForPerson('Aisha Khan', 'care', { as: 'self' }, capacity), { may: true });
  });

  test('a circle member without authority to act never agrees for the person', () => {
    const answer = mayAgreeForPerson('Aisha Khan', 'care', { as: 'circle' }, CANNOT);
    assert.deepEqual(answer, {
      may: false,
      reason: 'Only Aisha Khan, or someone who may act for them, can agree this.',
    });
  });

  test('a care authority in force, with an assessment finding the person cannot decide, may agree the care plan', () => {
    for (const type of ['lpa_health_welfare', 'deputy_personal_welfare'] as const)
      assert.deepEqual(mayAgreeForPerson('Aisha Khan', 'care', attorney(type), CANNOT), { may: true }, type);
  });

  test('without the capacity facts, or when the assessment found the person can decide, the representative cannot agree', () => {
    assert.deepEqual(mayAgreeForPerson('Aisha Khan', 'care', attorney('lpa_health_welfare'), null), {
      may: false,
      reason:
        'Before you agree for Aisha Khan, record the assessment of whether they can make this decision themselves.',
    });
    assert.deepEqual(mayAgreeForPerson('Aisha Khan', 'care', attorney('lpa_health_welfare'), CAN), {
      may: false,
      reason:
        'The assessment found that Aisha Khan can make this decision, so they agree it themselves. You can help them to do it.',
    });
  });

  test('money authorities never agree the care plan, even with an assessment; they are told why', () => {
    for (const [type, words] of [
      ['lpa_property_finance', 'lasting power of attorney for property and financial affairs'],
      ['deputy_property_affairs', 'deputy for property and affairs (Court of Protection)'],
      ['appointee', 'appointee for benefits'],
    ] as const) {
      const answer = mayAgreeForPerson('Aisha Khan', 'care', attorney(type), CANNOT);
      assert.deepEqual(
        answer,
        {
          may: false,
          reason: `Your ${words} does not cover decisions about care and health, so you cannot agree this for Aisha Khan. Only Aisha Khan can agree this, or someone with a lasting power of attorney for health and welfare, or a deputy for personal welfare.`,
        },
        type,
      );
    }
  });

  test('care authorities do not agree money decisions; money authorities do, with the capacity facts', () => {
    assert.equal(mayAgreeForPerson('Aisha Khan', 'money', attorney('lpa_health_welfare'), CANNOT).may, false);
    assert.equal(mayAgreeForPerson('Aisha Khan', 'money', attorney('deputy_property_affairs'), CANNOT).may, true);
    assert.equal(mayAgreeForPerson('Aisha Khan', 'money', attorney('deputy_property_affairs'), CAN).may, false);
  });

  test('no recorded authority, or one not in force today, agrees nothing', () => {
    assert.deepEqual(representativeStanding('Aisha Khan', 'care', null, true), {
      may: false,
      reason:
        'You do not have a recorded authority to make decisions about care and health for Aisha Khan, so you cannot agree this for them. Only Aisha Khan can agree this, or someone with a lasting power of attorney for health and welfare, or a deputy for personal welfare.',
    });
    assert.deepEqual(mayAgreeForPerson('Aisha Khan', 'care', attorney('lpa_health_welfare', false), CANNOT), {
      may: false,
      reason: 'Your authority to act for Aisha Khan is not in force today, so you cannot agree this for them.',
    });
  });

  test('an assessment is of this decision: from the day the version was saved up to today', () => {
    assert.equal(assessmentDateProblem('2026-11-03', '2026-11-03', '2026-11-03'), undefined);
    assert.equal(assessmentDateProblem('2026-11-04', '2026-11-01', '2026-11-10'), undefined);
    assert.equal(
      assessmentDateProblem('2026-11-11', '2026-11-01', '2026-11-10'),
      'The date of the assessment must be today or in the past',
    );
    assert.equal(
      assessmentDateProblem('2026-10-31', '2026-11-01', '2026-11-10'),
      'The assessment must be about agreeing this version of the plan, so it cannot be from before the version was saved',
    );
  });
});
