import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { StaffRole } from '../../src/data/actor.ts';
import {
  decideAccess,
  ROLE_PERMISSIONS,
  sharingInForce,
  type AccessFacts,
  type SharingDecisionRow,
  type SharingState,
} from '../../src/modules/access/policy.ts';
import { RECORD_PARTS, type AccessPart } from '../../src/data/person-data.ts';
import { roleDoes } from '../../src/modules/identity/index.ts';

const ROLES = Object.keys(ROLE_PERMISSIONS) as StaffRole[];
const PARTS: AccessPart[] = [...RECORD_PARTS, 'access_log', 'sharing', 'care_team', 'messages'];
const isRecordPart = (part: AccessPart) => (RECORD_PARTS as readonly string[]).includes(part);
const GRANT = '01900000-0000-7000-8000-000000000001';

type StaffFacts = Extract<AccessFacts, { actor: 'staff' }>;
type CitizenFacts = Extract<AccessFacts, { actor: 'citizen' }>;

const sharingState = fc.constantFrom<SharingState>('share', 'withhold', 'none');
const staffFacts: fc.Arbitrary<StaffFacts> = fc.record({
  actor: fc.constant('staff' as const),
  role: fc.constantFrom(...ROLES),
  action: fc.constantFrom('read' as const, 'write' as const),
  part: fc.constantFrom(...PARTS),
  inCareTeam: fc.boolean(),
  sharing: sharingState,
  breakGlassGrantId: fc.option(fc.uuid(), { nil: null }),
});
const citizenFacts: fc.Arbitrary<CitizenFacts> = fc.record({
  actor: fc.constant('citizen' as const),
  action: fc.constantFrom('read' as const, 'write' as const),
  part: fc.constantFrom(...PARTS),
  link: fc.oneof(
    fc.constant(null),
    fc.constant({ actingAs: 'self' as const }),
    fc.record({
      actingAs: fc.constant('circle_member' as const),
      mayAct: fc.boolean(),
      authorityCurrent: fc.boolean(),
      authorityCoversCare: fc.boolean(),
      sharing: sharingState,
    }),
  ),
});

const staff = (facts: Partial<StaffFacts>): StaffFacts => ({
  actor: 'staff',
  role: 'practitioner',
  action: 'read',
  part: 'details',
  inCareTeam: true,
  sharing: 'share',
  breakGlassGrantId: null,
  ...facts,
});

describe('decideAccess', () => {
  describe('examples from the demo area', () => {
    test('a social worker in the care team reads and writes what the person shares with her council', () => {
      assert.deepEqual(decideAccess(staff({ part: 'plan' })), {
        allowed: true,
        purpose: 'care',
        breakGlassGrantId: null,
      });
      assert.deepEqual(decideAccess(staff({ part: 'notes', action: 'write' })), {
        allowed: true,
        purpose: 'care',
        breakGlassGrantId: null,
      });
    });

    test('a link worker in the team cannot see a part that is not shared with them, unless they use emergency access', () => {
      assert.deepEqual(decideAccess(staff({ part: 'plan', sharing: 'none' })), { allowed: false });
      assert.deepEqual(decideAccess(staff({ part: 'plan', sharing: 'withhold', breakGlassGrantId: GRANT })), {
        allowed: true,
        purpose: 'emergency',
        breakGlassGrantId: GRANT,
      });
    });

    test('a nurse outside the team sees nothing without a grant, and can only read with one', () => {
      assert.deepEqual(decideAccess(staff({ inCareTeam: false })), { allowed: false });
      assert.deepEqual(decideAccess(staff({ inCareTeam: false, breakGlassGrantId: GRANT })), {
        allowed: true,
        purpose: 'emergency',
        breakGlassGrantId: GRANT,
      });
      assert.deepEqual(decideAccess(staff({ inCareTeam: false, breakGlassGrantId: GRANT, action: 'write' })), {
        allowed: false,
      });
    });

    test('the care team and sharing choices need only the relationship', () => {
      assert.equal(decideAccess(staff({ part: 'care_team', sharing: 'none' })).allowed, true);
      assert.equal(decideAccess(staff({ part: 'sharing', action: 'write', sharing: 'none' })).allowed, true);
      assert.equal(
        decideAccess(staff({ part: 'sharing', action: 'read', sharing: 'none' })).allowed,
        false,
        'practitioners do not read sharing choices as a part',
      );
    });

    test('messages: practitioners in the team and anyone in the circle reach the door; an emergency does not open them', () => {
      for (const action of ['read', 'write'] as const) {
        assert.deepEqual(decideAccess(staff({ part: 'messages', action, sharing: 'withhold' })), {
          allowed: true,
          purpose: 'care',
          breakGlassGrantId: null,
        });
        assert.deepEqual(
          decideAccess({
            actor: 'citizen',
            action,
            part: 'messages',
            link: {
              actingAs: 'circle_member',
              mayAct: false,
              authorityCurrent: false,
              authorityCoversCare: false,
              sharing: 'withhold',
            },
          }),
          { allowed: true, purpose: 'circle', breakGlassGrantId: null },
        );
      }
      assert.deepEqual(
        decideAccess(staff({ part: 'messages', inCareTeam: false, breakGlassGrantId: GRANT })),
        { allowed: false },
        'emergency access reads the record, not conversations',
      );
      for (const role of ['manager', 'panel_member', 'privacy_officer'] as const)
        assert.equal(decideAccess(staff({ role, part: 'messages' })).allowed, false, role);
      assert.deepEqual(decideAccess({ actor: 'citizen', action: 'read', part: 'messages', link: null }), {
        allowed: false,
      });
    });

    test('a manager and a panel member only read, and only some parts', () => {
      assert.equal(decideAccess(staff({ role: 'manager', part: 'budget' })).allowed, true);
      assert.equal(decideAccess(staff({ role: 'manager', part: 'about_me' })).allowed, false);
      assert.equal(decideAccess(staff({ role: 'panel_member', part: 'plan', action: 'write' })).allowed, false);
      assert.equal(
        decideAccess(staff({ role: 'manager', inCareTeam: false, breakGlassGrantId: GRANT })).allowed,
        false,
        'no emergency access for managers',
      );
    });

    test('a privacy officer reads the access log of anyone, and nothing else', () => {
      assert.deepEqual(
        decideAccess(staff({ role: 'privacy_officer', part: 'access_log', inCareTeam: false, sharing: 'none' })),
        { allowed: true, purpose: 'privacy_review', breakGlassGrantId: null },
      );
      assert.equal(decideAccess(staff({ role: 'privacy_officer', part: 'details' })).allowed, false);
      assert.equal(
        decideAccess(staff({ role: 'privacy_officer', part: 'access_log', action: 'write' })).allowed,
        false,
      );
    });

    test('the person, their attorney and their carer', () => {
      const citizen = (link: CitizenFacts['link'], part: AccessPart, action: 'read' | 'write' = 'read') =>
        decideAccess({ actor: 'citizen', action, part, link });
      assert.deepEqual(citizen({ actingAs: 'self' }, 'access_log'), {
        allowed: true,
        purpose: 'self',
        breakGlassGrantId: null,
      });
      assert.deepEqual(
        citizen(
          {
            actingAs: 'circle_member',
            mayAct: true,
            authorityCurrent: true,
            authorityCoversCare: false,
            sharing: 'none',
          },
          'budget',
          'write',
        ),
        { allowed: true, purpose: 'representative', breakGlassGrantId: null },
      );
      const carer = {
        actingAs: 'circle_member' as const,
        mayAct: false,
        authorityCurrent: true,
        authorityCoversCare: false,
        sharing: 'share' as const,
      };
      assert.deepEqual(citizen(carer, 'plan'), { allowed: true, purpose: 'circle', breakGlassGrantId: null });
      assert.deepEqual(citizen(carer, 'access_log'), { allowed: false });
      assert.deepEqual(citizen(carer, 'plan', 'write'), { allowed: false });
      assert.deepEqual(
        citizen({ ...carer, mayAct: true, authorityCurrent: false, sharing: 'none' }, 'plan'),
        { allowed: false },
        'an authority that has ended gives no more than sharing',
      );
      assert.deepEqual(citizen(null, 'details'), { allowed: false });
    });
  });

  describe('properties over every combination', () => {
    test("nothing is allowed that the role's permissions leave out (deny by default)", () => {
      fc.assert(
        fc.property(staffFacts, (facts) => {
          if (!ROLE_PERMISSIONS[facts.role][facts.action].includes(facts.part))
            assert.deepEqual(decideAccess(facts), { allowed: false });
        }),
      );
    });

    test("every staff allowance has a reason: privacy review, care with the person's agreement, or an emergency read", () => {
      fc.assert(
        fc.property(staffFacts, (facts) => {
          const decision = decideAccess(facts);
          if (!decision.allowed) return;
          if (decision.purpose === 'privacy_review') {
            assert.equal(facts.role, 'privacy_officer');
            assert.equal(decision.breakGlassGrantId, null);
          } else if (decision.purpose === 'care') {
            assert.ok(facts.inCareTeam);
            assert.ok(!isRecordPart(facts.part) || facts.sharing === 'share');
            assert.equal(decision.breakGlassGrantId, null);
          } else {
            assert.equal(decision.purpose, 'emergency');
            assert.equal(facts.action, 'read');
            assert.notEqual(facts.part, 'messages');
            assert.ok(roleDoes(facts.role, 'useEmergencyAccess'));
            assert.equal(decision.breakGlassGrantId, facts.breakGlassGrantId);
            assert.notEqual(decision.breakGlassGrantId, null);
          }
        }),
      );
    });

    test('emergency access never allows a change', () => {
      fc.assert(
        fc.property(staffFacts, (facts) => {
          if (!facts.inCareTeam && facts.action === 'write') assert.equal(decideAccess(facts).allowed, false);
        }),
      );
    });

    test('a care-team member never reads a record part the person has not shared, except in an emergency', () => {
      fc.assert(
        fc.property(staffFacts, (facts) => {
          const decision = decideAccess({ ...facts, sharing: facts.sharing === 'share' ? 'withhold' : facts.sharing });
          if (isRecordPart(facts.part) && decision.allowed) assert.equal(decision.purpose, 'emergency');
        }),
      );
    });

    test('more relationship, more sharing or a grant never take access away', () => {
      fc.assert(
        fc.property(staffFacts, (facts) => {
          if (!decideAccess(facts).allowed) return;
          assert.equal(decideAccess({ ...facts, inCareTeam: true }).allowed, true, 'joining the care team');
          assert.equal(decideAccess({ ...facts, sharing: 'share' }).allowed, true, 'sharing the part');
          assert.equal(
            decideAccess({ ...facts, breakGlassGrantId: facts.breakGlassGrantId ?? GRANT }).allowed,
            true,
            'holding a grant',
          );
        }),
      );
    });

    test('administrators see nothing; only privacy officers read the access log; no member of staff writes it', () => {
      fc.assert(
        fc.property(staffFacts, (facts) => {
          const decision = decideAccess(facts);
          if (facts.role === 'administrator') assert.equal(decision.allowed, false);
          if (facts.part === 'access_log')
            assert.equal(decision.allowed, facts.role === 'privacy_officer' && facts.action === 'read');
        }),
      );
    });

    test('citizens: the person may do anything, a current representative too (sharing only with care authority), anyone else only reads what is shared, and reaches messages', () => {
      fc.assert(
        fc.property(citizenFacts, (facts) => {
          const decision = decideAccess(facts);
          const link = facts.link;
          if (!link) return assert.deepEqual(decision, { allowed: false });
          if (link.actingAs === 'self')
            return assert.deepEqual(decision, { allowed: true, purpose: 'self', breakGlassGrantId: null });
          if (link.mayAct && link.authorityCurrent)
            return assert.deepEqual(
              decision,
              // Sharing choices change only under an authority over care and health (who-may-change.ts, rule 1).
              facts.part === 'sharing' && facts.action === 'write' && !link.authorityCoversCare
                ? { allowed: false }
                : { allowed: true, purpose: 'representative', breakGlassGrantId: null },
            );
          // Anyone in the circle reaches the messages' door (who takes part is the messages' own rule).
          const mayRead = facts.action === 'read' && isRecordPart(facts.part) && link.sharing === 'share';
          assert.deepEqual(
            decision,
            mayRead || facts.part === 'messages'
              ? { allowed: true, purpose: 'circle', breakGlassGrantId: null }
              : { allowed: false },
          );
        }),
      );
    });

    test('a decision is always well formed', () => {
      fc.assert(
        fc.property(fc.oneof(staffFacts, citizenFacts), (facts) => {
          const decision = decideAccess(facts);
          assert.ok(
            decision.allowed === false ? Object.keys(decision).length === 1 : typeof decision.purpose === 'string',
          );
        }),
      );
    });
  });
});

describe('sharingInForce', () => {
  const TODAY = '2026-03-01';
  const row = (
    audience_kind: SharingDecisionRow['audience_kind'],
    decision: 'share' | 'withhold',
    until_date: string | null = null,
  ): SharingDecisionRow => ({ audience_kind, decision, until_date });

  test('examples', () => {
    assert.equal(sharingInForce([], TODAY), 'none');
    assert.equal(sharingInForce([row('organisation', 'share')], TODAY), 'share');
    assert.equal(
      sharingInForce([row('staff', 'withhold'), row('organisation', 'share')], TODAY),
      'withhold',
      'the named person wins over their organisation',
    );
    assert.equal(
      sharingInForce([row('organisation', 'share'), row('staff', 'withhold')], TODAY),
      'withhold',
      'whatever the order between kinds',
    );
    assert.equal(
      sharingInForce([row('organisation', 'withhold'), row('organisation', 'share')], TODAY),
      'withhold',
      'the newest decision wins',
    );
    assert.equal(sharingInForce([row('organisation', 'share', '2026-02-28')], TODAY), 'none', 'past its end date');
    assert.equal(
      sharingInForce([row('organisation', 'share', TODAY)], TODAY),
      'share',
      'still in force on its last day',
    );
    assert.equal(
      sharingInForce([row('staff', 'withhold', '2026-02-01'), row('organisation', 'share')], TODAY),
      'share',
      'an ended decision for the person leaves the organisation one',
    );
    assert.equal(
      sharingInForce([row('organisation', 'share', '2026-02-01'), row('organisation', 'withhold')], TODAY),
      'none',
      'an older decision does not come back when a newer one ends',
    );
    assert.equal(sharingInForce([row('circle_member', 'share')], TODAY), 'share');
  });

  const day = fc
    .integer({ min: 0, max: 60 })
    .map((offset) => new Date(Date.UTC(2025, 2, 1) + offset * 86_400_000).toISOString().slice(0, 10));
  const decisionRow = fc.record({
    audience_kind: fc.constantFrom<SharingDecisionRow['audience_kind']>('organisation', 'staff', 'circle_member'),
    decision: fc.constantFrom<'share' | 'withhold'>('share', 'withhold'),
    until_date: fc.option(day, { nil: null }),
  });

  /** The rule written out the long way: the newest decision for a named audience, if in force; else the newest for the organisation. */
  const model = (rows: SharingDecisionRow[], today: string): SharingState => {
    const named = rows.filter((candidate) => candidate.audience_kind !== 'organisation')[0];
    if (named && (named.until_date === null || named.until_date >= today)) return named.decision;
    const organisation = rows.filter((candidate) => candidate.audience_kind === 'organisation')[0];
    if (organisation && (organisation.until_date === null || organisation.until_date >= today))
      return organisation.decision;
    return 'none';
  };

  test('agrees with the rule written out the long way', () => {
    fc.assert(
      fc.property(fc.array(decisionRow, { maxLength: 8 }), day, (rows, today) => {
        assert.equal(sharingInForce(rows, today), model(rows, today));
      }),
    );
  });

  test('older decisions never change the answer once a newer one of each kind exists', () => {
    fc.assert(
      fc.property(
        fc.array(decisionRow, { maxLength: 6 }),
        fc.array(decisionRow, { maxLength: 6 }),
        day,
        (newer, older, today) => {
          const kinds = new Set(
            newer.map((candidate) => (candidate.audience_kind === 'organisation' ? 'organisation' : 'named')),
          );
          const olderOfKnownKinds = older.filter((candidate) =>
            kinds.has(candidate.audience_kind === 'organisation' ? 'organisation' : 'named'),
          );
          assert.equal(sharingInForce([...newer, ...olderOfKnownKinds], today), sharingInForce(newer, today));
        },
      ),
    );
  });

  test('decisions that have all ended mean nothing is shared or withheld', () => {
    fc.assert(
      fc.property(fc.array(decisionRow, { maxLength: 8 }), (rows) => {
        const ended = rows.map((candidate) => ({ ...candidate, until_date: '2026-02-28' }));
        assert.equal(sharingInForce(ended, TODAY), 'none');
      }),
    );
  });

  test('a named decision in force always wins', () => {
    fc.assert(
      fc.property(
        fc.array(decisionRow, { maxLength: 8 }),
        fc.constantFrom<'share' | 'withhold'>('share', 'withhold'),
        (rows, decision) => {
          assert.equal(sharingInForce([row('staff', decision), ...rows], TODAY), decision);
        },
      ),
    );
  });
});
