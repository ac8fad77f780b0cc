// Reads of person data run outside a transaction and their log rows are written together (see
// src/modules/access/store-access-log.ts). These tests hold what that must not change: access is decided before
// anything of the record is sent, every page served has its log row committed before it arrives, a page whose
// log row cannot be written is not sent, and a read cannot change the record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, staffActor, TestClient, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`reading a record and its log (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  const signedIn = async (email: string) => {
    const client = new TestClient(app.baseUrl);
    await client.signIn(email, app.db);
    return client;
  };
  /** Aisha's log rows by one actor, newest first. */
  const rowsBy = (actorName: string) =>
    app.db
      .selectFrom('access_log')
      .select(['action', 'part', 'summary'])
      .where('person_id', '=', aisha)
      .where('actor_name', '=', actorName)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn('priya.shah@council.example.org');
  });
  after(() => app.close());

  test('every page of the record that is served has its log row, committed before the page arrives', async () => {
    const pages = ['', '/details', '/about-me', '/plan', '/contacts', '/care-team'];
    for (const path of pages) {
      const before = (await rowsBy('Priya Shah')).length;
      const page = await priya.get(`/people/${aisha}${path}`);
      assert.equal(page.status, 200, path);
      // Read the moment the page has arrived: the row is already there.
      const rows = await rowsBy('Priya Shah');
      assert.ok(rows.length > before, `no log row for /people/…${path}`);
      assert.equal(rows[0]!.action, 'read', path);
    }
  });

  test('pages served at the same moment each get their own log row', async () => {
    const before = (await rowsBy('Priya Shah')).length;
    const pages = await Promise.all(Array.from({ length: 40 }, () => priya.get(`/people/${aisha}`)));
    assert.deepEqual(new Set(pages.map((page) => page.status)), new Set([200]));
    const rows = await rowsBy('Priya Shah');
    assert.equal(rows.length - before, 40);
    assert.ok(rows.slice(0, 40).every((row) => row.summary === 'Your name, date of birth and NHS number'));
  });

  test('a refused look sends nothing of the record, and the refusal is logged', async () => {
    const grace = await signedIn('grace.mensah@trust.example.org');
    const page = await grace.get(`/people/${aisha}`);
    assert.equal(page.status, 404);
    for (const fact of ['Aisha', 'Khan', '999 000 0018', '9990000018', '1948'])
      assert.doesNotMatch(page.text, new RegExp(fact), `the refusal showed ${fact}`);
    assert.deepEqual(
      (await rowsBy('Grace Mensah')).map((row) => row.action),
      ['refused'],
    );
  });

  test('a page whose log row cannot be written is not sent; other pages are served meanwhile', async () => {
    // The database refuses any log row by Priya, as a full disk or a broken constraint would.
    await sql`create function refuse_priyas_rows() returns trigger language plpgsql as $$
      begin
        if new.actor_name = 'Priya Shah' then raise exception 'log unavailable'; end if;
        return new;
      end $$`.execute(app.db);
    await sql`create trigger refuse_priyas_rows before insert on access_log
      for each row execute function refuse_priyas_rows()`.execute(app.db);
    try {
      const aishaHerself = await signedIn('aisha.khan@example.org');
      const [refused, ...served] = await Promise.all([
        priya.get(`/people/${aisha}`),
        ...Array.from({ length: 5 }, () => aishaHerself.get(`/people/${aisha}`)),
      ]);
      assert.equal(refused.status, 500);
      assert.doesNotMatch(refused.text, /Aisha|Khan|999 000 0018/);
      assert.deepEqual(
        served.map((page) => page.status),
        [200, 200, 200, 200, 200],
      );
    } finally {
      await sql`drop trigger refuse_priyas_rows on access_log`.execute(app.db);
      await sql`drop function refuse_priyas_rows()`.execute(app.db);
    }
  });

  test('the work of a read cannot change the record', async () => {
    const data = app.services.contextFor(await staffActor(app, app.ids.staff.priya!));
    const before = await app.db.selectFrom('person').select('preferred_name').where('person_id', '=', aisha).execute();
    await assert.rejects(
      data.read(aisha, 'details', 'Checked by a test', ({ people }) =>
        people.updateDetails('not-a-version', { preferred_name: 'Changed by a read' } as never),
      ),
      /Work allowed only to read tried to change the database/,
    );
    assert.deepEqual(
      await app.db.selectFrom('person').select('preferred_name').where('person_id', '=', aisha).execute(),
      before,
    );
  });

  test('when the database is too busy to answer in time, the page says so (503) and shows nothing of the record', async () => {
    // Hold every connection, as a long report or a flood of requests would.
    const held = testBackend() === 'pglite' ? 1 : 10;
    let letGo!: () => void;
    const released = new Promise<void>((resolve) => (letGo = resolve));
    const holding = Array.from({ length: held }, () =>
      app.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        await released;
      }),
    );
    const queue = testBackend() === 'pglite' ? await import('../../src/db/pglite-pool.ts') : undefined;
    const longest = queue?.EMBEDDED_QUEUE.longestWaitMs;
    if (queue) queue.EMBEDDED_QUEUE.longestWaitMs = 300;
    try {
      const page = await priya.get(`/people/${aisha}`);
      assert.equal(page.status, 503);
      assert.equal(page.headers.get('retry-after'), '5');
      assert.match(page.text, /Careweave is busy/);
      assert.doesNotMatch(page.text, /Khan|999 000 0018/);
    } finally {
      if (queue) queue.EMBEDDED_QUEUE.longestWaitMs = longest!;
      letGo();
      await Promise.all(holding);
    }
    assert.equal((await priya.get(`/people/${aisha}`)).status, 200);
  });
});
