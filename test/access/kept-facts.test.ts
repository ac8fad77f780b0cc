// Facts about access kept between requests (facts-cache.ts): reused only while the database's access stamp has not
// moved, and the first look after any change to what access is decided on, made straight in the database as another
// server would, decides afresh.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { StaffActor } from '../../src/data/actor.ts';
import { isRefusal } from '../../src/errors.ts';
import { newId } from '../../src/ids.ts';
import { createAccessLogWriter, PersonDataContext, StaffFactsCache } from '../../src/modules/access/index.ts';
import { bindPersonStores, type PersonStores } from '../../src/services.ts';
import { staffActor, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { StatementCounter } from '../support/statements.ts';
import { grantEmergencyAccess, recordSharingChoice } from '../support/access-fixtures.ts';

describe(`facts about access kept between requests (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: StaffActor;
  let grace: StaffActor;
  const clients: Record<string, TestClient> = {};

  const stamp = async () =>
    String((await sql<{ stamp: string }>`select stamp from access_stamp`.execute(app.db)).rows[0]!.stamp);
  /** Someone signed in, as a browser would be. */
  const as = async (email: string) => {
    if (!clients[email]) {
      clients[email] = new TestClient(app.baseUrl);
      await clients[email].signIn(email, app.db);
    }
    return clients[email];
  };
  const priyaLooks = async () => (await as('priya.shah@council.example.org')).get(`/people/${aisha}`);
  const graceLooks = async () => (await as('grace.mensah@trust.example.org')).get(`/people/${aisha}`);

  /** One request's data context, sharing `kept` with others, its statements counted, at the time `now` gives. */
  const request = (actor: StaffActor, kept: StaffFactsCache, now = () => new Date()) => {
    const counter = new StatementCounter();
    const db = app.db.withPlugin(counter);
    const data = new PersonDataContext<PersonStores>(db, actor, bindPersonStores, createAccessLogWriter(db), kept, now);
    const factsRead = () => counter.seen.filter((statement) => statement.includes('staff_access_facts')).length;
    return { data, factsRead };
  };
  const readName = (data: PersonDataContext<PersonStores>) =>
    data.read(aisha, 'details', 'Checked by a test', async ({ people }) => people.name());

  /** Aisha's choice about Priya's organisation seeing her details, as a new row (sharing choices are history). */
  const chooseDetails = (decision: 'share' | 'withhold') =>
    recordSharingChoice(app.db, {
      personId: aisha,
      part: 'details',
      audience: { kind: 'organisation', id: priya.organisationId },
      decision,
    });
  /** Two looks by `actor`, each reading the facts. */
  const readsEveryTime = async (actor: StaffActor, kept: StaffFactsCache) => {
    for (let look = 1; look <= 2; look += 1) {
      const again = request(actor, kept);
      await readName(again.data);
      assert.equal(again.factsRead(), 1, `look ${look} read the facts`);
    }
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await staffActor(app, app.ids.staff.priya!);
    grace = await staffActor(app, app.ids.staff.grace!);
  });
  after(() => app.close());

  test('a second request under the same stamp reads no facts; one under a newer stamp reads them again', async () => {
    const kept = new StaffFactsCache();
    const actor = { ...priya, accessStamp: await stamp() };
    const first = request(actor, kept);
    assert.equal(await readName(first.data), 'Aisha Khan');
    assert.equal(first.factsRead(), 1);
    const second = request(actor, kept);
    assert.equal(await readName(second.data), 'Aisha Khan');
    assert.equal(second.factsRead(), 0);
    // Lists use what is kept too.
    const list = request(actor, kept);
    assert.deepEqual(await list.data.listable([aisha], 'details', ['care']), [aisha]);
    assert.equal(list.factsRead(), 0);
    // Another member of staff has facts of their own.
    const other = request({ ...grace, accessStamp: actor.accessStamp }, kept);
    await assert.rejects(readName(other.data), (error) => isRefusal(error, 'CW_NOT_FOUND'));
    assert.equal(other.factsRead(), 1);
    const newer = request({ ...priya, accessStamp: String(BigInt(actor.accessStamp) + 1n) }, kept);
    await readName(newer.data);
    assert.equal(newer.factsRead(), 1);
  });

  test('a request that began before the newest stamp seen neither uses nor keeps facts', async () => {
    const kept = new StaffFactsCache();
    const now = BigInt(await stamp());
    await readName(request({ ...priya, accessStamp: String(now) }, kept).data);
    await readsEveryTime({ ...priya, accessStamp: String(now - 1n) }, kept);
  });

  test('an actor loaded without a session (no stamp) reads facts every time', async () => {
    await readsEveryTime(priya, new StaffFactsCache());
  });

  test('facts are read afresh on a new day, and once the emergency grant among them has expired', async () => {
    const kept = new StaffFactsCache();
    const actor = { ...grace, accessStamp: '' };
    const expiresAt = new Date(Date.now() + 60 * 60_000);
    await grantEmergencyAccess(app.db, aisha, grace, expiresAt);
    actor.accessStamp = await stamp();
    const at = (time: Date) => request(actor, kept, () => time);
    const first = at(new Date());
    assert.equal(await readName(first.data), 'Aisha Khan');
    const again = at(new Date(expiresAt.getTime() - 1000));
    assert.equal(await readName(again.data), 'Aisha Khan');
    assert.equal(again.factsRead(), 0);
    // The same stamp, a second after the grant ends: the facts are read again, and say no.
    const expired = at(new Date(expiresAt.getTime() + 1000));
    await assert.rejects(readName(expired.data), (error) => isRefusal(error, 'CW_NOT_FOUND'));
    assert.equal(expired.factsRead(), 1);
    await app.db.deleteFrom('break_glass_grant').where('staff_account_id', '=', grace.id).execute();
    // Priya's place has no end, but a new day still reads afresh.
    const priyaAt = (time: Date) => request({ ...priya, accessStamp: actor.accessStamp }, kept, () => time);
    await readName(priyaAt(new Date()).data);
    const tomorrow = priyaAt(new Date(Date.now() + 24 * 60 * 60_000));
    await readName(tomorrow.data);
    assert.equal(tomorrow.factsRead(), 1);
  });

  test('a request that has begun a transaction neither uses facts kept by others nor keeps its own', async () => {
    const kept = new StaffFactsCache();
    const actor = { ...priya, accessStamp: await stamp() };
    await readName(request(actor, kept).data);
    const writer = request(actor, kept);
    await writer.data.write(aisha, 'about_me', 'Checked by a test', async () => undefined);
    await readName(writer.data);
    assert.equal(writer.factsRead(), 2);
    // What it read after its write was not kept in place of what was kept before.
    const fresh = new StaffFactsCache();
    const writerFirst = request(actor, fresh);
    await writerFirst.data.write(aisha, 'about_me', 'Checked by a test', async () => undefined);
    await readName(writerFirst.data);
    const next = request(actor, fresh);
    await readName(next.data);
    assert.equal(next.factsRead(), 1);
  });

  test('the stamp moves once for each change to what access is decided on, and not for other changes', async () => {
    const before = BigInt(await stamp());
    const place = {
      person_id: aisha,
      team_role: 'Occupational therapist',
      staff_account_id: grace.id,
      organisation_id: grace.organisationId,
      from_date: '2026-01-01',
    };
    // Two rows in two statements of one transaction: one move.
    await app.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('care_team_member')
        .values({ ...place, id: newId() })
        .execute();
      await trx
        .insertInto('care_team_member')
        .values({ ...place, id: newId() })
        .execute();
    });
    assert.equal(BigInt(await stamp()), before + 1n);
    // A transaction that is rolled back moves nothing.
    await assert.rejects(
      app.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('care_team_member').where('staff_account_id', '=', grace.id).execute();
        throw new Error('Rolled back by a test');
      }),
    );
    assert.equal(BigInt(await stamp()), before + 1n);
    // Each table access is decided on, by insert, update or delete.
    const changes = [
      () => app.db.deleteFrom('care_team_member').where('staff_account_id', '=', grace.id).execute(),
      () => chooseDetails('share'),
      () =>
        app.db
          .updateTable('break_glass_grant')
          .set({ review_note: 'Checked' })
          .where('person_id', '=', aisha)
          .execute(),
      () => app.db.updateTable('referral').set({ until_date: null }).where('person_id', '=', aisha).execute(),
      () =>
        app.db
          .insertInto('person')
          .values({ person_id: newId(), given_name: 'Test', family_name: 'Stamp', date_of_birth: '1950-01-01' })
          .execute(),
      () => app.db.deleteFrom('person').where('family_name', '=', 'Stamp').execute(),
    ];
    for (const [index, change] of changes.entries()) {
      await change();
      assert.equal(BigInt(await stamp()), before + 2n + BigInt(index), `change ${index + 1} moved the stamp`);
    }
    // Changing a person's details, or their plan, decides nothing about access.
    const moved = await stamp();
    await app.db.updateTable('person').set({ phone: '01632 960001' }).where('person_id', '=', aisha).execute();
    await app.db.updateTable('person').set({ phone: null }).where('person_id', '=', aisha).execute();
    assert.equal(await stamp(), moved);
  });

  test('over HTTP, the first look after a change to a care team, made in the database, decides afresh', async () => {
    assert.equal((await priyaLooks()).status, 200);
    assert.equal((await priyaLooks()).status, 200);
    const places = await app.db.selectFrom('care_team_member').selectAll().where('person_id', '=', aisha).execute();
    await app.db.deleteFrom('care_team_member').where('person_id', '=', aisha).execute();
    assert.equal((await priyaLooks()).status, 404);
    await app.db.insertInto('care_team_member').values(places).execute();
    assert.equal((await priyaLooks()).status, 200);
  });

  test('over HTTP, a sharing choice made in the database is in force on the next look', async () => {
    assert.match(visibleText((await priyaLooks()).text), /NHS number/);
    await chooseDetails('withhold');
    const page = await priyaLooks();
    assert.equal(page.status, 200);
    assert.doesNotMatch(visibleText(page.text), /NHS number/);
    await chooseDetails('share');
    assert.match(visibleText((await priyaLooks()).text), /NHS number/);
  });

  test('over HTTP, an emergency grant made or ended in the database is in force on the next look', async () => {
    assert.equal((await graceLooks()).status, 404);
    const grant = await grantEmergencyAccess(app.db, aisha, grace);
    assert.equal((await graceLooks()).status, 200);
    await app.db.updateTable('break_glass_grant').set({ expires_at: new Date() }).where('id', '=', grant).execute();
    assert.equal((await graceLooks()).status, 404);
  });
});
