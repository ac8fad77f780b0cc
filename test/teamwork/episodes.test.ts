import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, formatUkDate, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { dateBoxes } from '../../src/web/date-field.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { budgetWithTopUp } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

// A hospital stay for Aisha Khan, as the seed story would have it go with Careweave: the ward nurse is put in the
// care team by the stay, the family sees where things are and who to call, a blocker moves the dates, and
// everyone concerned is told. Every refusal leaves the database as it was.

const ROSA = 'rosa.bell@trust.example.org';
const TABLES = ['episode', 'episode_step_event', 'episode_blocker', 'episode_closure', 'episode_ward_place'] as const;

describe(`Transfers of care: a hospital stay with the family kept informed (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let trust: string;
  let priya: TestClient;
  let rosa: TestClient;
  let grace: TestClient;
  let sam: TestClient;
  let helen: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  let episodeId: string;
  const today = ukDate(new Date());
  const staffId = (key: string) => app.ids.staff[key]!;
  const path = (rest = '') => `/people/${aisha}/episodes${rest}`;
  const at = (rest = '') => path(`/${episodeId}${rest}`);
  const counts = async () =>
    Object.fromEntries(
      await Promise.all(
        [...TABLES, 'care_team_member' as const, 'notification' as const, 'about_me_revision' as const].map(
          async (table) => [
            table,
            Number(
              (
                await app.db
                  .selectFrom(table)
                  .select((eb) => eb.fn.countAll().as('n'))
                  .executeTakeFirstOrThrow()
              ).n,
            ),
          ],
        ),
      ),
    );
  const words = async (client: TestClient, where: string) => {
    const page = await client.get(where);
    assert.equal(page.status, 200, where);
    return visibleText(page.text);
  };
  const accountId = async (email: string) =>
    (await app.db.selectFrom('person_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const noticesFor = (kind: 'staff' | 'citizen', id: string) =>
    app.db
      .selectFrom('notification')
      .select(['text', 'link', 'kind'])
      .where('recipient_kind', '=', kind)
      .where('recipient_id', '=', id)
      .where('kind', '=', 'episode_changed')
      .orderBy('created_at')
      .execute();
  const startForm = (change: Record<string, string | string[]> = {}) => ({
    organisation: trust,
    place_name: 'Elm Ward',
    ...dateBoxes('admitted', addDays(today, -2)),
    ...dateBoxes('expected_discharge', addDays(today, 5)),
    follow_up_hours: '48',
    ward_staff: [staffId('rosa')],
    ...change,
  });
  const stepForm = (change: Record<string, string> = {}) => ({
    status: 'in_progress',
    responsible: staffId('rosa'),
    ...dateBoxes('expected', addDays(today, 3)),
    note: '',
    ...change,
  });
  const blockerForm = (change: Record<string, string> = {}) => ({
    step: 'where_and_support',
    reason: 'infection_outbreak',
    what_happened: 'The care home closed to new residents after an outbreak of diarrhoea. The place was lost.',
    what_next: 'Priya will find another home with Fatima this week.',
    who_decides: 'Priya Shah, social worker, with Aisha and Fatima',
    ...dateBoxes('happened', today),
    ...dateBoxes('new_date', addDays(today, 10)),
    ...change,
  });

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    trust = app.ids.organisations.trust!;
    [priya, rosa, grace, sam, helen, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, ROSA),
      signedIn(app, STAFF_EMAILS.grace),
      signedIn(app, STAFF_EMAILS.sam),
      signedIn(app, STAFF_EMAILS.helen),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
    // A budget with a top-up agreement waiting for Aisha's answer: a form the family is asked to sign.
    await budgetWithTopUp(app, priya, aisha, today);
  });
  after(() => app.close());

  test('a stay needs a place from the list, dates in order and ward staff who work there; nothing is saved otherwise', async () => {
    const before = await counts();
    const out = await priya.post(
      path(),
      startForm({
        ...dateBoxes('expected_discharge', addDays(today, -3)),
        place_name: ' ',
        follow_up_hours: 'soon',
      }),
    );
    assert.equal(out.status, 400);
    const text = visibleText(out.text);
    assert.match(text, /Enter the ward or place, like Elm Ward/);
    assert.match(text, /Enter the hours as a number, like 48/);
    const ordered = await priya.post(path(), startForm({ ...dateBoxes('expected_discharge', addDays(today, -3)) }));
    assert.equal(ordered.status, 400);
    assert.match(
      visibleText(ordered.text),
      /There is a problem The expected date of leaving must be the same as or after the date of admission/,
    );
    // Tom works at the GP practice, not the trust; a forged id is nobody; a made-up organisation is no place.
    for (const [form, message] of [
      [
        startForm({ ward_staff: [staffId('tom')] }),
        /Select the ward staff from those who work at Northbridge Hospitals/,
      ],
      [startForm({ ward_staff: [newId()] }), /Select the ward staff from those who work at Northbridge Hospitals/],
      [startForm({ ward_staff: 'not-an-id' }), /Select the ward staff from the list/],
      [startForm({ organisation: newId() }), /Select where the stay is from the list/],
      [startForm({ ward_staff: [] }), /Select at least one member of the ward staff/],
    ] as const) {
      const page = await priya.post(path(), form);
      assert.equal(page.status, 400);
      assert.match(visibleText(page.text), message);
    }
    // Outside the care team (Grace), or without the notes shared (Sam), the record is not there; people cannot start one.
    for (const client of [grace, sam]) assert.equal((await client.post(path(), startForm())).status, 404);
    for (const client of [aishaClient, fatima]) assert.equal((await client.post(path(), startForm())).location, '/my');
    assert.deepEqual(await counts(), before);
  });

  test('Priya starts the stay: Rosa joins the team and sees only what Aisha shares with the trust; Grace sees nothing', async () => {
    const form = await words(priya, path('/new'));
    assert.match(form, /Rosa Bell, Ward nurse Northbridge Hospitals NHS Foundation Trust/);
    const started = await priya.post(path(), startForm());
    assert.equal(started.status, 303);
    episodeId = /episodes\/([0-9a-f-]{36})\?done=started/.exec(started.location!)![1]!;
    const place = await app.db
      .selectFrom('care_team_member')
      .selectAll()
      .where('person_id', '=', aisha)
      .where('staff_account_id', '=', staffId('rosa'))
      .executeTakeFirstOrThrow();
    assert.equal(place.team_role, 'Ward staff at Elm Ward, during the stay');
    assert.equal(place.until_date, null);
    assert.match(await words(priya, `${at()}?done=started`), /The stay has started.*Rosa Bell, Ward nurse/);
    // In the team, but Aisha shares nothing with the trust yet.
    assert.equal((await rosa.get(at())).status, 404);
    const shared = await aishaClient.post(`/people/${aisha}/sharing/organisation/${trust}`, {
      parts: ['details', 'about_me', 'notes'],
    });
    assert.equal(shared.status, 303);
    assert.match(await words(rosa, at()), /Stay at Elm Ward .* Admission Done Rosa Bell, Ward nurse \(0113 496 0731\)/);
    assert.equal((await rosa.get(`/people/${aisha}/about-me`)).status, 200);
    const logged = await app.db
      .selectFrom('access_log')
      .select(['action', 'part', 'purpose', 'summary'])
      .where('person_id', '=', aisha)
      .where('actor_name', '=', 'Rosa Bell')
      .where('part', '=', 'notes')
      .orderBy('at')
      .execute();
    assert.deepEqual(logged.at(-1), {
      action: 'read',
      part: 'notes',
      purpose: 'care',
      summary: 'Your stay: where things are and what happens next',
    });
    assert.equal(logged[0]!.action, 'refused', 'her look before Aisha shared was refused, and logged');
    for (const part of ['plan', 'budget']) assert.equal((await rosa.get(`/people/${aisha}/${part}`)).status, 404, part);
    // Grace works at the trust too, but holds no place: Aisha does not exist for her.
    for (const where of [at(), path(), `/people/${aisha}/about-me`]) assert.equal((await grace.get(where)).status, 404);
    // A second stay cannot start while this one is open.
    const second = await priya.post(path(), startForm());
    assert.equal(second.status, 400);
    assert.match(visibleText(second.text), /There is already a stay that has not closed/);
  });

  test('a step changes as a new event; it is given only to staff in the team; the family and the ward are told', async () => {
    const before = await counts();
    for (const [form, message] of [
      [stepForm({ responsible: newId() }), /Select someone who works in the care team today from the list/],
      [stepForm({ responsible: staffId('grace') }), /Select someone who works in the care team today from the list/],
      [stepForm({ responsible: 'Rosa' }), /Select who is responsible from the list/],
      [stepForm(dateBoxes('expected', addDays(today, -5))), /The date must be on or after the admission/],
      [stepForm({ status: 'finished' }), /Select where this step is/],
    ] as const) {
      const page = await priya.post(at('/steps/where_and_support'), form);
      assert.equal(page.status, 400);
      assert.match(visibleText(page.text), message);
    }
    assert.equal((await priya.post(at('/steps/nowhere'), stepForm())).status, 404);
    assert.equal((await priya.post(path(`/${newId()}/steps/transport`), stepForm())).status, 404);
    assert.equal((await aishaClient.post(at('/steps/transport'), stepForm())).location, '/my');
    assert.deepEqual(await counts(), before);

    const saved = await priya.post(
      at('/steps/where_and_support'),
      stepForm({ note: 'Oakfield Care Home has a place' }),
    );
    assert.equal(saved.status, 303);
    const events = await app.db
      .selectFrom('episode_step_event')
      .selectAll()
      .where('episode_id', '=', episodeId)
      .where('step', '=', 'where_and_support')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.status, 'in_progress');
    assert.equal(events[0]!.expected_on, addDays(today, 3));
    const told = await noticesFor('citizen', await accountId(CITIZEN_EMAILS.fatima));
    assert.equal(told.length, 1);
    assert.match(
      told[0]!.text,
      /Aisha Khan's stay at Elm Ward: “Where they will go and what support” is now in progress/,
    );
    assert.equal(told[0]!.link, at());
    assert.equal((await noticesFor('citizen', await accountId(CITIZEN_EMAILS.aisha))).length, 1);
    assert.equal((await noticesFor('staff', staffId('rosa'))).length, 1, 'the responsible ward nurse');
    assert.equal((await noticesFor('staff', staffId('priya'))).length, 0, 'not whoever made the change');
    // A history: the step changed again is a second row; the first stays as it was.
    await priya.post(at('/steps/where_and_support'), stepForm({ note: 'Visit booked' }));
    assert.equal(
      (await app.db.selectFrom('episode_step_event').select('id').where('step', '=', 'where_and_support').execute())
        .length,
      2,
    );
  });

  test('the placement is lost: the blocker counts the delay in days and moves leaving and the follow-up call', async () => {
    const before = await counts();
    const early = await priya.post(at('/blocker'), blockerForm(dateBoxes('new_date', addDays(today, -1))));
    assert.equal(early.status, 400);
    assert.match(visibleText(early.text), /The new date must be after the date it happened/);
    const future = await priya.post(at('/blocker'), blockerForm(dateBoxes('happened', addDays(today, 2))));
    assert.equal(future.status, 400);
    assert.match(visibleText(future.text), /The date it happened must be today or in the past/);
    const empty = await priya.post(at('/blocker'), blockerForm({ what_next: '', who_decides: ' ' }));
    assert.equal(empty.status, 400);
    assert.match(visibleText(empty.text), /Enter what happens next .*Enter who decides/);
    assert.deepEqual(await counts(), before);

    assert.equal((await priya.post(at('/blocker'), blockerForm())).status, 303);
    const [blocker] = await app.db.selectFrom('episode_blocker').selectAll().execute();
    // The step was expected in 3 days; the new date is in 10: 7 days late.
    assert.equal(blocker!.delay_days, 7);
    const page = await words(priya, at());
    assert.match(page, /Delays so far 7 days/);
    assert.match(page, new RegExp(`Expected to leave ${formatUkDate(addDays(today, 10))}`));
    assert.match(page, new RegExp(`Follow-up contact Not started .* By ${formatUkDate(addDays(today, 12))}`));
    assert.match(page, /Infection outbreak .* a delay of 7 days/);
    const told = await noticesFor('citizen', await accountId(CITIZEN_EMAILS.fatima));
    assert.match(told.at(-1)!.text, /is held up\. Infection outbreak\. New date:/);
  });

  test('Aisha and Fatima read where things are, what happens next, who to call and the form to sign, as “you”', async () => {
    for (const client of [aishaClient, fatima]) {
      const page = await words(client, at());
      assert.match(page, /You are at Elm Ward, Northbridge Hospitals NHS Foundation Trust\./);
      assert.match(page, new RegExp(`You are expected to leave on ${formatUkDate(addDays(today, 10))}`));
      assert.match(page, /What happens next .*Where you will go and the help there is held up\. The care home closed/);
      assert.match(page, /Who decides: Priya Shah, social worker, with Aisha and Fatima/);
      assert.match(
        page,
        /Who to contact Rosa Bell, Ward nurse, Northbridge Hospitals NHS Foundation Trust Call 0113 496 0731/,
      );
      assert.match(
        page,
        /Forms you are asked to sign Care home top-up agreement The care home costs more than the council pays/,
      );
      assert.match((await client.get(at())).text, /href="\/people\/[^"]+\/budget\/agreements\/[0-9a-f-]{36}"/);
      assert.doesNotMatch(page, /the person/i);
      assert.match(await words(client, path()), /Your hospital stays and moves You are at Elm Ward/);
    }
  });

  test('Fatima adds what she knows: it reaches the ward in About me, in her name; an empty note is refused', async () => {
    const before = await counts();
    const empty = await fatima.post(at('/what-you-know'), { what_you_know: '  ' });
    assert.equal(empty.status, 400);
    assert.match(visibleText(empty.text), /Enter what you know/);
    assert.equal((await sam.post(at('/what-you-know'), { what_you_know: 'He likes football.' })).status, 404);
    assert.deepEqual(await counts(), before);
    const added = await fatima.post(at('/what-you-know'), {
      what_you_know: 'She makes her own tea every morning. She walks to the shop with her stick.',
    });
    assert.equal(added.status, 303);
    const revision = await app.db
      .selectFrom('about_me_revision')
      .selectAll()
      .where('person_id', '=', aisha)
      .where('heading', '=', 'how_to_support')
      .orderBy('written_at', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(revision.written_by_name, 'Fatima Khan');
    assert.match(revision.body, /She makes her own tea every morning\. .*\n\(Added by Fatima Khan\)$/);
    assert.match(await words(rosa, `/people/${aisha}/about-me`), /She makes her own tea every morning/);
  });

  test('a manager sees counts for the people their organisation supports, naming nobody; others cannot', async () => {
    const page = await words(helen, '/staff/episodes');
    assert.match(page, /Stays in progress 1 Follow-up calls missed 0/);
    assert.match(page, /Infection outbreak 1 7/);
    assert.doesNotMatch(page, /Aisha/);
    assert.equal((await priya.get('/staff/episodes')).status, 404);
    assert.equal((await aishaClient.get('/staff/episodes')).location, '/my');
  });

  test('Fatima’s place in the circle ends mid-stay: she gets 404 and is no longer told; Aisha still is', async () => {
    const fatimaAccount = await accountId(CITIZEN_EMAILS.fatima);
    const member = await app.db
      .selectFrom('circle_member')
      .select('id')
      .where('person_id', '=', aisha)
      .where('name', '=', 'Fatima Khan')
      .executeTakeFirstOrThrow();
    assert.equal((await aishaClient.post(`/people/${aisha}/contacts/${member.id}/end`, {})).status, 303);
    assert.equal((await fatima.get(at())).status, 404);
    const fatimaBefore = (await noticesFor('citizen', fatimaAccount)).length;
    const aishaBefore = (await noticesFor('citizen', await accountId(CITIZEN_EMAILS.aisha))).length;
    assert.equal((await priya.post(at('/steps/transport'), stepForm())).status, 303);
    assert.equal((await noticesFor('citizen', fatimaAccount)).length, fatimaBefore);
    assert.equal((await noticesFor('citizen', await accountId(CITIZEN_EMAILS.aisha))).length, aishaBefore + 1);
  });

  test('closing ends the ward’s places; closing twice, or changing a closed stay, is refused and changes nothing', async () => {
    const empty = await priya.post(at('/close'), { how_it_ended: '' });
    assert.equal(empty.status, 400);
    assert.match(visibleText(empty.text), /Enter how the stay ended/);
    assert.equal((await priya.post(at('/close'), { how_it_ended: 'Went to Birch House with support.' })).status, 303);
    const place = await app.db
      .selectFrom('care_team_member')
      .select('until_date')
      .where('person_id', '=', aisha)
      .where('staff_account_id', '=', staffId('rosa'))
      .executeTakeFirstOrThrow();
    assert.equal(place.until_date, addDays(today, -1));
    assert.equal((await rosa.get(at())).status, 404);
    const before = await counts();
    const again = await priya.post(at('/close'), { how_it_ended: 'Closed again' });
    assert.equal(again.status, 400);
    assert.match(
      visibleText(again.text),
      /This stay was closed on .* by Priya Shah, Social worker\. It cannot change now\./,
    );
    const step = await priya.post(at('/steps/transport'), stepForm());
    assert.equal(step.status, 400);
    assert.match(visibleText(step.text), /It cannot change now/);
    assert.equal((await priya.post(at('/blocker'), blockerForm())).status, 400);
    assert.deepEqual(await counts(), before);
    assert.match(
      await words(aishaClient, at()),
      /Your stay at Elm Ward \(Northbridge Hospitals NHS Foundation Trust\) ended on/,
    );
  });
});
