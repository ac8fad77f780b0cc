import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EVERY_PART } from '../../src/data/person-data.ts';
import { decideAccess } from '../../src/modules/access/policy.ts';
import { gapTable, monthsFrom } from '../../src/modules/directory/gap-report.ts';
import { responseFiguresText } from '../../src/modules/directory/referral-status.ts';

// The plain rules of social-prescribing referrals: who reaches a referral, a service's figures in words, and the gap
// report's suppression.

const serviceStaff = (part: (typeof EVERY_PART)[number], action: 'read' | 'write', referred = true) =>
  decideAccess({
    actor: 'staff',
    role: 'practitioner',
    action,
    part,
    inCareTeam: false,
    sharing: 'none',
    breakGlassGrantId: null,
    referredParts: referred ? ['community_referral'] : [],
  });

describe('who reaches a community referral', () => {
  test('the service’s staff read and answer the referral open to them, and nothing else of the record', () => {
    for (const action of ['read', 'write'] as const)
      assert.deepEqual(serviceStaff('community_referral', action), {
        allowed: true,
        purpose: 'referral',
        breakGlassGrantId: null,
      });
    for (const part of EVERY_PART.filter((one) => one !== 'community_referral'))
      for (const action of ['read', 'write'] as const)
        assert.equal(serviceStaff(part, action).allowed, false, `${part} ${action}`);
    assert.equal(serviceStaff('community_referral', 'read', false).allowed, false, 'no open referral, no access');
  });

  test('a panel’s referral does not open a community referral, nor the other way round', () => {
    const facts = { inCareTeam: false, sharing: 'none' as const, breakGlassGrantId: null };
    assert.equal(
      decideAccess({
        actor: 'staff',
        role: 'practitioner',
        action: 'read',
        part: 'community_referral',
        ...facts,
        referredParts: ['panel_case'],
      }).allowed,
      false,
    );
    assert.equal(
      decideAccess({
        actor: 'staff',
        role: 'panel_member',
        action: 'read',
        part: 'panel_case',
        ...facts,
        referredParts: ['community_referral'],
      }).allowed,
      false,
    );
  });

  test('the care team reach referrals as they reach the plan', () => {
    const team = (sharing: 'share' | 'withhold') =>
      decideAccess({
        actor: 'staff',
        role: 'practitioner',
        action: 'write',
        part: 'community_referral',
        inCareTeam: true,
        sharing,
        breakGlassGrantId: null,
      });
    assert.deepEqual(team('share'), { allowed: true, purpose: 'care', breakGlassGrantId: null });
    assert.equal(team('withhold').allowed, false);
  });

  test('a representative agrees to or stops a referral only with authority over care decisions', () => {
    const representative = (action: 'read' | 'write', authorityCoversCare: boolean) =>
      decideAccess({
        actor: 'citizen',
        action,
        part: 'community_referral',
        link: { actingAs: 'circle_member', mayAct: true, authorityCurrent: true, authorityCoversCare, sharing: 'none' },
      }).allowed;
    assert.equal(representative('write', true), true);
    assert.equal(representative('write', false), false);
    assert.equal(representative('read', false), true, 'they still see what was shared');
    const circle = decideAccess({
      actor: 'citizen',
      action: 'read',
      part: 'community_referral',
      link: {
        actingAs: 'circle_member',
        mayAct: false,
        authorityCurrent: false,
        authorityCoversCare: false,
        sharing: 'share',
      },
    });
    assert.equal(circle.allowed, false, 'sharing the record with the circle does not share referrals');
  });
});

describe('a service’s figures in words', () => {
  test('nothing for fewer than 8 answered referrals', () => {
    assert.equal(responseFiguresText({ answered: 7, accepted: 7, medianDays: 2 }), null);
    assert.equal(responseFiguresText({ answered: 0, accepted: 0, medianDays: null }), null);
  });
  test('the median days and the share accepted, out of 10', () => {
    assert.equal(
      responseFiguresText({ answered: 10, accepted: 8, medianDays: 2.2 }),
      'Usually answers in 2 days. Accepts 8 in 10 referrals.',
    );
    assert.equal(
      responseFiguresText({ answered: 9, accepted: 3, medianDays: 0.3 }),
      'Usually answers within a day. Accepts 3 in 10 referrals.',
    );
    assert.equal(
      responseFiguresText({ answered: 12, accepted: 12, medianDays: 1 }),
      'Usually answers in 1 day. Accepts 10 in 10 referrals.',
    );
  });
});

describe('the gap report’s tables', () => {
  test('months from one to another', () => {
    assert.deepEqual(monthsFrom('2025-11', '2026-02'), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(monthsFrom('2026-03', '2026-02'), []);
  });

  test('1 to 7 is *, the rest to the nearest 5, and no * can be found from a total', () => {
    const table = gapTable(
      [
        { month: '2026-01', area: 'ZZ1', column: 'Loneliness', count: 3 },
        { month: '2026-01', area: 'ZZ1', column: 'Walking', count: 12 },
        { month: '2026-01', area: 'ZZ2', column: 'Loneliness', count: 20 },
        { month: '2026-01', area: 'ZZ2', column: 'Walking', count: 11 },
      ],
      ['2026-01'],
    );
    assert.deepEqual(table.columns, ['Loneliness', 'Walking']);
    // In two areas by two needs, one small cell hides the other three: any one shown would give it away from a total.
    assert.deepEqual(
      table.rows.map((row) => [row.name, ...row.cells.map((cell) => cell.people), row.total.people]),
      [
        ['ZZ1', '*', '*', '15'],
        ['ZZ2', '*', '*', '30'],
      ],
    );
    assert.deepEqual([...table.totals.cells.map((cell) => cell.people), table.totals.total.people], ['25', '25', '45']);
  });

  test('a month’s small figure stays hidden in a longer period', () => {
    const table = gapTable(
      [
        { month: '2026-01', area: 'ZZ1', column: 'Walking', count: 2 },
        { month: '2026-02', area: 'ZZ1', column: 'Walking', count: 30 },
        { month: '2026-02', area: 'ZZ2', column: 'Walking', count: 30 },
      ],
      ['2026-01', '2026-02'],
    );
    assert.equal(table.rows[0]!.cells[0]!.people, '*', 'February less January would give the 2 away');
  });
});
