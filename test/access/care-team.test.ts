import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { signedIn as signedInAs, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`care team (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  const today = ukDate(new Date());

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
  });
  after(() => app.close());

  const signedIn = (email: string): Promise<TestClient> => signedInAs(app, email);

  const membership = (staffKey: string) =>
    app.db
      .selectFrom('care_team_member')
      .selectAll()
      .where('person_id', '=', aisha)
      .where('staff_account_id', '=', app.ids.staff[staffKey]!)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();

  const countMembers = async (): Promise<number> =>
    Number(
      (
        await app.db
          .selectFrom('care_team_member')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', aisha)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const addForm = (fields: Partial<Record<'staffId' | 'teamRole' | 'keyWorker' | 'from', string>>) => {
    const from = fields.from ?? today;
    return {
      staffId: fields.staffId ?? app.ids.staff.grace!,
      teamRole: fields.teamRole ?? 'Community nurse',
      keyWorker: fields.keyWorker ?? 'no',
      'fromDate-day': String(Number(from.slice(8))),
      'fromDate-month': String(Number(from.slice(5, 7))),
      'fromDate-year': from.slice(0, 4),
    };
  };

  test('practitioners in the team, and the person, see who is in the care team', async () => {
    const priya = await signedIn('priya.shah@council.example.org');
    const page = await priya.get(`/people/${aisha}/care-team`);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Aisha Khan's care team/);
    assert.match(
      text,
      /Priya Shah Social worker Northbridge City Council Social worker Yes 5 January 2026 No end date/,
    );
    assert.match(text, /Dr Tom Okafor GP Riverside Medical Practice GP No/);
    assert.match(text, /Sam Reid Link worker Open Door Community Hub Link worker No/);
    assert.match(text, /Add someone to the care team/);

    const self = await signedIn('aisha.khan@example.org');
    const own = await self.get(`/people/${aisha}/care-team`);
    assert.equal(own.status, 200);
    assert.match(visibleText(own.text), /Your care team/);
    assert.match(own.text, new RegExp(`href="/people/${aisha}/sharing/staff/${app.ids.staff.sam}"`));
    assert.doesNotMatch(visibleText(own.text), /Add someone to the care team/);

    const fatima = await signedIn('fatima.khan@example.org');
    assert.equal((await fatima.get(`/people/${aisha}/care-team`)).status, 200);
  });

  test('anyone outside the team, or without authority, is told the pages do not exist', async () => {
    const sam = await membership('sam');
    const before = await countMembers();
    for (const email of [
      'grace.mensah@trust.example.org',
      'lena.varga@carers.example.org',
      'marcus.lee@council.example.org',
    ]) {
      const client = await signedIn(email);
      assert.equal((await client.get(`/people/${aisha}/care-team`)).status, 404, email);
      assert.equal((await client.get(`/people/${aisha}/care-team/add`)).status, 404, email);
      assert.equal(
        (await client.post(`/people/${aisha}/care-team/add`, addForm({ staffId: app.ids.staff.lena! }))).status,
        404,
        email,
      );
      assert.equal((await client.get(`/people/${aisha}/care-team/${sam.id}/end`)).status, 404, email);
      assert.equal((await client.post(`/people/${aisha}/care-team/${sam.id}/end`, {})).status, 404, email);
    }
    const george = await signedIn('george.owen@example.org');
    assert.equal((await george.get(`/people/${app.ids.people.margaret!}/care-team`)).status, 404);
    assert.equal((await george.get(`/people/${aisha}/care-team`)).status, 404);
    // The person sees their team but changes it through their practitioners.
    const self = await signedIn('aisha.khan@example.org');
    assert.equal((await self.get(`/people/${aisha}/care-team/add`)).status, 303);
    assert.equal(await countMembers(), before);
    assert.equal((await membership('sam')).until_date, null);
  });

  test('the add form checks what was typed and saves nothing when it is wrong', async () => {
    const priya = await signedIn('priya.shah@council.example.org');
    const form = await priya.get(`/people/${aisha}/care-team/add`);
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /Northbridge Hospitals NHS Foundation Trust: Grace Mensah, Community nurse/);
    assert.match(visibleText(form.text), /Adding someone does not share anything with them/);
    // People already in the team, and staff who cannot join teams, are not offered.
    assert.doesNotMatch(form.text, new RegExp(`value="${app.ids.staff.sam}"`));
    assert.doesNotMatch(form.text, new RegExp(`value="${app.ids.staff.joan}"`));
    const before = await countMembers();

    const empty = await priya.post(`/people/${aisha}/care-team/add`, {
      staffId: '',
      teamRole: '',
      'fromDate-day': '',
      'fromDate-month': '',
      'fromDate-year': '',
    });
    assert.equal(empty.status, 400);
    const emptyText = visibleText(empty.text);
    for (const message of [
      'Choose who to add to the care team',
      'Enter their role in the care team',
      'Select yes if they are the key worker',
      'Enter the date they joined the care team',
    ]) {
      assert.match(emptyText, new RegExp(message));
    }
    assert.match(empty.text, /href="#fromDate-day"/);

    const long = await priya.post(`/people/${aisha}/care-team/add`, addForm({ teamRole: 'x'.repeat(101) }));
    assert.equal(long.status, 400);
    assert.match(visibleText(long.text), /Their role must be 100 characters or fewer/);

    const old = await priya.post(`/people/${aisha}/care-team/add`, addForm({ from: addDays(today, -400) }));
    assert.equal(old.status, 400);
    assert.match(visibleText(old.text), /The date they joined must be within the last year/);
    assert.match(old.text, /value="Community nurse"/);

    const already = await priya.post(`/people/${aisha}/care-team/add`, addForm({ staffId: app.ids.staff.sam! }));
    assert.equal(already.status, 400);
    assert.match(visibleText(already.text), /Sam Reid is already in the care team/);

    const administrator = await priya.post(`/people/${aisha}/care-team/add`, addForm({ staffId: app.ids.staff.alan! }));
    assert.equal(administrator.status, 400);
    assert.equal(await countMembers(), before);
  });

  test('adding someone tells them, shares nothing by itself, and ending their place takes their access away', async () => {
    const priya = await signedIn('priya.shah@council.example.org');
    const added = await priya.post(
      `/people/${aisha}/care-team/add`,
      addForm({ teamRole: 'Community nurse', keyWorker: 'no' }),
    );
    assert.equal(added.status, 303);
    const member = await membership('grace');
    assert.equal(added.location, `/people/${aisha}/care-team?added=${member.id}`);
    assert.deepEqual(
      {
        role: member.team_role,
        keyWorker: member.is_key_worker,
        from: member.from_date,
        until: member.until_date,
        organisation: member.organisation_id,
      },
      {
        role: 'Community nurse',
        keyWorker: false,
        from: today,
        until: null,
        organisation: app.ids.organisations.trust,
      },
    );
    const confirmation = visibleText((await priya.get(added.location)).text);
    assert.match(confirmation, /Grace Mensah is now in the care team/);
    assert.match(confirmation, /Adding someone does not share anything new with them/);
    assert.match(confirmation, /Aisha Khan needs to choose what to share with them/);
    // Aisha has her own account, so she chooses, not her practitioners (who-may-change.ts, rule 2).
    assert.match(
      confirmation,
      /Aisha Khan has their own account, so they choose for themselves, and they have been told/,
    );

    const alert = await app.db
      .selectFrom('staff_alert')
      .select('message')
      .where('person_id', '=', aisha)
      .where('staff_account_id', '=', app.ids.staff.grace!)
      .executeTakeFirstOrThrow();
    assert.match(alert.message, /^You have been added to Aisha Khan's care team as Community nurse\./);
    const logged = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'action'])
      .where('person_id', '=', aisha)
      .where('part', '=', 'care_team')
      .where(
        'summary',
        '=',
        'Your care team: added Grace Mensah (Community nurse, Northbridge Hospitals NHS Foundation Trust) as Community nurse',
      )
      .execute();
    assert.deepEqual(logged, [{ actor_name: 'Priya Shah', action: 'write' }]);

    // Grace is in the team now, so she sees who else is; nothing of Aisha's record is shared with her trust.
    const grace = await signedIn('grace.mensah@trust.example.org');
    assert.equal((await grace.get(`/people/${aisha}/care-team`)).status, 200);
    assert.equal((await grace.get(`/people/${aisha}/details`)).status, 404);

    const confirm = await priya.get(`/people/${aisha}/care-team/${member.id}/end`);
    assert.equal(confirm.status, 200);
    assert.match(visibleText(confirm.text), /End Grace Mensah's place in Aisha Khan's care team\?/);
    const ended = await priya.post(`/people/${aisha}/care-team/${member.id}/end`, {});
    assert.equal(ended.status, 303);
    assert.equal(ended.location, `/people/${aisha}/care-team?ended=1`);
    assert.equal((await membership('grace')).until_date, addDays(today, -1));
    assert.equal((await grace.get(`/people/${aisha}/care-team`)).status, 404);

    const team = visibleText((await priya.get(ended.location)).text);
    assert.match(team, /Used to be in the care team .*Grace Mensah/);
    // Ending a place twice finds nothing to end.
    assert.equal((await priya.post(`/people/${aisha}/care-team/${member.id}/end`, {})).status, 404);
  });

  test('a member whose place ends loses what was shared with them', async () => {
    const sam = await signedIn('sam.reid@hub.example.org');
    assert.equal((await sam.get(`/people/${aisha}/care-team`)).status, 200);
    const priya = await signedIn('priya.shah@council.example.org');
    const member = await membership('sam');
    assert.equal((await priya.post(`/people/${aisha}/care-team/${member.id}/end`, {})).status, 303);
    assert.equal((await sam.get(`/people/${aisha}/care-team`)).status, 404);
    assert.equal((await sam.get(`/people/${aisha}/details`)).status, 404);
    // The hub had nobody else in the team, so it is no longer someone Aisha can share with.
    const self = await signedIn('aisha.khan@example.org');
    assert.equal((await self.get(`/people/${aisha}/sharing/organisation/${app.ids.organisations.hub!}`)).status, 404);
  });

  test('malformed addresses are not found', async () => {
    const priya = await signedIn('priya.shah@council.example.org');
    assert.equal((await priya.get('/people/not-an-id/care-team')).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/care-team/not-an-id/end`)).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/care-team/${app.ids.people.daniel!}/end`)).status, 404);
  });
});
