import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import type { AccessPart } from '../../src/data/person-data.ts';
import { partSharingFor, sharingChanges, type Audience } from '../../src/modules/access/sharing.ts';
import type { SharingChoiceRow } from '../../src/modules/access/store.ts';
import { newId } from '../../src/ids.ts';
import { AppError } from '../../src/errors.ts';
import {
  signedIn as signedInAs,
  staffActor,
  startTestApp,
  TestClient,
  visibleText,
  type TestApp,
} from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`sharing choices (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let margaret: string;
  const today = ukDate(new Date());

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    margaret = app.ids.people.margaret!;
  });
  after(() => app.close());

  const signedIn = (email: string): Promise<TestClient> => signedInAs(app, email);

  const staffIdOf = async (email: string) =>
    (await app.db.selectFrom('staff_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  /** Whether the data context lets this member of staff read a part: a 404 AppError means no. */
  const staffCanRead = async (email: string, personId: string, part: AccessPart): Promise<boolean> => {
    try {
      await app.services
        .contextFor(await staffActor(app, await staffIdOf(email)))
        .read(personId, part, 'Checked by a test', async () => true);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return false;
      throw error;
    }
  };

  const count = async (table: 'sharing_choice' | 'staff_alert', personId: string): Promise<number> =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', personId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  const dateForm = (date: string) => ({
    'untilDate-day': String(Number(date.slice(8))),
    'untilDate-month': String(Number(date.slice(5, 7))),
    'untilDate-year': date.slice(0, 4),
  });

  test('the person sees, for each organisation, professional and circle member, what they can see', async () => {
    const client = await signedIn('aisha.khan@example.org');
    const page = await client.get(`/people/${aisha}/sharing`);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Who can see your record/);
    assert.match(text, /Open Door Community Hub can see: My details and About me\./);
    assert.match(
      text,
      /Open Door Community Hub cannot see: Contacts and circle of support, Care and support plan, Personal budget and Notes\./,
    );
    assert.match(text, /Northbridge City Council can see all of your record/);
    assert.match(text, /Sam Reid can see: My details and About me\./);
    assert.match(text, /Yes, through Open Door Community Hub/);
    assert.match(text, /Fatima Khan may act for you, so they can see and change all of your record/);
    assert.match(text, /Recorded when support began/);
    // Bill has no account, so there is nothing to share with him online.
    assert.doesNotMatch(text, /Bill Hartley/);
  });

  test('Aisha stops sharing About me with Open Door Community Hub: Sam Reid loses it, is told, and it is logged', async (t) => {
    const hub = app.ids.organisations.hub!;
    assert.equal(await staffCanRead('sam.reid@hub.example.org', aisha, 'about_me'), true);
    const sam = await signedIn('sam.reid@hub.example.org');
    // The About me page belongs to the people module; when it is there, Sam sees it before the change.
    const aboutMeBefore = (await sam.get(`/people/${aisha}/about-me`)).status;
    if (aboutMeBefore !== 200)
      t.diagnostic(`About me answered ${aboutMeBefore} before the change; access is checked through the data context`);
    const client = await signedIn('aisha.khan@example.org');
    const form = await client.get(`/people/${aisha}/sharing/organisation/${hub}`);
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /What Open Door Community Hub can see/);
    assert.match(form.text, /value="about_me" checked/);
    const choicesBefore = await count('sharing_choice', aisha);

    const saved = await client.post(`/people/${aisha}/sharing/organisation/${hub}`, { parts: ['details'] });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/people/${aisha}/sharing?saved=changed`);

    // One new row, for the one part that changed.
    assert.equal(await count('sharing_choice', aisha), choicesBefore + 1);
    const choice = await app.db
      .selectFrom('sharing_choice')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('made_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        part: choice.part,
        kind: choice.audience_kind,
        audience: choice.audience_id,
        decision: choice.decision,
        by: choice.made_by_name,
        byKind: choice.made_by_kind,
      },
      {
        part: 'about_me',
        kind: 'organisation',
        audience: hub,
        decision: 'withhold',
        by: 'Aisha Khan',
        byKind: 'citizen',
      },
    );

    assert.equal(await staffCanRead('sam.reid@hub.example.org', aisha, 'about_me'), false);
    assert.equal(await staffCanRead('sam.reid@hub.example.org', aisha, 'details'), true);
    assert.equal((await sam.get(`/people/${aisha}/about-me`)).status, 404);

    const alert = await app.db
      .selectFrom('staff_alert')
      .select('message')
      .where('person_id', '=', aisha)
      .where('staff_account_id', '=', app.ids.staff.sam!)
      .executeTakeFirstOrThrow();
    assert.equal(
      alert.message,
      'Aisha Khan has changed what they share with Open Door Community Hub. You may now see more or less of their record.',
    );

    const logged = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'part'])
      .where('person_id', '=', aisha)
      .where('action', '=', 'write')
      .where('summary', '=', 'Your sharing choices for Open Door Community Hub')
      .execute();
    assert.deepEqual(logged, [{ actor_name: 'Aisha Khan', part: 'sharing' }]);

    const overview = visibleText((await client.get(saved.location)).text);
    assert.match(overview, /Your changes are saved/);
    assert.match(overview, /Open Door Community Hub can see: My details\./);
    assert.match(overview, /Sam Reid cannot see: About me,/);
  });

  test('saving the same choices again records nothing', async () => {
    const client = await signedIn('aisha.khan@example.org');
    const before = await count('sharing_choice', aisha);
    const page = await client.post(`/people/${aisha}/sharing/organisation/${app.ids.organisations.gp!}`, {
      parts: ['details', 'about_me', 'plan', 'notes'],
    });
    assert.equal(page.location, `/people/${aisha}/sharing?saved=unchanged`);
    assert.equal(await count('sharing_choice', aisha), before);
  });

  test('an end date in the past, or one that is not a real date, is refused and nothing is saved', async () => {
    const client = await signedIn('aisha.khan@example.org');
    const council = app.ids.organisations.council!;
    const before = { choices: await count('sharing_choice', aisha), alerts: await count('staff_alert', aisha) };
    const past = await client.post(`/people/${aisha}/sharing/organisation/${council}`, {
      parts: ['details'],
      ...dateForm(addDays(today, -1)),
    });
    assert.equal(past.status, 400);
    assert.match(visibleText(past.text), /There is a problem The date sharing stops must be today or in the future/);
    assert.match(past.text, /href="#untilDate-day"/);
    // What was typed is kept: only My details stays ticked.
    assert.match(past.text, /value="details" checked/);
    assert.doesNotMatch(past.text, /value="notes" checked/);
    const notReal = await client.post(`/people/${aisha}/sharing/organisation/${council}`, {
      parts: ['details'],
      'untilDate-day': '31',
      'untilDate-month': '2',
      'untilDate-year': '2030',
    });
    assert.equal(notReal.status, 400);
    assert.match(visibleText(notReal.text), /The date sharing stops must be a real date/);
    const partial = await client.post(`/people/${aisha}/sharing/organisation/${council}`, {
      parts: ['details'],
      'untilDate-day': '3',
      'untilDate-month': '',
      'untilDate-year': '',
    });
    assert.match(visibleText(partial.text), /The date sharing stops must include a month and year/);
    const badPart = await client.post(`/people/${aisha}/sharing/organisation/${council}`, {
      parts: ['details', 'diagnosis'],
    });
    assert.equal(badPart.status, 400);
    assert.deepEqual(
      { choices: await count('sharing_choice', aisha), alerts: await count('staff_alert', aisha) },
      before,
    );
  });

  test('Fatima, who may act for Aisha, changes her choices, with an end date', async () => {
    const client = await signedIn('fatima.khan@example.org');
    const page = await client.get(`/people/${aisha}/sharing`);
    assert.equal(page.status, 200);
    assert.match(visibleText(page.text), /Who can see Aisha Khan's record/);
    const hub = app.ids.organisations.hub!;
    const until = addDays(today, 30);
    const saved = await client.post(`/people/${aisha}/sharing/organisation/${hub}`, {
      parts: ['details', 'plan'],
      ...dateForm(until),
    });
    assert.equal(saved.status, 303);
    const rows = await app.db
      .selectFrom('sharing_choice')
      .select(['part', 'decision', 'until_date', 'made_by_name'])
      .where('person_id', '=', aisha)
      .where('audience_id', '=', hub)
      .where('made_by_name', '=', 'Fatima Khan')
      .orderBy('part')
      .execute();
    // Sharing My details with a new end date is a change; so is starting to share the plan.
    assert.deepEqual(rows, [
      { part: 'details', decision: 'share', until_date: until, made_by_name: 'Fatima Khan' },
      { part: 'plan', decision: 'share', until_date: until, made_by_name: 'Fatima Khan' },
    ]);
    assert.equal(await staffCanRead('sam.reid@hub.example.org', aisha, 'plan'), true);
  });

  test('someone without authority to act cannot see or change the choices', async () => {
    const george = await signedIn('george.owen@example.org');
    assert.equal((await george.get(`/people/${margaret}/sharing`)).status, 404);
    const gp = app.ids.organisations.gp!;
    assert.equal((await george.get(`/people/${margaret}/sharing/organisation/${gp}`)).status, 404);
    const before = await count('sharing_choice', margaret);
    assert.equal((await george.post(`/people/${margaret}/sharing/organisation/${gp}`, { parts: [] })).status, 404);
    assert.equal(await count('sharing_choice', margaret), before);
    assert.equal((await george.get(`/people/${aisha}/sharing`)).status, 404);
  });

  test("an audience that is not in this person's list, or a malformed address, is not found", async () => {
    const client = await signedIn('aisha.khan@example.org');
    const before = await count('sharing_choice', aisha);
    const trust = app.ids.organisations.trust!;
    assert.equal((await client.get(`/people/${aisha}/sharing/organisation/${trust}`)).status, 404);
    assert.equal(
      (await client.post(`/people/${aisha}/sharing/organisation/${trust}`, { parts: ['notes'] })).status,
      404,
    );
    assert.equal((await client.get(`/people/${aisha}/sharing/staff/${app.ids.organisations.council!}`)).status, 404);
    assert.equal((await client.get(`/people/${aisha}/sharing/team/${trust}`)).status, 404);
    assert.equal((await client.get(`/people/${aisha}/sharing/organisation/not-an-id`)).status, 404);
    assert.equal((await client.get('/people/not-an-id/sharing')).status, 404);
    assert.equal(await count('sharing_choice', aisha), before);
  });

  test('sharing that has passed its end date no longer gives access', async () => {
    const gp = app.ids.organisations.gp!;
    assert.equal(await staffCanRead('tom.okafor@gp.example.org', aisha, 'plan'), true);
    await app.db
      .insertInto('sharing_choice')
      .values({
        person_id: aisha,
        id: newId(),
        part: 'plan',
        audience_kind: 'organisation',
        audience_id: gp,
        decision: 'share',
        until_date: addDays(today, -1),
        made_by_kind: 'citizen',
        made_by_id: null,
        made_by_name: 'Aisha Khan',
        made_at: new Date(),
      })
      .execute();
    assert.equal(await staffCanRead('tom.okafor@gp.example.org', aisha, 'plan'), false);
    const client = await signedIn('aisha.khan@example.org');
    assert.match(
      visibleText((await client.get(`/people/${aisha}/sharing`)).text),
      /Riverside Medical Practice cannot see: Contacts and circle of support, Care and support plan and Personal budget\./,
    );
  });

  test('a practitioner in the care team records a choice a person without an account made, without seeing the current choices', async () => {
    const daniel = app.ids.people.daniel!;
    const priya = await signedIn('priya.shah@council.example.org');
    assert.equal((await priya.get(`/people/${daniel}/sharing`)).location, `/people/${daniel}/sharing/record`);
    const list = await priya.get(`/people/${daniel}/sharing/record`);
    assert.equal(list.status, 200);
    assert.match(visibleText(list.text), /Record Daniel Brooks's sharing choices/);
    assert.doesNotMatch(visibleText(list.text), /Ruth Green/);
    const grace = app.ids.staff.grace!;
    const form = await priya.get(`/people/${daniel}/sharing/record/staff/${grace}`);
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.text, /value="(share|withhold)" checked/);

    const nothingChosen = await priya.post(`/people/${daniel}/sharing/record/staff/${grace}`, {});
    assert.equal(nothingChosen.status, 400);
    assert.match(visibleText(nothingChosen.text), /Choose at least one part the person wants to share or stop sharing/);
    assert.match(visibleText(nothingChosen.text), /Select how they told you their choice/);

    assert.equal(await staffCanRead('grace.mensah@trust.example.org', daniel, 'notes'), true);
    const saved = await priya.post(`/people/${daniel}/sharing/record/staff/${grace}`, {
      'part-notes': 'withhold',
      toldHow: 'in_person',
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/people/${daniel}/sharing/record?saved=1`);
    // A decision for Grace Mensah by name counts before what is shared with her trust.
    assert.equal(await staffCanRead('grace.mensah@trust.example.org', daniel, 'notes'), false);
    assert.equal(await staffCanRead('grace.mensah@trust.example.org', daniel, 'details'), true);
    const row = await app.db
      .selectFrom('sharing_choice')
      .select(['audience_kind', 'decision', 'made_by_kind', 'made_by_name', 'told_how'])
      .where('person_id', '=', daniel)
      .where('audience_id', '=', grace)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      audience_kind: 'staff',
      decision: 'withhold',
      made_by_kind: 'staff',
      made_by_name: 'Priya Shah (Social worker, Northbridge City Council)',
      told_how: 'in_person',
    });
    const alert = await app.db
      .selectFrom('staff_alert')
      .select('message')
      .where('person_id', '=', daniel)
      .where('staff_account_id', '=', grace)
      .executeTakeFirstOrThrow();
    assert.match(alert.message, /Daniel Brooks has changed what they share with you/);
  });

  test('staff who may not record choices, or are not in the care team, are not told the pages exist', async () => {
    for (const email of [
      'helen.price@council.example.org',
      'grace.mensah@trust.example.org',
      'joan.clarke@trust.example.org',
    ]) {
      const client = await signedIn(email);
      assert.equal((await client.get(`/people/${aisha}/sharing/record`)).status, 404, email);
      assert.equal(
        (await client.get(`/people/${aisha}/sharing/record/organisation/${app.ids.organisations.council!}`)).status,
        404,
        email,
      );
      assert.equal(
        (
          await client.post(`/people/${aisha}/sharing/record/organisation/${app.ids.organisations.council!}`, {
            'part-notes': 'share',
          })
        ).status,
        404,
        email,
      );
    }
    const priya = await signedIn('priya.shah@council.example.org');
    assert.equal(
      (await priya.post(`/people/${aisha}/sharing/organisation/${app.ids.organisations.council!}`, { parts: [] }))
        .status,
      404,
    );
  });
});

describe('which sharing decisions a change records', () => {
  const today = '2026-06-01';
  const organisation = { id: '0190aaaa-0000-7000-8000-000000000001', name: 'Riverside Medical Practice' };
  const professional: Audience = {
    kind: 'staff',
    id: '0190aaaa-0000-7000-8000-000000000002',
    name: 'Dr Tom Okafor',
    description: 'GP',
    organisation,
    mayAct: false,
    staffToTell: [],
  };
  let sequence = 0;
  const choice = (
    part: SharingChoiceRow['part'],
    kind: 'organisation' | 'staff',
    decision: 'share' | 'withhold',
    until: string | null = null,
  ): SharingChoiceRow => ({
    id: `choice-${(sequence += 1)}`,
    part,
    audience_kind: kind,
    audience_id: kind === 'staff' ? professional.id : organisation.id,
    decision,
    until_date: until,
    made_by_kind: 'citizen',
    made_by_id: null,
    made_by_name: 'Test',
    made_at: new Date('2026-05-01T10:00:00Z'),
    told_how: null,
    confirmed_by_name: null,
  });

  test("a choice by name counts before the organisation's, and an ended one counts as none", () => {
    const parts = partSharingFor(
      professional,
      [
        choice('notes', 'staff', 'withhold'),
        choice('notes', 'organisation', 'share'),
        choice('plan', 'staff', 'share', '2026-05-31'),
        choice('plan', 'organisation', 'share'),
        choice('budget', 'organisation', 'share', '2026-05-31'),
        choice('details', 'staff', 'share', today),
      ],
      today,
    );
    const state = Object.fromEntries(parts.map((part) => [part.part, [part.state, part.throughOrganisation]]));
    assert.deepEqual(state, {
      details: ['share', false],
      about_me: ['none', false],
      contacts: ['none', false],
      plan: ['share', true],
      budget: ['none', false],
      notes: ['withhold', false],
      // A section of the plan on its own: only its own choices count here (the whole plan's are added at the door).
      plan_about: ['none', false],
      plan_needs: ['none', false],
      plan_crisis: ['none', false],
      plan_risks: ['none', false],
      plan_people: ['none', false],
    });
  });

  test('only parts whose outcome changes are recorded', () => {
    const current = partSharingFor(
      professional,
      [choice('details', 'staff', 'share', '2026-12-31'), choice('plan', 'organisation', 'share')],
      today,
    );
    // Untouched: details keeps its date, plan is still shared through the practice, the rest stay unshared.
    assert.deepEqual(sharingChanges(current, { details: 'share', plan: 'share', notes: 'withhold' }, '2026-12-31'), [
      { part: 'plan', decision: 'share', until_date: '2026-12-31' },
    ]);
    assert.deepEqual(sharingChanges(current, { details: 'share', plan: 'share', notes: 'withhold' }, null), [
      { part: 'details', decision: 'share', until_date: null },
    ]);
    assert.deepEqual(sharingChanges(current, { details: 'withhold', about_me: 'share' }, null), [
      { part: 'details', decision: 'withhold', until_date: null },
      { part: 'about_me', decision: 'share', until_date: null },
    ]);
    assert.deepEqual(sharingChanges(current, {}, null), []);
  });
});
