import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { linkDemoServiceToOrganisation } from '../../src/modules/directory/index.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { addListing, addTerm } from '../support/directory-builder.ts';
import { planWithGoal } from '../support/plan-builder.ts';

const JO = 'jo.kaur@walking.example.org';

/** The three boxes of a date input named `prefix`. */
const dateBoxes = (prefix: string, date: string) => ({
  [`${prefix}-day`]: String(Number(date.slice(8, 10))),
  [`${prefix}-month`]: String(Number(date.slice(5, 7))),
  [`${prefix}-year`]: date.slice(0, 4),
});

describe(`Social-prescribing referrals: consent, the service's side and the outcome (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let jo: TestClient;
  let grace: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  let serviceId: string;
  let goalId: string;
  let firstReferral: string;
  const today = ukDate(new Date());
  const formPath = (personId = aisha) => `/people/${personId}/referrals/new?service=${serviceId}`;
  const referrals = () =>
    app.db.selectFrom('community_referral').selectAll().where('person_id', '=', aisha).orderBy('referred_at').execute();
  const events = () =>
    app.db.selectFrom('community_referral_event').selectAll().where('person_id', '=', aisha).orderBy('at').execute();
  const told = (text: string) =>
    app.db.selectFrom('notification').select(['recipient_id', 'text']).where('text', 'like', `%${text}%`).execute();
  const words = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };
  /** A referral Priya made to the walks, written straight into the table, for what the pages cannot make (past dates). */
  const insertReferral = (id: string, reason: string, dates: { at: Date; until: string; due: string }) =>
    app.db
      .insertInto('community_referral')
      .values({
        person_id: aisha,
        id,
        service_id: serviceId,
        service_name: 'Testford Health Walks',
        organisation_id: app.ids.organisations.walking!,
        organisation_name: 'Northbridge Walking Friends',
        goal: null,
        reason,
        shared: { name: 'Aisha Khan' },
        until_date: dates.until,
        agreed_by: 'Aisha Khan',
        referred_by_kind: 'staff',
        referred_by_id: app.ids.staff.priya!,
        referred_by_name: 'Priya Shah',
        referred_at: dates.at,
        answer_due: dates.due,
      })
      .execute();
  const refer = async (client: TestClient, form: Record<string, string | string[]>) => {
    const check = await client.post(formPath(), form);
    assert.equal(check.status, 200, visibleText(check.text).slice(0, 400));
    assert.match(visibleText(check.text), /Check the referral before you send it/);
    return client.post(formPath(), { ...form, confirmed: 'yes' });
  };

  before(async () => {
    app = await startTestApp({ publicRequestsPerMinute: 100_000 });
    aisha = app.ids.people.aisha!;
    [priya, jo, grace, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, JO),
      signedIn(app, STAFF_EMAILS.grace),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
    ({ goalId } = await planWithGoal(app, priya, aisha, 'To walk to the park every week'));
    const walking = await addTerm(app.db, 'Physical activity');
    serviceId = (
      await addListing(app.db, {
        name: 'Testford Health Walks',
        organisation: 'Northbridge Walking Friends',
        postcode: 'ZZ1 1AA',
        needs: [walking],
      })
    ).serviceId;
    assert.equal(
      await linkDemoServiceToOrganisation(app.db, 'Testford Health Walks', app.ids.organisations.walking!),
      true,
    );
  });
  after(() => app.close());

  test('a referral needs a reason, a last day and who agreed; nothing is sent otherwise', async () => {
    const page = await priya.post(formPath(), { reason: 'ok', share: ['goal', 'nonsense'] });
    assert.equal(page.status, 400);
    const text = visibleText(page.text);
    for (const message of [
      'Say why this service could help in at least 10 characters',
      'Select what to share from the list',
      'Enter the last day the service may see what you share',
      'Select who agreed to this referral',
    ])
      assert.match(text, new RegExp(message));
    const past = await priya.post(formPath(), {
      reason: 'Aisha wants company on walks.',
      ...dateBoxes('until', addDays(today, -1)),
      agreed_by: 'person',
    });
    assert.equal(past.status, 400);
    assert.match(visibleText(past.text), /The last day the service may see it must be today or in the future/);
    assert.equal((await referrals()).length, 0);
    assert.equal((await app.db.selectFrom('referral').selectAll().where('person_id', '=', aisha).execute()).length, 0);
  });

  test('Priya chooses whom to refer from her people; a service no organisation here runs takes no referrals', async () => {
    const choose = await words(priya, `/directory/services/${serviceId}/refer`);
    assert.match(choose, /Who are you referring\? Aisha Khan Daniel Brooks/);
    assert.doesNotMatch(choose, /Margaret/);
    const unlinked = await addListing(app.db, { name: 'Testford Book Club', postcode: 'ZZ1 2AB' });
    assert.equal((await priya.get(`/directory/services/${unlinked.serviceId}/refer`)).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/referrals/new?service=${unlinked.serviceId}`)).status, 404);
  });

  test('Priya refers Aisha for her goal, sharing how to contact her; the service is told', async () => {
    const form = await words(priya, formPath());
    assert.match(form, /Refer Aisha Khan to Testford Health Walks/);
    assert.match(form, /To walk to the park every week/);
    assert.match(form, /Fatima Khan \(Daughter\), who may act for Aisha Khan in care decisions/);
    const sent = await refer(priya, {
      goal: goalId,
      reason: 'Aisha wants company on walks to the park.',
      share: ['contact', 'goal'],
      ...dateBoxes('until', addDays(today, 60)),
      agreed_by: 'person',
    });
    assert.equal(sent.status, 303);
    assert.match(await words(priya, sent.location!), /Your referral has been sent\./);
    const [referral] = await referrals();
    firstReferral = referral!.id;
    assert.equal(referral!.agreed_by, 'Aisha Khan');
    assert.equal(referral!.goal, 'To walk to the park every week');
    assert.equal(referral!.until_date, addDays(today, 60));
    assert.equal(referral!.answer_due, addDays(today, 5));
    assert.deepEqual(Object.keys(referral!.shared).sort(), ['contact', 'goal', 'name']);
    const [access] = await app.db.selectFrom('referral').selectAll().where('id', '=', firstReferral).execute();
    assert.equal(access!.part, 'community_referral');
    assert.equal(access!.organisation_id, app.ids.organisations.walking);
    assert.deepEqual(
      (await told('A new referral to Testford Health Walks')).map((row) => row.recipient_id),
      [app.ids.staff.jo],
    );
  });

  test('Jo sees the shared copy and nothing else of Aisha’s record; each look is in Aisha’s access log', async () => {
    assert.match((await jo.get('/staff')).text, /href="\/directory\/referrals"[^>]*>\s*Referrals received/);
    assert.match(await words(jo, '/directory/referrals'), /Aisha Khan, to Testford Health Walks Waiting for an answer/);
    const page = await words(jo, `/people/${aisha}/referrals/${firstReferral}`);
    assert.match(page, /To walk to the park every week/);
    assert.match(page, /Phone: 07700 900123/);
    assert.doesNotMatch(page, /Urdu|Being at home with my plants/, 'About me was not shared');
    for (const at of [
      `/people/${aisha}`,
      `/people/${aisha}/plan`,
      `/people/${aisha}/about-me`,
      `/people/${aisha}/details`,
      `/people/${aisha}/budget`,
      `/people/${aisha}/referrals`,
    ])
      assert.equal((await jo.get(at)).status, 404, at);
    assert.equal((await jo.get(formPath())).status, 403, 'the service may not refer onwards');
    const looks = await app.db
      .selectFrom('access_log')
      .select(['purpose', 'part', 'action', 'organisation_name'])
      .where('person_id', '=', aisha)
      .where('actor_name', '=', 'Jo Kaur')
      .execute();
    assert.ok(
      looks.some((row) => row.purpose === 'referral' && row.part === 'community_referral' && row.action === 'read'),
    );
    assert.ok(looks.every((row) => row.organisation_name === 'Northbridge Walking Friends'));
    assert.match(
      await words(aishaClient, `/people/${aisha}/access-log`),
      /Jo Kaur[^.]*Northbridge Walking Friends[^.]*Looked at your referral/,
    );
  });

  test('staff of another organisation, and the wrong people, cannot answer', async () => {
    assert.equal((await grace.get(`/people/${aisha}/referrals/${firstReferral}`)).status, 404);
    assert.doesNotMatch(await words(grace, '/directory/referrals'), /Aisha/);
    const forced = await grace.post(`/people/${aisha}/referrals/${firstReferral}/answer`, { answer: 'accept' });
    assert.equal(forced.status, 404);
    const byTeam = await priya.post(`/people/${aisha}/referrals/${firstReferral}/answer`, { answer: 'accept' });
    assert.equal(byTeam.status, 403);
    assert.equal((await events()).length, 0);
  });

  test('declining needs a reason; Jo accepts and Priya is told; the outcome needs the person’s words', async () => {
    const path = `/people/${aisha}/referrals/${firstReferral}`;
    const noReason = await jo.post(`${path}/answer`, { answer: 'decline' });
    assert.equal(noReason.status, 400);
    assert.match(visibleText(noReason.text), /Select why you are declining the referral/);
    const other = await jo.post(`${path}/answer`, { answer: 'decline', reason: 'other' });
    assert.equal(other.status, 400);
    assert.match(visibleText(other.text), /Say why you are declining the referral/);
    assert.equal((await events()).length, 0);
    const accepted = await jo.post(`${path}/answer`, { answer: 'accept' });
    assert.equal(accepted.status, 303);
    assert.match(await words(jo, accepted.location!), /You accepted the referral\./);
    assert.equal((await jo.post(`${path}/answer`, { answer: 'accept' })).status, 400, 'answered once');
    assert.deepEqual(
      (await told('Testford Health Walks accepted a referral you made')).map((row) => row.recipient_id),
      [app.ids.staff.priya],
    );
    const noWords = await jo.post(`${path}/step`, { step: 'outcome', outcome: 'helped' });
    assert.equal(noWords.status, 400);
    assert.match(visibleText(noWords.text), /Enter how it went, in the person’s own words/);
    assert.equal((await jo.post(`${path}/step`, { step: 'started' })).status, 303);
    const outcome = await jo.post(`${path}/step`, {
      step: 'outcome',
      outcome: 'helped',
      words: 'I have made two friends and walk every Tuesday.',
    });
    assert.equal(outcome.status, 303);
    assert.deepEqual(
      (await events()).map((event) => event.kind),
      ['accepted', 'started', 'outcome'],
    );
    const mine = await words(aishaClient, `/people/${aisha}/referrals/${firstReferral}`);
    assert.match(mine, /It helped, recorded by Jo Kaur \(Northbridge Walking Friends\): “I have made two friends/);
  });

  test('Aisha sees her referrals and stops one: the service then gets 404', async () => {
    const list = await words(aishaClient, `/people/${aisha}/referrals`);
    assert.match(list, /Your referrals .* Testford Health Walks Started/);
    assert.match(list, /how to contact you, the goal it is for/);
    assert.doesNotMatch(await words(priya, `/people/${aisha}/referrals/${firstReferral}`), /Stop the referral/);
    assert.equal(
      (await priya.post(`/people/${aisha}/referrals/${firstReferral}/stop`, {})).status,
      403,
      'Aisha’s choice',
    );
    const stopped = await aishaClient.post(`/people/${aisha}/referrals/${firstReferral}/stop`, {});
    assert.equal(stopped.status, 303);
    assert.match(await words(aishaClient, stopped.location!), /The referral has stopped\./);
    assert.equal((await jo.get(`/people/${aisha}/referrals/${firstReferral}`)).status, 404);
    assert.doesNotMatch(await words(jo, '/directory/referrals'), /Aisha/);
    assert.equal((await aishaClient.post(`/people/${aisha}/referrals/${firstReferral}/stop`, {})).status, 400);
  });

  test('Aisha refers herself from the service; the reminder is sent once when it is not answered in time', async () => {
    const start = await aishaClient.get(`/directory/services/${serviceId}/refer`);
    assert.equal(start.status, 303);
    assert.equal(start.location, formPath());
    assert.match(await words(aishaClient, formPath()), /Refer yourself to Testford Health Walks/);
    const sent = await refer(aishaClient, {
      reason: 'I would like to meet people nearby.',
      share: ['about_me'],
      ...dateBoxes('until', addDays(today, 30)),
    });
    assert.equal(sent.status, 303);
    const mine = (await referrals()).at(-1)!;
    assert.equal(mine.referred_by_kind, 'citizen');
    assert.ok(mine.shared.aboutMe?.some((entry) => /plants/.test(entry.body)));
    const remindOverdue = (at: Date) => app.services.directory.referrals.remindOverdue(at);
    assert.equal(await remindOverdue(new Date()), 0, 'not yet due');
    const later = new Date(Date.now() + 7 * 86_400_000);
    assert.equal(await remindOverdue(later), 1);
    assert.equal(await remindOverdue(later), 0, 'reminded once');
    assert.equal((await told('is waiting for your answer')).length, 1);
    assert.deepEqual(
      (await events()).filter((event) => event.referral_id === mine.id).map((event) => event.kind),
      ['reminded'],
    );
  });

  test('a representative with care authority agrees and stops a referral; one for money only cannot', async () => {
    const sent = await refer(fatima, {
      reason: 'Mum enjoys walking with other people.',
      ...dateBoxes('until', addDays(today, 20)),
    });
    assert.equal(sent.status, 303);
    const made = (await referrals()).at(-1)!;
    assert.equal(made.agreed_by, 'Fatima Khan, for Aisha Khan');
    assert.equal((await fatima.post(`/people/${aisha}/referrals/${made.id}/stop`, {})).status, 303);
    await app.db
      .updateTable('circle_member')
      .set({ authority_type: 'lpa_property_finance' })
      .where('person_id', '=', aisha)
      .where('name', '=', 'Fatima Khan')
      .execute();
    try {
      const before = (await referrals()).length;
      assert.equal((await fatima.get(formPath())).status, 403);
      const forced = await fatima.post(formPath(), {
        reason: 'Mum enjoys walking with other people.',
        ...dateBoxes('until', addDays(today, 20)),
        confirmed: 'yes',
      });
      assert.equal(forced.status, 403);
      const open = (await referrals()).find((row) => row.referred_by_kind === 'citizen' && row.id !== made.id)!;
      assert.equal((await fatima.post(`/people/${aisha}/referrals/${open.id}/stop`, {})).status, 403);
      assert.equal((await referrals()).length, before);
    } finally {
      await app.db
        .updateTable('circle_member')
        .set({ authority_type: 'lpa_health_welfare' })
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .execute();
    }
  });

  test('after the last day the person chose, the service gets 404', async () => {
    const id = newId();
    const yesterday = addDays(today, -1);
    await insertReferral(id, 'Shared until yesterday.', {
      at: new Date(Date.now() - 10 * 86_400_000),
      until: yesterday,
      due: addDays(today, -5),
    });
    await app.db
      .insertInto('referral')
      .values({
        person_id: aisha,
        id,
        organisation_id: app.ids.organisations.walking!,
        part: 'community_referral',
        opened_by_id: app.ids.staff.priya!,
        opened_by_name: 'Priya Shah',
        opened_at: new Date(Date.now() - 10 * 86_400_000),
        closed_at: null,
        until_date: yesterday,
      })
      .execute();
    // Aisha's own self-referral is still open, so Jo reaches the door, but not this one.
    assert.equal((await jo.get(`/people/${aisha}/referrals/${id}`)).status, 404);
    assert.doesNotMatch(await words(jo, '/directory/referrals'), /Shared until yesterday/);
    assert.equal(await app.services.directory.referrals.remindOverdue(new Date()), 0, 'no reminder once sharing ended');
  });

  test('the gap report is for managers, names nobody and hides small numbers', async () => {
    const self = (await referrals()).find(
      (row) => row.referred_by_kind === 'citizen' && row.agreed_by === 'Aisha Khan',
    )!;
    const declined = await jo.post(`/people/${aisha}/referrals/${self.id}/answer`, {
      answer: 'decline',
      reason: 'full',
    });
    assert.equal(declined.status, 303);
    assert.deepEqual(
      (await told('Testford Health Walks declined a referral you made')).map((row) => row.recipient_id),
      [self.referred_by_id],
      'Aisha, who referred herself, is told',
    );
    const walking = await app.db
      .selectFrom('dir_taxonomy_term')
      .select('id')
      .where('name', '=', 'Physical activity')
      .executeTakeFirstOrThrow();
    const searches = (area: string, count: number, termId: string | null) =>
      app.db
        .insertInto('directory_search')
        .values(
          Array.from({ length: count }, () => ({
            id: newId(),
            searched_at: new Date(),
            area,
            taxonomy_term_id: termId,
            had_text: termId === null,
            results: 0,
            by_staff: false,
          })),
        )
        .execute();
    await searches('ZZ8', 12, null);
    await searches('ZZ9', 3, walking.id);
    const helen = await signedIn(app, STAFF_EMAILS.helen);
    assert.match((await helen.get('/staff')).text, /href="\/directory\/gaps"[^>]*>\s*Community gaps/);
    const page = await words(helen, '/directory/gaps');
    // ZZ9's 3 is hidden, so are its row and column totals, and then ZZ8's total and the no-need column's, which with
    // the grand total of 15 would give the 3 away.
    assert.match(
      page,
      /Searches that found nothing, by area and need Area No need chosen Physical activity All ZZ8 10 0 \* ZZ9 0 \* \* Total \* \* 15/,
    );
    assert.match(
      page,
      /Referrals declined, by area of the service and reason Area We have no space at the moment All ZZ1 \* \* Total \* \*/,
    );
    assert.match(
      page,
      /Searches for a need no active service in the area meets Area Physical activity All ZZ9 \* \* Total \* \*/,
    );
    assert.doesNotMatch(page, /Aisha|Khan|Jo Kaur/);
    const bad = await helen.get('/directory/gaps?from-day=40&from-month=1&from-year=2026');
    assert.equal(bad.status, 400);
    assert.match(visibleText(bad.text), /There is a problem/);
    for (const client of [priya, jo]) assert.equal((await client.get('/directory/gaps')).status, 404);
    assert.equal((await aishaClient.get('/directory/gaps')).location, '/my', 'a staff page sends a person home');
  });

  test('a service’s figures show only from 8 answered referrals: how fast it answers and how many it accepts', async () => {
    const responseFigures = (id: string, at: Date) => app.services.directory.referrals.responseFigures(id, at);
    assert.equal(await responseFigures(serviceId, new Date()), null, 'only 2 answered so far');
    const referredAt = new Date(Date.now() - 3 * 86_400_000);
    const answeredAt = new Date(Date.now() - 86_400_000);
    for (let i = 0; i < 8; i++) {
      const id = newId();
      await insertReferral(id, 'For the figures.', {
        at: referredAt,
        until: addDays(today, 10),
        due: addDays(today, 2),
      });
      await app.db
        .insertInto('community_referral_event')
        .values({
          person_id: aisha,
          referral_id: id,
          id: newId(),
          kind: i < 6 ? 'accepted' : 'declined',
          decline_reason: i < 6 ? null : 'not_eligible',
          outcome: null,
          words: '',
          by_kind: 'staff',
          by_id: app.ids.staff.jo!,
          by_name: 'Jo Kaur',
          at: answeredAt,
        })
        .execute();
    }
    assert.equal(await responseFigures(serviceId, new Date()), 'Usually answers in 2 days. Accepts 7 in 10 referrals.');
    const page = await new TestClient(app.baseUrl).get(`/directory/services/${serviceId}`);
    assert.equal(page.status, 200);
    assert.match(visibleText(page.text), /Usually answers in 2 days\. Accepts 7 in 10 referrals\./);
  });
});
