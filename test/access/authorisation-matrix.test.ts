// The authorisation matrix: every person route, for every staff role, with and without a care-team
// place, with the person's sharing given or withheld, with and without an emergency grant; and for
// each kind of signed-in person. Each cell asserts the answer (allowed, or 404) and that the access log
// gained a row for it. The expected answers are written out here from the rules in DESIGN.md, not
// computed by the code under test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashPassword } from '../../src/modules/identity/credentials.ts';
import type { StaffRole } from '../../src/modules/identity/tables.ts';
import { newId } from '../../src/ids.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { startTestApp, TestClient, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const RECORD = ['details', 'about_me', 'contacts', 'plan', 'budget', 'notes'];
const ROLES: StaffRole[] = ['practitioner', 'manager', 'panel_member', 'privacy_officer', 'administrator'];

/** What each role may read and write at all (DESIGN.md, Access; the panel and managers see plans and money, not contacts). */
const ROLE_READS: Record<StaffRole, string[]> = {
  practitioner: [...RECORD, 'care_team'],
  manager: ['details', 'plan', 'budget', 'care_team'],
  panel_member: ['details', 'plan', 'budget'],
  privacy_officer: ['access_log'],
  administrator: [],
};
const ROLE_WRITES: Record<StaffRole, string[]> = {
  practitioner: [...RECORD, 'care_team', 'sharing'],
  manager: [], panel_member: [], privacy_officer: [], administrator: [],
};

type StaffCell = { role: StaffRole; inTeam: boolean; shared: boolean; emergency: boolean };

function staffMay(cell: StaffCell, part: string, action: 'read' | 'write'): boolean {
  if (!(action === 'read' ? ROLE_READS : ROLE_WRITES)[cell.role].includes(part)) return false;
  if (cell.role === 'privacy_officer') return true;
  if (cell.inTeam && (cell.shared || !RECORD.includes(part))) return true;
  return action === 'read' && cell.emergency && cell.role === 'practitioner';
}

type Route = { name: string; method: 'GET' | 'POST'; path: (personId: string) => string; part: string; action: 'read' | 'write'; form?: Record<string, string>; okStatus: number };

/** Every person route a member of staff may reach, with the part it needs. */
const STAFF_ROUTES: Route[] = [
  { name: 'details', method: 'GET', path: (id) => `/people/${id}/details`, part: 'details', action: 'read', okStatus: 200 },
  { name: 'about me', method: 'GET', path: (id) => `/people/${id}/about-me`, part: 'about_me', action: 'read', okStatus: 200 },
  { name: 'contacts', method: 'GET', path: (id) => `/people/${id}/contacts`, part: 'contacts', action: 'read', okStatus: 200 },
  { name: 'care team', method: 'GET', path: (id) => `/people/${id}/care-team`, part: 'care_team', action: 'read', okStatus: 200 },
  { name: 'access log', method: 'GET', path: (id) => `/people/${id}/access-log`, part: 'access_log', action: 'read', okStatus: 200 },
  { name: 'record sharing', method: 'GET', path: (id) => `/people/${id}/sharing/record`, part: 'sharing', action: 'write', okStatus: 200 },
  { name: 'edit about me', method: 'POST', path: (id) => `/people/${id}/about-me/please_do`, part: 'about_me', action: 'write', form: { body: 'Please ring the bell twice.' }, okStatus: 303 },
  { name: 'add to circle', method: 'POST', path: (id) => `/people/${id}/contacts/add`, part: 'contacts', action: 'write', okStatus: 303,
    form: { name: 'Jo Example', relationship: 'Cousin', kind: 'family', may_act_for_person: 'no' } },
];

async function logRows(app: TestApp, personId: string, actorId: string): Promise<number> {
  const row = await app.db.selectFrom('access_log').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId).where('actor_id', '=', actorId).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`authorisation matrix (${testBackend()})`, () => {
  let app: TestApp;
  const personId = newId();
  const staffCells: (StaffCell & { id: string; email: string })[] = [];

  before(async () => {
    app = await startTestApp();
    const organisationId = app.ids.organisations.council!;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const now = new Date();
    await app.db.insertInto('person').values({
      person_id: personId, given_name: 'Robin', family_name: 'Matrix', preferred_name: null, date_of_birth: '1960-06-15', nhs_number: '9990000050',
      address_line_1: '1 Test Street', address_line_2: null, town: 'Northbridge', postcode: 'NB1 1AA', phone: null, email: null,
      gp_practice_id: null, communication_needs: null,
    }).execute();
    for (const role of ROLES) for (const inTeam of [true, false]) for (const shared of [true, false]) for (const emergency of [true, false]) {
      const id = newId();
      const email = `${role}.${inTeam ? 'team' : 'none'}.${shared ? 'shared' : 'withheld'}.${emergency ? 'glass' : 'plain'}@matrix.example.org`;
      staffCells.push({ role, inTeam, shared, emergency, id, email });
      await app.db.insertInto('staff_account').values({
        id, organisation_id: organisationId, email, display_name: `Matrix ${role}`, job_title: role, role, password_hash: passwordHash, totp_secret: null, disabled_at: null,
      }).execute();
      if (inTeam) {
        await app.db.insertInto('care_team_member').values({
          person_id: personId, id: newId(), staff_account_id: id, organisation_id: organisationId, team_role: role, is_key_worker: false, from_date: '2026-01-01', until_date: null,
        }).execute();
      }
      await app.db.insertInto('sharing_choice').values(RECORD.map((part) => ({
        person_id: personId, id: newId(), part: part as never, audience_kind: 'staff' as const, audience_id: id, decision: shared ? 'share' as const : 'withhold' as const,
        until_date: null, made_by_kind: 'system' as const, made_by_id: null, made_by_name: 'Matrix set-up', made_at: now,
      }))).execute();
      if (emergency) {
        await app.db.insertInto('break_glass_grant').values({
          person_id: personId, id: newId(), staff_account_id: id, organisation_id: organisationId, reason: 'A test of emergency access in the matrix',
          granted_at: now, expires_at: new Date(now.getTime() + 3_600_000), reviewed_at: null, reviewed_by: null, review_note: null,
        }).execute();
      }
    }
  });
  after(() => app.close());

  test('every staff role × care-team place × sharing × emergency grant, on every person route', async () => {
    const failures: string[] = [];
    for (const cell of staffCells) {
      const client = new TestClient(app.baseUrl);
      await client.signIn(cell.email);
      const label = `${cell.role}, ${cell.inTeam ? 'in team' : 'not in team'}, ${cell.shared ? 'shared' : 'withheld'}, ${cell.emergency ? 'emergency grant' : 'no grant'}`;
      const readable = [...RECORD, 'care_team', 'access_log', 'sharing'].filter((part) => staffMay(cell, part, 'read'));
      const home = await client.get(`/people/${personId}`);
      const homeExpected = readable.length ? 200 : 404;
      if (home.status !== homeExpected) failures.push(`${label}: record home answered ${home.status}, expected ${homeExpected}`);
      for (const route of STAFF_ROUTES) {
        if (route.method === 'POST') await client.get(route.path(personId).replace(/\/add$|\/please_do$/, (end) => (end === '/add' ? '/add' : '')));
        const before = await logRows(app, personId, cell.id);
        const page = route.method === 'GET' ? await client.get(route.path(personId)) : await client.post(route.path(personId), route.form!);
        const allowed = staffMay(cell, route.part, route.action);
        const expected = allowed ? route.okStatus : 404;
        if (page.status !== expected) failures.push(`${label}: ${route.name} answered ${page.status}, expected ${expected}`);
        if ((await logRows(app, personId, cell.id)) <= before) failures.push(`${label}: ${route.name} wrote no access-log row`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('a refused look is logged as refused; an allowed one under an emergency grant says so', async () => {
    const outsider = staffCells.find((cell) => cell.role === 'practitioner' && !cell.inTeam && !cell.emergency)!;
    const refused = await app.db.selectFrom('access_log').select(['action', 'purpose']).where('person_id', '=', personId).where('actor_id', '=', outsider.id).execute();
    assert.ok(refused.length > 0 && refused.every((row) => row.action === 'refused'));
    const glass = staffCells.find((cell) => cell.role === 'practitioner' && !cell.inTeam && cell.emergency)!;
    const reads = await app.db.selectFrom('access_log').select(['action', 'purpose', 'break_glass_grant_id']).where('person_id', '=', personId).where('actor_id', '=', glass.id).where('action', '=', 'read').execute();
    assert.ok(reads.length > 0 && reads.every((row) => row.purpose === 'emergency' && row.break_glass_grant_id));
  });

  test('signed-in people: themselves, a representative, one whose authority ended, a circle member with and without sharing, a stranger', async () => {
    const now = new Date();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    type CitizenCell = { label: string; link: 'self' | 'circle_member' | null; mayAct?: boolean; authorityUntil?: string | null; shared?: boolean };
    const cells: CitizenCell[] = [
      { label: 'the person', link: 'self' },
      { label: 'a representative', link: 'circle_member', mayAct: true, authorityUntil: null },
      { label: 'a representative whose authority ended', link: 'circle_member', mayAct: true, authorityUntil: '2020-01-01', shared: false },
      { label: 'a circle member the person shares with', link: 'circle_member', mayAct: false, shared: true },
      { label: 'a circle member the person does not share with', link: 'circle_member', mayAct: false, shared: false },
      { label: 'someone unconnected', link: null },
    ];
    const failures: string[] = [];
    for (const [index, cell] of cells.entries()) {
      const accountId = newId();
      const email = `citizen.${index}@matrix.example.org`;
      await app.db.insertInto('person_account').values({ id: accountId, email, display_name: `Matrix citizen ${index}`, password_hash: passwordHash, disabled_at: null }).execute();
      if (cell.link) {
        const circleId = cell.link === 'circle_member' ? newId() : null;
        if (circleId) {
          await app.db.insertInto('circle_member').values({
            person_id: personId, id: circleId, name: `Matrix citizen ${index}`, relationship: 'Friend', kind: 'friend', phone: null, email: null,
            may_act_for_person: Boolean(cell.mayAct), authority: cell.mayAct ? 'Power of attorney' : null, authority_until: cell.authorityUntil ?? null, ended_at: null,
          }).execute();
          await app.db.insertInto('sharing_choice').values(RECORD.map((part) => ({
            person_id: personId, id: newId(), part: part as never, audience_kind: 'circle_member' as const, audience_id: circleId,
            decision: cell.shared ? 'share' as const : 'withhold' as const, until_date: null, made_by_kind: 'system' as const, made_by_id: null, made_by_name: 'Matrix', made_at: now,
          }))).execute();
        }
        await app.db.insertInto('person_account_link').values({ person_id: personId, person_account_id: accountId, acting_as: cell.link, circle_member_id: circleId }).execute();
      }
      const full = cell.link === 'self' || (cell.mayAct && cell.authorityUntil === null);
      const client = new TestClient(app.baseUrl);
      await client.signIn(email);
      const expectations: [string, number][] = [
        [`/people/${personId}`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/details`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/about-me`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/contacts`, full || cell.shared ? 200 : 404],
        [`/people/${personId}/access-log`, full ? 200 : 404],
        [`/people/${personId}/sharing`, full ? 200 : 404],
        [`/people/${personId}/care-team`, full ? 200 : 404],
      ];
      for (const [path, expected] of expectations) {
        const before = await logRows(app, personId, accountId);
        const page = await client.get(path);
        if (page.status !== expected) failures.push(`${cell.label}: ${path.replace(personId, ':id')} answered ${page.status}, expected ${expected}`);
        if (cell.link && (await logRows(app, personId, accountId)) <= before) failures.push(`${cell.label}: ${path.replace(personId, ':id')} wrote no access-log row`);
      }
      const write = await client.post(`/people/${personId}/about-me/please_do`, { body: 'Written by the matrix.' });
      if (write.status !== (full ? 303 : 404)) failures.push(`${cell.label}: writing About me answered ${write.status}`);
    }
    assert.deepEqual(failures, []);
  });

  test('a record that does not exist, and a malformed id, answer 404 like one out of scope', async () => {
    const client = new TestClient(app.baseUrl);
    await client.signIn('priya.shah@council.example.org', app.db);
    assert.equal((await client.get(`/people/${newId()}`)).status, 404);
    assert.equal((await client.get('/people/not-a-uuid/details')).status, 404);
  });
});
