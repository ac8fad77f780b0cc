// A list of many people decides for all of them in one statement, and each decision is exactly the one a read of
// that person alone would make: for staff in and outside the care team, choices that refuse, choices that have
// ended, and an emergency grant.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EVERY_PART, type AccessPurpose } from '../../src/data/person-data.ts';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { PersonDataContext } from '../../src/modules/access/index.ts';
import { bindPersonStores, type PersonStores } from '../../src/services.ts';
import { staffActor, startTestApp, type TestApp } from '../support/app.ts';
import { grantEmergencyAccess, recordSharingChoice } from '../support/access-fixtures.ts';
import { testBackend } from '../support/database.ts';
import { StatementCounter } from '../support/statements.ts';

const EVERY_PURPOSE: AccessPurpose[] = [
  'care',
  'emergency',
  'self',
  'representative',
  'circle',
  'privacy_review',
  'staff_leaving',
];

describe(`lists decide as single reads do (${testBackend()})`, () => {
  let app: TestApp;
  let everyone: string[];

  before(async () => {
    app = await startTestApp();
    const { people, staff } = app.ids;
    const priya = await staffActor(app, staff.priya!);
    const tom = await staffActor(app, staff.tom!);
    // Aisha withholds her plan from Priya by name, and her contacts from Tom's whole organisation.
    await recordSharingChoice(app.db, {
      personId: people.aisha!,
      part: 'plan',
      audience: { kind: 'staff', id: priya.id },
      decision: 'withhold',
    });
    await recordSharingChoice(app.db, {
      personId: people.aisha!,
      part: 'contacts',
      audience: { kind: 'organisation', id: tom.organisationId },
      decision: 'withhold',
    });
    // Daniel withheld his notes from Priya, but that choice has ended.
    await recordSharingChoice(app.db, {
      personId: people.daniel!,
      part: 'notes',
      audience: { kind: 'staff', id: priya.id },
      decision: 'withhold',
      untilDate: addDays(ukDate(new Date()), -1),
    });
    // Priya may see Margaret, whose care team she is not in, under an emergency grant.
    await grantEmergencyAccess(app.db, people.margaret!, priya);
    everyone = [...Object.values(people), newId()];
  });
  after(() => app.close());

  test('for every member of staff, part and person, a list allows exactly what a single read allows, for the same purpose', async () => {
    const mismatches: string[] = [];
    for (const [staffKey, staffId] of Object.entries(app.ids.staff)) {
      const actor = await staffActor(app, staffId);
      for (const part of EVERY_PART) {
        const single = new Map<string, AccessPurpose>();
        for (const personId of everyone) {
          const purpose = await app.services
            .contextFor(actor)
            .read(personId, part, 'Checked by a test', async (_stores, decision) => decision.purpose)
            .catch(() => undefined);
          if (purpose) single.set(personId, purpose);
        }
        const data = app.services.contextFor(actor);
        const listed = await data.list(
          everyone,
          part,
          'Checked by a test',
          async (_stores, decision) => decision.purpose,
        );
        const asListed = new Map(listed.map((row) => [row.personId, row.shown]));
        if (JSON.stringify([...asListed]) !== JSON.stringify([...single]))
          mismatches.push(
            `${staffKey} ${part}: list ${JSON.stringify([...asListed])}, reads ${JSON.stringify([...single])}`,
          );
        const listable = await app.services.contextFor(actor).listable(everyone, part, EVERY_PURPOSE);
        if (JSON.stringify(listable) !== JSON.stringify([...single.keys()]))
          mismatches.push(`${staffKey} ${part}: listable ${JSON.stringify(listable)}`);
        const forCare = await app.services.contextFor(actor).listable(everyone, part, ['care']);
        const careOnly = [...single].filter(([, purpose]) => purpose === 'care').map(([personId]) => personId);
        if (JSON.stringify(forCare) !== JSON.stringify(careOnly))
          mismatches.push(`${staffKey} ${part}: listable for care ${JSON.stringify(forCare)}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  test('the cases that matter are among them', async () => {
    const { people, staff } = app.ids;
    const priya = app.services.contextFor(await staffActor(app, staff.priya!));
    const plans = await priya.list(everyone, 'plan', 'Checked by a test', async (_s, decision) => decision.purpose);
    assert.deepEqual(
      plans.map((row) => [row.personId, row.shown]),
      [
        [people.daniel!, 'care'],
        [people.margaret!, 'emergency'],
      ],
      'Aisha withholds her plan from Priya; Margaret only under the grant',
    );
    const notes = await priya.listable([people.daniel!], 'notes', ['care']);
    assert.deepEqual(notes, [people.daniel!], 'a choice that has ended refuses nothing');
  });

  test('a list reads the facts about everyone in one statement, and logs only those it shows', async () => {
    const statements = new StatementCounter();
    const priya = await staffActor(app, app.ids.staff.priya!);
    const data = new PersonDataContext<PersonStores>(app.db.withPlugin(statements), priya, bindPersonStores);
    const before = new Date();
    const shown = await data.list(everyone, 'details', 'Checked by a test', async ({ people }, { personId }) =>
      personId === app.ids.people.aisha ? undefined : people.name(),
    );
    assert.deepEqual(
      shown.map((row) => row.personId),
      [app.ids.people.daniel!, app.ids.people.margaret!],
    );
    const factStatements = statements.seen.filter((text) => text.includes('staff_access_facts'));
    assert.equal(factStatements.length, 1, 'one statement of facts for all of them');
    const logged = await app.db
      .selectFrom('access_log')
      .select(['person_id', 'purpose'])
      .where('actor_id', '=', priya.id)
      .where('summary', '=', 'Checked by a test')
      .where('at', '>=', before)
      .orderBy('person_id')
      .execute();
    assert.deepEqual(
      logged.map((row) => [row.person_id, row.purpose]).toSorted(),
      [
        [app.ids.people.daniel!, 'care'],
        [app.ids.people.margaret!, 'emergency'],
      ].toSorted(),
    );
    // Deciding who may be listed reads nothing of their records, so it logs nothing.
    const count = async () =>
      (await app.db.selectFrom('access_log').select('id').where('actor_id', '=', priya.id).execute()).length;
    const rowsBefore = await count();
    await app.services.contextFor(priya).listable(everyone, 'details', ['care']);
    assert.equal(await count(), rowsBefore);
  });
});
