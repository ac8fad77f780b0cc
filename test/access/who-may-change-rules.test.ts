// The rules of who may change what, as plain functions: no database, every case written out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StaffActor } from '../../src/data/actor.ts';
import { decideAccess } from '../../src/modules/access/policy.ts';
import {
  addableOrganisation,
  mayAddPlace,
  mayEndPlace,
  maySettle,
  splitRecorded,
  type TeamStanding,
} from '../../src/modules/access/who-may-change.ts';
import { authorityCovers, authorityInForce } from '../../src/modules/people/authority.ts';

const staff = (id: string, organisationId: string, role: StaffActor['role'] = 'practitioner'): StaffActor => ({
  kind: 'staff',
  id,
  name: id,
  email: `${id}@example.org`,
  role,
  jobTitle: 'Worker',
  organisationId,
  organisationName: organisationId,
  organisationLogoUrl: null,
  sessionId: 'session',
});
const standing = (actor: StaffActor, keyWorker = false, leadProfessional = false): TeamStanding => ({
  staff: actor,
  keyWorker,
  leadProfessional,
});

describe('sharing choices recorded by staff (rule 2)', () => {
  const sam = staff('sam', 'hub');
  const changes = [
    { part: 'plan' as const, decision: 'share' as const },
    { part: 'notes' as const, decision: 'withhold' as const },
  ];

  test('sharing more with the recorder, or their organisation, waits; stopping sharing does not', () => {
    for (const audience of [
      { kind: 'staff' as const, id: 'sam' },
      { kind: 'organisation' as const, id: 'hub' },
    ]) {
      const split = splitRecorded(changes, audience, sam);
      assert.deepEqual(split.waiting, [changes[0]]);
      assert.deepEqual(split.now, [changes[1]]);
    }
  });

  test('sharing more with anyone else counts at once', () => {
    for (const audience of [
      { kind: 'staff' as const, id: 'tom' },
      { kind: 'organisation' as const, id: 'gp' },
      { kind: 'circle_member' as const, id: 'sam' },
    ])
      assert.deepEqual(splitRecorded(changes, audience, sam), { now: changes, waiting: [] });
  });

  test('the recorder cannot settle their own choice', () => {
    assert.equal(maySettle({ recorded_by_id: 'sam' }, sam), false);
    assert.equal(maySettle({ recorded_by_id: 'sam' }, staff('priya', 'council')), true);
  });
});

describe('care-team places (rule 4)', () => {
  const place = { staff_account_id: 'tom', organisation_id: 'gp' };

  test('the key worker and the lead professional add anyone and end any place', () => {
    for (const who of [standing(staff('priya', 'council'), true), standing(staff('grace', 'trust'), false, true)]) {
      assert.equal(mayAddPlace(who, 'gp'), true);
      assert.equal(mayEndPlace(who, place), true);
      assert.equal(addableOrganisation(who), 'any');
    }
  });

  test('a manager adds and ends places of their own organisation only', () => {
    const helen = standing(staff('helen', 'gp', 'manager'));
    assert.equal(mayAddPlace(helen, 'gp'), true);
    assert.equal(mayAddPlace(helen, 'trust'), false);
    assert.equal(mayEndPlace(helen, place), true);
    assert.equal(mayEndPlace(helen, { staff_account_id: 'grace', organisation_id: 'trust' }), false);
    assert.deepEqual(addableOrganisation(helen), { organisationId: 'gp' });
  });

  test('any other member adds nobody, and ends only their own place', () => {
    const sam = standing(staff('sam', 'hub'));
    assert.equal(mayAddPlace(sam, 'hub'), false);
    assert.equal(addableOrganisation(sam), null);
    assert.equal(mayEndPlace(sam, place), false);
    assert.equal(mayEndPlace(sam, { staff_account_id: 'sam', organisation_id: 'hub' }), true);
    // A practitioner of the same organisation as the place is not its manager.
    assert.equal(mayEndPlace(standing(staff('kim', 'gp')), place), false);
  });
});

describe('representatives and sharing choices (rule 1)', () => {
  test('only health and welfare attorneys and personal welfare deputies cover care and health decisions', () => {
    assert.equal(authorityCovers('lpa_health_welfare', 'care'), true);
    assert.equal(authorityCovers('deputy_personal_welfare', 'care'), true);
    for (const type of ['lpa_property_finance', 'deputy_property_affairs', 'appointee'] as const) {
      assert.equal(authorityCovers(type, 'care'), false, type);
      assert.equal(authorityCovers(type, 'money'), true, type);
    }
    assert.equal(authorityCovers(null, 'care'), false);
    assert.equal(authorityCovers(null, 'money'), false);
  });

  test('an authority counts from its start to its end, both inclusive', () => {
    const dates = { from: '2026-01-01', until: '2026-06-30' };
    assert.equal(authorityInForce(dates, '2025-12-31'), false);
    assert.equal(authorityInForce(dates, '2026-01-01'), true);
    assert.equal(authorityInForce(dates, '2026-06-30'), true);
    assert.equal(authorityInForce(dates, '2026-07-01'), false);
    assert.equal(authorityInForce({ from: null, until: null }, '2026-07-01'), true);
  });

  test('the policy lets a representative change sharing choices only with care authority', () => {
    const asRepresentative = (authorityCoversCare: boolean, part: 'sharing' | 'details', action: 'read' | 'write') =>
      decideAccess({
        actor: 'citizen',
        action,
        part,
        link: { actingAs: 'circle_member', mayAct: true, authorityCurrent: true, authorityCoversCare, sharing: 'none' },
      }).allowed;
    assert.equal(asRepresentative(true, 'sharing', 'write'), true);
    assert.equal(asRepresentative(false, 'sharing', 'write'), false);
    assert.equal(asRepresentative(false, 'sharing', 'read'), true);
    assert.equal(asRepresentative(false, 'details', 'write'), true);
  });

  test('a manager reaches the care team of someone their organisation serves, and nothing else by it', () => {
    const asManager = (part: 'care_team' | 'details', action: 'read' | 'write') =>
      decideAccess({
        actor: 'staff',
        role: 'manager',
        action,
        part,
        inCareTeam: false,
        organisationInCareTeam: true,
        sharing: 'share',
        breakGlassGrantId: null,
      }).allowed;
    assert.equal(asManager('care_team', 'read'), true);
    assert.equal(asManager('care_team', 'write'), true);
    assert.equal(asManager('details', 'read'), false);
  });
});
