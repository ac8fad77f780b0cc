import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { hashPassword } from '../../src/modules/identity/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP } from '../../src/seed/demo.ts';
import { STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, staffActor, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addPlanAction, planWithGoal, savePlanPage } from '../support/plan-builder.ts';

const ALAN = 'alan.ward@council.example.org';
const BEN = 'ben.carter@council.example.org';
const GITA = 'gita.patel@gp.example.org';

describe(`a member of staff leaving (${testBackend()})`, () => {
  let app: TestApp;
  let alan: TestClient;
  let priya: TestClient;
  let ben: string;
  let aisha: string;
  let daniel: string;
  const leavePath = () => `/staff/organisation/staff/${app.ids.staff.priya}/leave`;

  const addStaff = async (
    id: string,
    email: string,
    name: string,
    role: 'practitioner' | 'administrator',
    org: string,
  ) =>
    app.db
      .insertInto('staff_account')
      .values({
        id,
        organisation_id: app.ids.organisations[org]!,
        email,
        display_name: name,
        job_title: role === 'practitioner' ? 'Social worker' : 'Practice administrator',
        role,
        password_hash: await hashPassword(DEMO_PASSWORD),
        totp_secret: DEMO_TOTP,
        disabled_at: null,
      })
      .execute();

  const placesOf = (personId: string) =>
    app.db
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id', 'team_role', 'is_key_worker', 'from_date', 'until_date'])
      .where('person_id', '=', personId)
      .execute();

  const priyaAccount = () =>
    app.db
      .selectFrom('staff_account')
      .select('disabled_at')
      .where('id', '=', app.ids.staff.priya!)
      .executeTakeFirstOrThrow();

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    daniel = app.ids.people.daniel!;
    ben = newId();
    await addStaff(ben, BEN, 'Ben Carter', 'practitioner', 'council');
    await addStaff(newId(), GITA, 'Gita Patel', 'administrator', 'gp');
    priya = await signedIn(app, STAFF_EMAILS.priya);
    alan = await signedIn(app, ALAN);
    // Aisha's plan names Priya for an action, so her place there cannot end; Daniel has no plan.
    const priyasPlace = (await placesOf(aisha)).find((place) => place.staff_account_id === app.ids.staff.priya)!;
    const goal = await planWithGoal(app, priya, aisha, 'Get to the allotment each week');
    await addPlanAction(app, priya, aisha, goal, 'Find a lift to the allotment', `team:${priyasPlace.id}`);
    // Dr Okafor leads Aisha's plan, so he hears too when Priya's place must stay.
    const team = await placesOf(aisha);
    const tomsPlace = team.find((place) => place.staff_account_id === app.ids.staff.tom)!.id;
    await savePlanPage(app, priya, aisha, '/people', { careTeam: team.map((place) => place.id), lead: tomsPlace });
    // An invitation to Priya still open (as after "send again"): leaving withdraws it.
    await app.db
      .insertInto('invitation')
      .values({
        id: newId(),
        token_hash: 'b'.repeat(64),
        account_kind: 'staff',
        account_id: app.ids.staff.priya!,
        email: STAFF_EMAILS.priya,
        invited_by_id: app.ids.staff.alan!,
        invited_by_name: 'Alan Ward',
        created_at: new Date(),
        expires_at: new Date(Date.now() + 86_400_000),
        accepted_at: null,
        withdrawn_at: null,
      })
      .execute();
  });
  after(() => app.close());

  test('staff who do not manage staff, and another organisation’s administrator, are told the page does not exist', async () => {
    const helen = await signedIn(app, STAFF_EMAILS.helen);
    const gita = await signedIn(app, GITA);
    for (const client of [helen, priya, gita]) {
      assert.equal((await client.get(leavePath())).status, 404);
      assert.equal((await client.post(leavePath(), { successor: ben })).status, 404);
    }
    assert.equal((await priyaAccount()).disabled_at, null, 'nothing changed');
    const fatima = await signedIn(app, 'fatima.khan@example.org');
    assert.equal((await fatima.get(leavePath())).location, '/my');
    assert.equal((await new TestClient(app.baseUrl).get(leavePath())).location, '/sign-in');
  });

  test('an unknown or malformed member answers 404; an administrator cannot mark themselves or a platform administrator', async () => {
    assert.equal((await alan.get(`/staff/organisation/staff/${newId()}/leave`)).status, 404);
    assert.equal((await alan.get('/staff/organisation/staff/not-an-id/leave')).status, 404);
    const self = `/staff/organisation/staff/${app.ids.staff.alan}/leave`;
    assert.match(visibleText((await alan.get(self)).text), /You cannot mark yourself as leaving/);
    const refused = await alan.post(self, {});
    assert.equal(refused.status, 400);
    assert.match(visibleText(refused.text), /There is a problem You cannot mark yourself as leaving/);
    // A platform administrator working in the organisation is not its administrator's to close.
    const platform = `/staff/organisation/staff/${app.ids.staff.nadia}/leave`;
    assert.match(
      visibleText((await alan.get(platform)).text),
      /Only another platform administrator can close their account/,
    );
    assert.equal((await alan.post(platform, {})).status, 400);
    const nadia = await app.db
      .selectFrom('staff_account')
      .select('disabled_at')
      .where('id', '=', app.ids.staff.nadia!)
      .executeTakeFirstOrThrow();
    assert.equal(nadia.disabled_at, null);
  });

  test('the data context hands over places only for an administrator, and only once a member of their own staff has left', async () => {
    const works: string[] = [];
    const work = async (_stores: unknown, decision: { personId: string }) => {
      works.push(decision.personId);
      return undefined;
    };
    const as = async (staffId: string) => app.services.contextFor(await staffActor(app, staffId));
    const gita = (
      await app.db.selectFrom('staff_account').select('id').where('email', '=', GITA).executeTakeFirstOrThrow()
    ).id;
    await assert.rejects((await as(app.ids.staff.helen!)).handOverPlaces(app.ids.staff.priya!, work), {
      code: 'CW_NOT_FOUND',
    });
    await assert.rejects((await as(app.ids.staff.priya!)).handOverPlaces(app.ids.staff.sam!, work), {
      code: 'CW_NOT_FOUND',
    });
    await assert.rejects((await as(app.ids.staff.alan!)).handOverPlaces(app.ids.staff.alan!, work), {
      code: 'CW_NOT_FOUND',
    });
    assert.deepEqual(await (await as(gita)).handOverPlaces(app.ids.staff.priya!, work), []);
    assert.deepEqual(await (await as(app.ids.staff.alan!)).handOverPlaces(app.ids.staff.tom!, work), []);
    assert.deepEqual(
      await (await as(app.ids.staff.alan!)).handOverPlaces(app.ids.staff.priya!, work),
      [],
      'Priya has not left yet',
    );
    assert.deepEqual(works, [], 'no one’s stores were handed over');
  });

  test('the page says how many care teams they are in and offers only the organisation’s other practitioners', async () => {
    const page = await alan.get(leavePath());
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Mark Priya Shah as leaving/);
    assert.match(text, /They are in 2 people's care teams\./);
    assert.ok(page.text.includes(`value="${ben}"`));
    for (const other of ['priya', 'helen', 'tom'])
      assert.ok(!page.text.includes(`value="${app.ids.staff[other]}"`), `${other} is not offered`);
    assert.doesNotMatch(text, /Aisha|Daniel/, 'the administrator is shown no one’s record');
  });

  test('leaving without choosing who takes over is refused by the field, and changes nothing', async () => {
    for (const successor of ['', app.ids.staff.helen!, app.ids.staff.tom!, 'nonsense']) {
      const page = await alan.post(leavePath(), { successor });
      assert.equal(page.status, 400);
      assert.match(
        visibleText(page.text),
        /There is a problem Choose who takes over Priya Shah's places in care teams/,
      );
      assert.ok(page.text.includes('href="#successor"'));
    }
    assert.equal((await priyaAccount()).disabled_at, null);
    assert.equal((await priya.get('/staff')).status, 200, 'still signed in');
  });

  test('marking them as leaving closes the account, signs them out and hands over their places', async () => {
    const logsBefore = await app.db.selectFrom('access_log').select('id').execute();
    const done = await alan.post(leavePath(), { successor: ben });
    assert.equal(done.status, 303);
    const page = await alan.get(done.location!);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Priya Shah's account is closed and they have been signed out\. Ben Carter has taken over their place in 1 person's care team\./,
    );
    assert.match(
      text,
      /Ben Carter has joined 1 person's care team too, but Priya Shah's place there stays open, because the care and support plan still names them\. The lead professional must give their actions to someone else; we have told them and the key worker\./,
    );
    assert.match(text, /Priya Shah has left/);

    // Signed out at once, and her password no longer signs in.
    const old = await priya.get('/staff');
    assert.equal(old.location, '/sign-in');
    const again = await new TestClient(app.baseUrl).post('/sign-in', {
      email: STAFF_EMAILS.priya,
      password: DEMO_PASSWORD,
    });
    assert.equal(again.status, 400);
    const sessions = await app.db
      .selectFrom('session')
      .select('ended_at')
      .where('account_id', '=', app.ids.staff.priya!)
      .execute();
    assert.ok(sessions.length > 0 && sessions.every((session) => session.ended_at !== null));
    assert.notEqual((await priyaAccount()).disabled_at, null);
    const invitations = await app.db
      .selectFrom('invitation')
      .select('withdrawn_at')
      .where('account_id', '=', app.ids.staff.priya!)
      .execute();
    assert.ok(
      invitations.every((invitation) => invitation.withdrawn_at !== null),
      'open invitations withdrawn',
    );

    // Daniel: Priya's place ended yesterday; Ben holds it now, as key worker.
    const today = ukDate(new Date());
    const danielTeam = await placesOf(daniel);
    assert.equal(
      danielTeam.find((place) => place.staff_account_id === app.ids.staff.priya)!.until_date,
      addDays(today, -1),
    );
    const bensPlace = danielTeam.find((place) => place.staff_account_id === ben)!;
    assert.deepEqual(
      { role: bensPlace.team_role, keyWorker: bensPlace.is_key_worker, from: bensPlace.from_date },
      { role: 'Social worker', keyWorker: true, from: today },
    );

    // Aisha: the plan names Priya, so her place stays open; Ben joins and, as the key worker now, is told why.
    const aishaTeam = await placesOf(aisha);
    assert.equal(aishaTeam.find((place) => place.staff_account_id === app.ids.staff.priya)!.until_date, null);
    assert.equal(aishaTeam.find((place) => place.staff_account_id === ben)!.is_key_worker, true);
    const alerts = await app.db
      .selectFrom('staff_alert')
      .select(['person_id', 'message'])
      .where('staff_account_id', '=', ben)
      .execute();
    assert.ok(
      alerts.some((alert) => alert.person_id === daniel && /added to Daniel Brooks's care team/.test(alert.message)),
    );
    assert.ok(
      alerts.some(
        (alert) =>
          alert.person_id === aisha &&
          /Priya Shah has left Northbridge City Council\. Their place in Aisha Khan's care team stays open, because the care and support plan still needs them\. Priya Shah is named for 1 action in the plan\./.test(
            alert.message,
          ),
      ),
    );

    const keptAlert = /Priya Shah has left Northbridge City Council\. Their place in Aisha Khan's care team stays open/;
    const alertsFor = async (staffId: string) =>
      (
        await app.db
          .selectFrom('staff_alert')
          .select('message')
          .where('staff_account_id', '=', staffId)
          .where('person_id', '=', aisha)
          .execute()
      ).filter((alert) => keptAlert.test(alert.message));
    assert.equal((await alertsFor(app.ids.staff.tom!)).length, 1, 'the lead professional is told');
    assert.equal((await alertsFor(app.ids.staff.sam!)).length, 0, 'the rest of the team is not');

    // Each person whose care team changed has one row in their access log naming the administrator.
    const seen = new Set(logsBefore.map((row) => row.id));
    const rows = (
      await app.db
        .selectFrom('access_log')
        .select(['id', 'person_id', 'actor_name', 'action', 'part', 'purpose', 'summary'])
        .execute()
    ).filter((row) => !seen.has(row.id));
    assert.deepEqual(rows.map((row) => row.person_id).toSorted(), [aisha, daniel].toSorted());
    for (const row of rows)
      assert.deepEqual(
        { actor: row.actor_name, action: row.action, part: row.part, purpose: row.purpose },
        { actor: 'Alan Ward', action: 'write', part: 'care_team', purpose: 'staff_leaving' },
      );
    assert.match(
      rows.find((row) => row.person_id === aisha)!.summary,
      /Priya Shah \(Social worker\) has left Northbridge City Council, and Ben Carter \(Social worker\) takes over their place\. Priya Shah's place stays until your care and support plan no longer needs them/,
    );

    // Ben now works with Daniel: his home lists him.
    const bensHome = visibleText((await (await signedIn(app, BEN)).get('/staff')).text);
    assert.match(bensHome, /Daniel Brooks/);
  });

  test('the person reads who changed their care team in their access log', async () => {
    const aishaClient = await signedIn(app, 'aisha.khan@example.org');
    const log = visibleText((await aishaClient.get(`/people/${aisha}/access-log`)).text);
    assert.match(log, /Alan Ward/);
    assert.match(log, /Changed your care team: Priya Shah \(Social worker\) has left Northbridge City Council/);
  });

  test('once they have left, the data context hands over what is still open, allowing nothing but the care team', async () => {
    const as = async (staffId: string) => app.services.contextFor(await staffActor(app, staffId));
    const decisions: { personId: string; purpose: string; readable: string[]; plan: boolean; team: boolean }[] = [];
    const logged = (await app.db.selectFrom('access_log').select('id').execute()).length;
    await (
      await as(app.ids.staff.alan!)
    ).handOverPlaces(app.ids.staff.priya!, async (_stores, decision) => {
      decisions.push({
        personId: decision.personId,
        purpose: decision.purpose,
        readable: decision.readableParts,
        plan: decision.may('plan'),
        team: decision.may('care_team', 'write'),
      });
      return undefined;
    });
    assert.deepEqual(decisions, [{ personId: aisha, purpose: 'staff_leaving', readable: [], plan: false, team: true }]);
    assert.equal(
      (await app.db.selectFrom('access_log').select('id').execute()).length,
      logged,
      'nothing changed, nothing logged',
    );
    const gita = (
      await app.db.selectFrom('staff_account').select('id').where('email', '=', GITA).executeTakeFirstOrThrow()
    ).id;
    assert.deepEqual(await (await as(gita)).handOverPlaces(app.ids.staff.priya!, () => Promise.resolve(undefined)), []);
  });

  test('once they have left, the page says so and hands over what is still open, again only to a practitioner', async () => {
    const page = await alan.get(leavePath());
    const text = visibleText(page.text);
    assert.match(text, /Priya Shah has left/);
    assert.match(text, /Their account is closed: they cannot sign in\./);
    assert.match(text, /They are in 1 person's care team still\./);
    assert.match(text, /Hand over their places/);
    const refused = await alan.post(leavePath(), { successor: '' });
    assert.equal(refused.status, 400);
  });
});
