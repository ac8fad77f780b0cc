// Who may change what (src/modules/access/who-may-change.ts, docs/who-may-change-what.md), tried as an attacker
// with a valid account would: sharing choices are the person's; staff may record a choice only for a person
// without an account, and one that widens their own access waits for a colleague; care-team places are added and
// ended by the right roles only; the person is told, through notices.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AccessPart } from '../../src/data/person-data.ts';
import { AppError } from '../../src/errors.ts';
import { ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { signedIn, staffActor, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { savePlanPage } from '../support/plan-builder.ts';

describe(`who may change what (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let daniel: string;
  const today = ukDate(new Date());
  const staffId = (key: string) => app.ids.staff[key]!;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    daniel = app.ids.people.daniel!;
  });
  after(() => app.close());

  const as = (email: string): Promise<TestClient> => signedIn(app, email);

  /** Whether a member of staff (a demo key, or an id) may read this part of this person's record. */
  const staffCanRead = async (key: string, personId: string, part: AccessPart): Promise<boolean> => {
    try {
      await app.services
        .contextFor(await staffActor(app, app.ids.staff[key] ?? key))
        .read(personId, part, 'Checked by a test', async () => true);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return false;
      throw error;
    }
  };

  const count = async (table: 'sharing_choice' | 'care_team_member' | 'person_notice', personId: string) =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const refusedLogRows = (personId: string, actorId: string) =>
    app.db
      .selectFrom('access_log')
      .select(['part', 'summary'])
      .where('person_id', '=', personId)
      .where('actor_id', '=', actorId)
      .where('action', '=', 'refused')
      .execute();

  const addForm = (staff: string, role = 'Support worker', keyWorker = 'no') => ({
    staffId: staff,
    teamRole: role,
    keyWorker,
    'fromDate-day': String(Number(today.slice(8))),
    'fromDate-month': String(Number(today.slice(5, 7))),
    'fromDate-year': today.slice(0, 4),
  });

  test('a hub worker cannot widen his own access to Aisha’s plan, nor cut off a colleague: she makes her own choices', async () => {
    const sam = await as('sam.reid@hub.example.org');
    const choicesBefore = await count('sharing_choice', aisha);
    assert.equal((await sam.get(`/people/${aisha}/plan`)).status, 404);
    const widen = await sam.post(`/people/${aisha}/sharing/record/staff/${staffId('sam')}`, {
      'part-plan': 'share',
      'part-contacts': 'share',
      toldHow: 'in_person',
    });
    assert.equal(widen.status, 403);
    assert.equal((await sam.get(`/people/${aisha}/plan`)).status, 404);
    assert.equal(await staffCanRead('sam', aisha, 'contacts'), false);

    const cutOff = await sam.post(`/people/${aisha}/sharing/record/staff/${staffId('tom')}`, {
      'part-notes': 'withhold',
      toldHow: 'phone',
    });
    assert.equal(cutOff.status, 403);
    assert.equal(await staffCanRead('tom', aisha, 'notes'), true);
    assert.equal(await count('sharing_choice', aisha), choicesBefore);
    assert.ok((await refusedLogRows(aisha, staffId('sam'))).some((row) => row.part === 'care_team'));

    // The list page says why, and offers nobody to record for.
    const list = await sam.get(`/people/${aisha}/sharing/record`);
    assert.equal(list.status, 200);
    assert.match(visibleText(list.text), /Aisha Khan has their own account, so they make their own sharing choices/);
    assert.doesNotMatch(list.text, /sharing\/record\/staff\//);
  });

  test('for a person without an account, widening the recorder’s own access waits for a second member of staff', async () => {
    const grace = await as('grace.mensah@trust.example.org');
    assert.equal(await staffCanRead('grace', daniel, 'budget'), false);
    const recorded = await grace.post(`/people/${daniel}/sharing/record/staff/${staffId('grace')}`, {
      'part-budget': 'share',
      toldHow: 'phone',
    });
    assert.equal(recorded.status, 303);
    assert.equal(recorded.location, `/people/${daniel}/sharing/record?saved=waiting`);
    assert.equal(await staffCanRead('grace', daniel, 'budget'), false, 'not until someone else confirms');

    const ownList = await grace.get(recorded.location);
    const ownText = visibleText(ownList.text);
    assert.match(
      ownText,
      /Sharing more with you or your organisation waits until someone else in the care team confirms it/,
    );
    assert.match(ownText, /Share Personal budget with Grace Mensah/);
    assert.match(
      ownText,
      /Recorded by Grace Mensah \(Community nurse, Northbridge Hospitals NHS Foundation Trust\), told by phone/,
    );
    assert.match(ownText, /You recorded this, so someone else in the care team must confirm it/);
    const waiting = await app.db
      .selectFrom('sharing_choice_waiting')
      .select(['id', 'parts', 'told_how', 'outcome'])
      .where('person_id', '=', daniel)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { parts: waiting.parts, told_how: waiting.told_how, outcome: waiting.outcome },
      { parts: ['budget'], told_how: 'phone', outcome: null },
    );
    const settle = `/people/${daniel}/sharing/record/waiting/${waiting.id}`;

    // The recorder cannot confirm it; staff outside the team, a manager, and the person's own pages cannot reach it.
    assert.equal((await grace.post(settle, { outcome: 'confirmed' })).status, 403);
    for (const email of ['sam.reid@hub.example.org', 'helen.price@council.example.org', 'tom.okafor@gp.example.org'])
      assert.equal((await (await as(email)).post(settle, { outcome: 'confirmed' })).status, 404, email);
    assert.equal(await staffCanRead('grace', daniel, 'budget'), false);

    // A second member of the care team confirms: now it counts, as Grace's record, confirmed by Priya.
    const priya = await as('priya.shah@council.example.org');
    const page = visibleText((await priya.get(`/people/${daniel}/sharing/record`)).text);
    assert.match(page, /Confirm only if you know Daniel Brooks asked for this/);
    assert.equal((await priya.post(settle, { outcome: 'nonsense' })).status, 400);
    const confirmed = await priya.post(settle, { outcome: 'confirmed' });
    assert.equal(confirmed.location, `/people/${daniel}/sharing/record?saved=confirmed`);
    assert.equal(await staffCanRead('grace', daniel, 'budget'), true);
    const row = await app.db
      .selectFrom('sharing_choice')
      .select(['decision', 'made_by_id', 'told_how', 'confirmed_by_name'])
      .where('person_id', '=', daniel)
      .where('audience_id', '=', staffId('grace'))
      .where('part', '=', 'budget')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      decision: 'share',
      made_by_id: staffId('grace'),
      told_how: 'phone',
      confirmed_by_name: 'Priya Shah (Social worker, Northbridge City Council)',
    });
    // Settled once only.
    assert.equal((await priya.post(settle, { outcome: 'declined' })).status, 404);
  });

  test('widening for the recorder’s organisation waits too, and a colleague may decline it; narrowing counts at once', async () => {
    const grace = await as('grace.mensah@trust.example.org');
    const priya = await as('priya.shah@council.example.org');
    assert.equal(await staffCanRead('priya', daniel, 'notes'), true);
    const mixed = await grace.post(`/people/${daniel}/sharing/record/organisation/${app.ids.organisations.trust!}`, {
      'part-budget': 'share',
      toldHow: 'in_writing',
    });
    assert.equal(mixed.location, `/people/${daniel}/sharing/record?saved=waiting`);
    const waiting = await app.db
      .selectFrom('sharing_choice_waiting')
      .select('id')
      .where('person_id', '=', daniel)
      .where('settled_at', 'is', null)
      .executeTakeFirstOrThrow();
    const declined = await priya.post(`/people/${daniel}/sharing/record/waiting/${waiting.id}`, {
      outcome: 'declined',
    });
    assert.equal(declined.location, `/people/${daniel}/sharing/record?saved=declined`);
    assert.match(
      visibleText((await priya.get(declined.location)).text),
      /The choice is not confirmed\. Nothing changed/,
    );
    const trustBudget = await app.db
      .selectFrom('sharing_choice')
      .select('id')
      .where('person_id', '=', daniel)
      .where('audience_id', '=', app.ids.organisations.trust!)
      .where('part', '=', 'budget')
      .execute();
    assert.equal(trustBudget.length, 0);

    // Sharing more with a colleague does not widen the recorder's own access: it counts at once.
    const forColleague = await grace.post(`/people/${daniel}/sharing/record/staff/${staffId('priya')}`, {
      'part-notes': 'withhold',
      toldHow: 'advocate',
    });
    assert.equal(forColleague.location, `/people/${daniel}/sharing/record?saved=1`);
    assert.equal(await staffCanRead('priya', daniel, 'notes'), false);
    const notices = await app.db
      .selectFrom('person_notice')
      .select('message')
      .where('person_id', '=', daniel)
      .orderBy('created_at')
      .execute();
    assert.match(
      notices.at(-1)!.message,
      /Grace Mensah \(Community nurse, Northbridge Hospitals NHS Foundation Trust\) recorded that you asked to stop sharing Notes with Priya Shah \(told through their advocate\)/,
    );
  });

  test('only the key worker, the lead professional or a manager of the organisation adds a care-team place', async () => {
    const before = await count('care_team_member', aisha);
    // Sam, in the team but neither key worker nor lead, cannot add anyone, from his organisation or another.
    const sam = await as('sam.reid@hub.example.org');
    assert.equal((await sam.get(`/people/${aisha}/care-team/add`)).status, 403);
    assert.equal((await sam.post(`/people/${aisha}/care-team/add`, addForm(staffId('grace')))).status, 403);
    assert.doesNotMatch(
      visibleText((await sam.get(`/people/${aisha}/care-team`)).text),
      /Add someone to the care team/,
    );
    assert.equal(await staffCanRead('grace', aisha, 'details'), false);
    // Nor a council colleague of Priya's, whom the council's organisation-wide sharing would open the plan to.
    const kim = newId();
    await app.db
      .insertInto('staff_account')
      .values({
        id: kim,
        organisation_id: app.ids.organisations.council!,
        email: 'kim.adeyemi@council.example.org',
        display_name: 'Kim Adeyemi',
        job_title: 'Social worker',
        role: 'practitioner',
        password_hash: null,
        totp_secret: null,
        disabled_at: null,
      })
      .execute();
    assert.equal((await sam.post(`/people/${aisha}/care-team/add`, addForm(kim))).status, 403);
    assert.equal(await staffCanRead(kim, aisha, 'plan'), false);
    assert.equal(await count('care_team_member', aisha), before);

    // A manager whose organisation has a place may add their own organisation's staff, and nobody else.
    const helen = await as('helen.price@council.example.org');
    const form = await helen.get(`/people/${aisha}/care-team/add`);
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.text, new RegExp(`value="${staffId('grace')}"`));
    const other = await helen.post(`/people/${aisha}/care-team/add`, addForm(staffId('grace')));
    assert.equal(other.status, 400);
    assert.match(visibleText(other.text), /Choose who to add to the care team/);
    assert.equal(await count('care_team_member', aisha), before);
    const own = await helen.post(`/people/${aisha}/care-team/add`, addForm(staffId('helen'), 'Team manager'));
    assert.equal(own.status, 303);
    // A manager of an organisation with no place in the team does not find the person at all.
    const helenMargaret = await helen.get(`/people/${app.ids.people.margaret!}/care-team/add`);
    assert.equal(helenMargaret.status, 404);

    // The key worker adds anyone; the person is told.
    const priya = await as('priya.shah@council.example.org');
    assert.equal((await priya.post(`/people/${aisha}/care-team/add`, addForm(staffId('lena')))).status, 303);
    const notices = await app.db
      .selectFrom('person_notice')
      .select('message')
      .where('person_id', '=', aisha)
      .orderBy('created_at')
      .execute();
    assert.match(
      notices.at(-1)!.message,
      /Priya Shah \(Social worker\) added Lena Varga .* to your care team as Support worker/,
    );
  });

  test('the lead professional in the plan may add a place; so may nobody else who merely holds one', async () => {
    const priya = await as('priya.shah@council.example.org');
    const team = await app.db
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id'])
      .where('person_id', '=', daniel)
      .where('until_date', 'is', null)
      .execute();
    const gracePlace = team.find((member) => member.staff_account_id === staffId('grace'))!.id;
    const grace = await as('grace.mensah@trust.example.org');
    assert.equal((await grace.get(`/people/${daniel}/care-team/add`)).status, 403);
    assert.equal((await priya.post(`/people/${daniel}/plan/start`, {})).status, 303);
    await savePlanPage(app, priya, daniel, '/people', {
      careTeam: team.map((member) => member.id),
      lead: gracePlace,
    });
    assert.equal((await grace.get(`/people/${daniel}/care-team/add`)).status, 200);
    assert.equal((await grace.post(`/people/${daniel}/care-team/add`, addForm(staffId('tom'), 'GP'))).status, 303);
  });

  test('a place is ended by the key worker, a manager of its organisation or its holder, and nobody else', async () => {
    const places = await app.db
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id'])
      .where('person_id', '=', aisha)
      .where('until_date', 'is', null)
      .execute();
    const placeOf = (key: string) => places.find((place) => place.staff_account_id === staffId(key))!.id;
    const end = (key: string) => `/people/${aisha}/care-team/${placeOf(key)}/end`;
    const sam = await as('sam.reid@hub.example.org');
    const helen = await as('helen.price@council.example.org');
    assert.equal((await sam.get(end('tom'))).status, 403);
    assert.equal((await sam.post(end('tom'), {})).status, 403);
    assert.equal((await helen.post(end('lena'), {})).status, 403, 'Lena works for another organisation');
    assert.ok((await refusedLogRows(aisha, staffId('helen'))).some((row) => row.part === 'care_team'));
    assert.equal(await staffCanRead('tom', aisha, 'details'), true);
    assert.equal(await staffCanRead('lena', aisha, 'care_team'), true);
    // The key worker ends Lena's place; Helen ends her own; Sam ends his own.
    const priya = await as('priya.shah@council.example.org');
    assert.equal((await priya.post(end('lena'), {})).status, 303);
    assert.equal((await helen.post(end('helen'), {})).status, 303);
    assert.equal((await sam.post(end('sam'), {})).location, '/staff');
    assert.equal(await staffCanRead('sam', aisha, 'details'), false);
  });

  test('the person and their representative see the notices until each has seen them; others cannot', async () => {
    const aishaClient = await as('aisha.khan@example.org');
    const home = visibleText((await aishaClient.get('/my')).text);
    assert.match(home, /News about your record/);
    assert.match(home, /added Lena Varga .* to your care team/);
    const fatima = await as('fatima.khan@example.org');
    assert.match(
      visibleText((await fatima.get('/my')).text),
      /We told Aisha Khan: “Priya Shah \(Social worker\) added Lena Varga/,
    );
    const george = await as('george.owen@example.org');
    assert.doesNotMatch(visibleText((await george.get('/my')).text), /News about/);

    const notice = await app.db
      .selectFrom('person_notice')
      .select('id')
      .where('person_id', '=', aisha)
      .where('message', 'like', '%added Lena Varga%')
      .executeTakeFirstOrThrow();
    const path = `/my/notices/${aisha}/${notice.id}`;
    assert.equal((await george.post(path, {})).status, 404);
    assert.equal((await (await as('priya.shah@council.example.org')).post(path, {})).location, '/staff');
    assert.equal((await aishaClient.post(`/my/notices/${aisha}/${daniel}`, {})).status, 404);
    const seen = await aishaClient.post(path, {});
    assert.equal(seen.location, '/my?seen=1');
    const after = visibleText((await aishaClient.get('/my?seen=1')).text);
    assert.match(after, /The notice is marked as seen/);
    assert.doesNotMatch(after, /added Lena Varga/);
    assert.equal((await aishaClient.post(path, {})).status, 404, 'already seen');
    // Fatima has not seen it yet.
    assert.match(visibleText((await fatima.get('/my')).text), /added Lena Varga/);
    const logged = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'action', 'part'])
      .where('person_id', '=', aisha)
      .where('summary', '=', 'A notice about your record, marked as seen')
      .execute();
    // Each try is logged: the one that marked it, one for a notice that does not exist, one already seen.
    assert.deepEqual(logged, Array(3).fill({ actor_name: 'Aisha Khan', action: 'read', part: 'sharing' }));
  });

  test('only an authority over care and health decisions, in force today, changes sharing choices', async () => {
    // The GP practice: its place in Aisha's team lasts through this file.
    const gp = app.ids.organisations.gp!;
    const fatima = await as('fatima.khan@example.org');
    const choose = () =>
      fatima.post(`/people/${aisha}/sharing/organisation/${gp}`, { parts: ['details', 'about_me', 'plan'] });
    const setAuthority = (change: { authority_type?: 'lpa_property_finance' | null; from?: string; until?: string }) =>
      app.db
        .updateTable('circle_member')
        .set({
          ...(change.authority_type !== undefined ? { authority_type: change.authority_type } : {}),
          ...(change.from ? { authority_from: change.from } : {}),
          ...(change.until ? { authority_until: change.until } : {}),
        })
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .execute();
    const choicesBefore = await count('sharing_choice', aisha);
    try {
      // Property and financial affairs only: she still acts for Aisha, but cannot change who sees the record.
      await setAuthority({ authority_type: 'lpa_property_finance' });
      assert.equal((await fatima.get(`/people/${aisha}/details`)).status, 200);
      const overview = await fatima.get(`/people/${aisha}/sharing`);
      assert.equal(overview.status, 200);
      assert.match(
        visibleText(overview.text),
        /Only Aisha Khan, or someone with authority over Aisha Khan's care and health decisions/,
      );
      assert.doesNotMatch(overview.text, /sharing\/organisation\//);
      assert.equal((await fatima.get(`/people/${aisha}/sharing/organisation/${gp}`)).status, 404);
      assert.equal((await choose()).status, 404);
      // An unknown type (recorded before types were) covers nothing either.
      await setAuthority({ authority_type: null });
      assert.equal((await choose()).status, 404);
      // Health and welfare, but not started yet, or ended: nothing at all.
      await app.db
        .updateTable('circle_member')
        .set({ authority_type: 'lpa_health_welfare', authority_from: '2999-01-01' })
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .execute();
      assert.equal((await fatima.get(`/people/${aisha}/sharing`)).status, 404);
      assert.equal((await choose()).status, 404);
      await setAuthority({ from: '2023-06-12', until: '2024-01-01' });
      assert.equal((await choose()).status, 404);
      assert.equal(await count('sharing_choice', aisha), choicesBefore);
    } finally {
      await app.db
        .updateTable('circle_member')
        .set({ authority_type: 'lpa_health_welfare', authority_from: '2023-06-12', authority_until: null })
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .execute();
    }
    // Health and welfare, in force: she may.
    assert.equal((await choose()).status, 303);
    assert.equal(await count('sharing_choice', aisha), choicesBefore + 1);
  });
});
