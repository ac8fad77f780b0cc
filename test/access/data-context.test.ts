// The data context's shape: the work gets one person's stores and nothing else, cannot call the context again,
// the facts access is decided on are read once per request, and a plan started twice at once is one plan.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { StaffActor } from '../../src/data/actor.ts';
import { PersonDataContext } from '../../src/modules/access/index.ts';
import { bindPersonStores, type PersonStores } from '../../src/services.ts';
import { staffActor, startTestApp, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { StatementCounter } from '../support/statements.ts';

describe(`the data context (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let daniel: string;
  let priya: StaffActor;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    daniel = app.ids.people.daniel!;
    priya = await staffActor(app, app.ids.staff.priya!);
  });
  after(() => app.close());

  test("the work gets one person's stores: another person's ids find nothing, and no database handle is within reach", async () => {
    const danielsCircle = await app.db
      .selectFrom('circle_member')
      .select('id')
      .where('person_id', '=', daniel)
      .execute();
    const danielsPlaces = await app.db
      .selectFrom('care_team_member')
      .select('id')
      .where('person_id', '=', daniel)
      .execute();
    assert.ok(danielsCircle.length && danielsPlaces.length, 'Daniel has a circle and a care team to look for');
    const seen = await app.services
      .contextFor(priya)
      .read(aisha, 'contacts', 'Checked by a test', async (stores, decision) => {
        // Nothing handed over is a query builder or a transaction: only functions bound to Aisha.
        const reachable = [
          stores,
          ...Object.values(stores),
          ...Object.values(stores).flatMap((store) => Object.values(store)),
        ];
        assert.ok(
          reachable.every(
            (value) => typeof value === 'function' || (typeof value === 'object' && !('selectFrom' in value)),
          ),
        );
        assert.deepEqual(Object.keys(decision).toSorted(), [
          'authorityEndedOn',
          'emergencyGrant',
          'may',
          'part',
          'personId',
          'purpose',
          'readableParts',
        ]);
        return {
          name: await stores.people.name(),
          danielsCircle: await stores.people.circleNames(danielsCircle.map((row) => row.id)),
          danielsPlaces: await stores.access.careTeamNames(danielsPlaces.map((row) => row.id)),
          danielsMember: await stores.people.currentCircleMember(danielsCircle[0]!.id),
        };
      });
    assert.equal(seen.name, 'Aisha Khan');
    assert.equal(seen.danielsCircle.size, 0);
    assert.equal(seen.danielsPlaces.size, 0);
    assert.equal(seen.danielsMember, undefined);
  });

  test('the work cannot call the data context again, for another person or the same one', async () => {
    const data = app.services.contextFor(priya);
    await assert.rejects(
      data.read(aisha, 'details', 'Checked by a test', () =>
        data.read(daniel, 'details', 'Checked by a test', async ({ people }) => people.name()),
      ),
      /called from inside its own work/,
    );
    await assert.rejects(
      data.read(aisha, 'details', 'Checked by a test', () =>
        data.list([daniel], 'details', 'Checked by a test', async ({ people }) => people.name()),
      ),
      /called from inside its own work/,
    );
    // Outside any work, the same context carries on.
    assert.equal(
      await data.read(aisha, 'details', 'Checked by a test', async ({ people }) => people.name()),
      'Aisha Khan',
    );
  });

  test('the facts access is decided on are read once per request, however many reads it makes', async () => {
    const counter = new StatementCounter();
    const data = new PersonDataContext<PersonStores>(app.db.withPlugin(counter), priya, bindPersonStores);
    const factQueries = () => counter.seen.filter((statement) => statement.includes('staff_access_facts')).length;
    await data.read(aisha, 'details', 'Checked by a test', async ({ people }) => people.name());
    await data.read(aisha, 'plan', 'Checked by a test', async (_stores, decision) => decision.may('plan', 'write'));
    await data.check(aisha, 'about_me', 'write', 'Checked by a test');
    assert.equal(factQueries(), 1);
    // A write may change what the actor may do, so the next look decides afresh.
    await data.write(aisha, 'about_me', 'Checked by a test', async () => undefined);
    await data.read(aisha, 'about_me', 'Checked by a test', async () => undefined);
    assert.equal(factQueries(), 2);
  });

  test(
    'two people starting the same plan at the same instant both find it started, with one version',
    { skip: testBackend() === 'pglite' && 'the embedded database runs one transaction at a time' },
    async () => {
      const margaret = app.ids.people.margaret!;
      await app.db
        .insertInto('care_team_member')
        .values({
          person_id: margaret,
          id: crypto.randomUUID(),
          staff_account_id: priya.id,
          organisation_id: priya.organisationId,
          team_role: 'Social worker',
          from_date: '2026-01-01',
          until_date: null,
        })
        .execute();
      await app.db
        .insertInto('sharing_choice')
        .values({
          person_id: margaret,
          id: crypto.randomUUID(),
          part: 'plan',
          audience_kind: 'staff',
          audience_id: priya.id,
          decision: 'share',
          until_date: null,
          made_by_kind: 'system',
          made_by_id: null,
          made_by_name: 'Test',
          made_at: new Date(),
        })
        .execute();
      assert.equal(
        (await app.db.selectFrom('plan_version').select('number').where('person_id', '=', margaret).execute()).length,
        0,
      );
      // Another connection starts the plan and holds it uncommitted; this start finds no plan, then waits on that key
      // at its insert, and meets a unique-key clash when the other commits. Before, that was a 500.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertHeld = new Promise<void>((resolve) => (inserted = resolve));
      const other = app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('plan_version')
          .values({
            person_id: margaret,
            number: 1,
            id: crypto.randomUUID(),
            content: JSON.stringify({}) as never,
            based_on: null,
            change_summary: 'Started the plan',
            saved_by_kind: 'staff',
            saved_by_id: priya.id,
            saved_by_name: 'Someone else',
            saved_at: new Date(),
          })
          .execute();
        inserted();
        await held;
      });
      // The other insert holds its key before this start begins, so the start must wait on it.
      await insertHeld;
      const starting = app.services.plans.editing.start(app.services.contextFor(priya), margaret, new Date());
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await other;
      await starting;
      const versions = await app.db
        .selectFrom('plan_version')
        .select(['number', 'saved_by_name'])
        .where('person_id', '=', margaret)
        .execute();
      assert.deepEqual(versions, [{ number: 1, saved_by_name: 'Someone else' }]);
    },
  );
});
