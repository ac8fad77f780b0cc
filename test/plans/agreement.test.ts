import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { emptyPlan, type PlanContent } from '../../src/modules/plans/content.ts';
import { bindPlanStore } from '../../src/modules/plans/index.ts';
import { signedIn, visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, logRowsDuring, STAFF_EMAILS, startPeopleApp } from '../people/helpers.ts';
import { capacityAnswers, careTeamPlace } from '../support/plan-builder.ts';

const TODAY = ukDate(new Date());
const daysFromToday = (days: number) =>
  new Date(Date.parse(`${TODAY}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dateParts = (isoDate: string) => {
  const [year, month, day] = isoDate.split('-');
  return { 'nextReview-day': String(Number(day)), 'nextReview-month': String(Number(month)), 'nextReview-year': year! };
};

describe(`Plan agreement, versions, comments and reviews (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let daniel: string;
  let margaret: string;
  let priya: TestClient;
  let tom: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;

  /** The care-team place of a member of staff in a person's team. */
  const placeOf = (personId: string, staffKey: string) => careTeamPlace(app, personId, app.ids.staff[staffKey]!);

  /** A plan ready to agree: one need with one goal, a lead professional and a review date. */
  async function planFor(
    personId: string,
    lead: { staffKey: string; name: string } | null,
    reviewDate: string | null,
  ): Promise<PlanContent> {
    return {
      ...emptyPlan(),
      whatMatters: 'Being at home with my plants.',
      needs: [
        {
          id: newId(),
          description: 'Getting out of the house',
          goals: [
            {
              id: newId(),
              inOwnWords: 'Walk to the shop again',
              importance: 8,
              status: 'in_progress',
              outcomes: '',
              actions: [],
            },
          ],
        },
      ],
      leadProfessional: lead && { careTeamMemberId: await placeOf(personId, lead.staffKey), name: lead.name },
      review: { date: reviewDate, responsibleCareTeamMemberId: null, responsibleName: '' },
    };
  }
  const insertPlan = (personId: string, number: number, content: PlanContent) =>
    bindPlanStore(app.db, personId).insertVersion({
      number,
      id: newId(),
      content,
      based_on: number > 1 ? number - 1 : null,
      change_summary: 'Started the plan',
      saved_by_kind: 'staff',
      saved_by_id: app.ids.staff.priya!,
      saved_by_name: 'Priya Shah, Social worker',
      saved_at: new Date(),
    });
  const agreements = (personId: string) =>
    app.db
      .selectFrom('plan_agreement')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('version_number')
      .orderBy('agreed_at')
      .execute();
  const versions = (personId: string) =>
    app.db.selectFrom('plan_version').selectAll().where('person_id', '=', personId).orderBy('number').execute();

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    daniel = app.ids.people.daniel!;
    margaret = app.ids.people.margaret!;
    await insertPlan(aisha, 1, await planFor(aisha, { staffKey: 'priya', name: 'Priya Shah' }, daysFromToday(10)));
    await insertPlan(daniel, 1, await planFor(daniel, { staffKey: 'priya', name: 'Priya Shah' }, daysFromToday(-5)));
    await insertPlan(margaret, 1, await planFor(margaret, { staffKey: 'tom', name: 'Dr Tom Okafor' }, null));
    [priya, tom, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, STAFF_EMAILS.tom),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
  });
  after(() => app.close());

  test('the check page shows every section of the current version and who has agreed; the read is logged', async () => {
    let page!: Page;
    const rows = await logRowsDuring(app, aisha, async () => (page = await priya.get(`/people/${aisha}/plan/check`)));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Check the plan before it is agreed/);
    assert.match(text, /What matters to me Change What matters to me Being at home with my plants\./);
    // Summary cards for each need, goal and action; no label repeats what was written.
    assert.match(text, /Need 1 What I need Getting out of the house Goal 1 In my own words Walk to the shop again/);
    assert.doesNotMatch(text, /“/);
    assert.match(text, /Positive-risk decisions Change Positive-risk decisions No positive-risk decisions recorded\./);
    assert.match(text, /Not yet agreed for the person\. Not yet agreed by the lead professional\./);
    assert.match(page.text, new RegExp(`href="/people/${aisha}/plan/what-matters"`));
    assert.match(page.text, /name="version" value="1"/);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [['Priya Shah', 'read', 'plan', 'Your plan, to check it before it is agreed']],
    );
  });

  test('Tom, a GP in the team, cannot agree as lead professional; nothing is saved', async () => {
    const check = await tom.get(`/people/${aisha}/plan/check`);
    assert.equal(check.status, 200);
    assert.doesNotMatch(check.text, /action="\/people\/[^"]+\/plan\/agree"/, 'no agree button for Tom');
    const refused = await tom.post(`/people/${aisha}/plan/agree`, { version: '1' });
    assert.equal(refused.status, 400);
    assert.match(
      visibleText(refused.text),
      /There is a problem Only the lead professional can agree the plan for the team\./,
    );
    assert.deepEqual(await agreements(aisha), []);
  });

  test('staff outside the plan’s scope get 404 on every page, and the attempt is logged as refused', async () => {
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    for (const client of [sam, grace]) {
      for (const path of [
        'check',
        'agreed',
        'versions',
        'versions/compare?from=1&to=1',
        'changes',
        'changes?version=1',
        'comments',
        'review',
      ]) {
        assert.equal((await client.get(`/people/${aisha}/plan/${path}`)).status, 404, path);
      }
      assert.equal((await client.post(`/people/${aisha}/plan/agree`, { version: '1' })).status, 404);
      assert.equal(
        (await client.post(`/people/${aisha}/plan/comments`, { section: 'needs', body: 'Hello' })).status,
        404,
      );
    }
    const rows = await logRowsDuring(app, aisha, () => sam.get(`/people/${aisha}/plan/check`));
    assert.deepEqual(
      rows.map((row) => [row.action, row.part]),
      [['refused', 'plan']],
    );
    assert.equal((await priya.get('/people/not-a-uuid/plan/check')).status, 404);
    assert.equal((await priya.get(`/people/${newId()}/plan/check`)).status, 404);
    assert.deepEqual(await agreements(aisha), []);
  });

  test('Aisha agrees for herself, once; Fatima cannot agree again for her; the agreement is logged', async () => {
    let agreed!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (agreed = await aishaClient.post(`/people/${aisha}/plan/agree`, { version: '1' })),
    );
    assert.equal(agreed.status, 303);
    assert.equal(agreed.location, `/people/${aisha}/plan/agreed`);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.purpose, row.summary]),
      [['Aisha Khan', 'write', 'plan', 'self', 'Your agreement to your plan']],
    );
    assert.deepEqual(
      (await agreements(aisha)).map((row) => [row.version_number, row.party, row.agreed_by_name]),
      [[1, 'person', 'Aisha Khan']],
    );
    const page = await aishaClient.get(`/people/${aisha}/plan/agreed`);
    assert.match(
      visibleText(page.text),
      /Your agreement is recorded The draft will be agreed when the other side agrees it too\. Who has agreed the draft You agreed to it on /,
    );

    const again = await aishaClient.post(`/people/${aisha}/plan/agree`, { version: '1' });
    assert.equal(again.status, 400);
    assert.match(visibleText(again.text), /The draft has already been agreed for the person\./);
    const byFatima = await fatima.post(`/people/${aisha}/plan/agree`, { version: '1' });
    assert.equal(byFatima.status, 400);
    assert.equal((await agreements(aisha)).length, 1);
  });

  test('Priya, the lead professional, agrees: the plan is agreed and shows as agreed in the history', async () => {
    const agreed = await priya.post(`/people/${aisha}/plan/agree`, { version: '1' });
    assert.equal(agreed.status, 303);
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/plan/agreed`)).text),
      /The plan is agreed: version 1 Aisha Khan’s plan Both sides have agreed version 1\. It will not change\./,
    );
    assert.deepEqual(
      (await agreements(aisha)).map((row) => [row.party, row.agreed_by_name]),
      [
        ['person', 'Aisha Khan'],
        ['lead_professional', 'Priya Shah, Social worker'],
      ],
    );
    const check = visibleText((await aishaClient.get(`/people/${aisha}/plan/check`)).text);
    assert.match(check, /Version 1 is agreed\. It will not change\./);
    assert.match(
      check,
      /Aisha Khan Check the agreed plan This is version 1, agreed on \d+ \w+ \d{4} by you and Priya Shah, Social worker\./,
      'the heading fits an agreed plan',
    );
    const history = await priya.get(`/people/${aisha}/plan/versions`);
    assert.equal(history.status, 200);
    assert.match(
      visibleText(history.text),
      /Version 1, agreed on \d+ \w+ \d{4} Agreed for the person by Aisha Khan on .* Agreed by the lead professional, Priya Shah, Social worker, on .* How it was made: 1 change to version 1/,
    );
    assert.doesNotMatch(visibleText(history.text), /draft, waiting to be agreed/, 'nothing has changed since');
  });

  test('a plan missing something required cannot be agreed, with a message saying what', async () => {
    const refused = await tom.post(`/people/${margaret}/plan/agree`, { version: '1' });
    assert.equal(refused.status, 400);
    assert.match(visibleText(refused.text), /The plan cannot be agreed until it has a review date\./);
    assert.deepEqual(await agreements(margaret), []);
    const check = visibleText((await tom.get(`/people/${margaret}/plan/check`)).text);
    assert.match(check, /The plan cannot be agreed yet\. It still needs: a review date/);
  });

  test('comments: required and at most 1,000 characters, listed newest first with suggestions labelled', async () => {
    const before = await app.db.selectFrom('plan_comment').selectAll().where('person_id', '=', aisha).execute();
    const empty = await aishaClient.post(`/people/${aisha}/plan/comments`, { section: '', body: '  ' });
    assert.equal(empty.status, 400);
    assert.match(
      visibleText(empty.text),
      /There is a problem Select the part of the plan your comment is about Enter your comment/,
    );
    const tooLong = await aishaClient.post(`/people/${aisha}/plan/comments`, {
      section: 'needs',
      body: 'a'.repeat(1001),
    });
    assert.equal(tooLong.status, 400);
    assert.match(visibleText(tooLong.text), /Your comment must be 1,000 characters or fewer/);
    assert.match(tooLong.text, /a{1001}<\/textarea>/, 'keeps what was typed');
    assert.deepEqual(
      await app.db.selectFrom('plan_comment').selectAll().where('person_id', '=', aisha).execute(),
      before,
    );

    await bindPlanStore(app.db, aisha).insertComment({
      id: newId(),
      section: 'what-matters',
      body: 'Add your Sunday cooking?',
      kind: 'suggestion',
      written_by_kind: 'staff',
      written_by_id: app.ids.staff.priya!,
      written_by_name: 'Priya Shah, Social worker',
      written_at: new Date(Date.now() - 60_000),
    });
    let saved!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () =>
        (saved = await aishaClient.post(`/people/${aisha}/plan/comments`, {
          section: 'needs',
          body: 'I would like to try the bus too.',
        })),
    );
    assert.equal(saved.status, 303);
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [['write', 'plan', 'A comment on your plan: Needs, goals and actions']],
    );
    const page = await priya.get(`/people/${aisha}/plan/comments`);
    assert.match(
      visibleText(page.text),
      /Comment on Needs, goals and actions Aisha Khan, .* I would like to try the bus too\. Suggestion Suggestion for What matters to me Priya Shah, Social worker, .* Add your Sunday cooking\?/,
    );
  });

  test('reviews due: Priya sees her plans overdue first, each name read is logged; Tom sees none of hers', async () => {
    let page!: Page;
    const danielRows = await logRowsDuring(app, daniel, async () => (page = await priya.get('/staff/reviews')));
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /Daniel Brooks .* Overdue by 5 days Record a review for Daniel Brooks Aisha Khan .* Due in 10 days/,
    );
    assert.deepEqual(
      danielRows.map((row) => [row.action, row.part, row.summary]),
      [['read', 'plan', 'Your name and plan review date, in their list of reviews due']],
    );
    assert.doesNotMatch(visibleText((await tom.get('/staff/reviews')).text), /Aisha|Daniel|Margaret/);
    assert.equal((await aishaClient.get('/staff/reviews')).status, 303, 'citizens are sent to their own home');
    const helen = await signedIn(app, STAFF_EMAILS.helen);
    assert.equal((await helen.get('/staff/reviews')).status, 404, 'only practitioners lead plans');
  });

  test('recording a review checks the form, then starts the next version with the new date, to agree again', async () => {
    const form = await priya.get(`/people/${aisha}/plan/review`);
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /Saving the review starts a draft, with the new review date\./);

    const bad = await priya.post(`/people/${aisha}/plan/review`, { achieved: '', ...dateParts(daysFromToday(-1)) });
    assert.equal(bad.status, 400);
    assert.match(
      visibleText(bad.text),
      /There is a problem Enter what has been achieved The next review date must be in the future/,
    );
    const impossible = await priya.post(`/people/${aisha}/plan/review`, {
      achieved: 'x'.repeat(2001),
      'nextReview-day': '31',
      'nextReview-month': '2',
      'nextReview-year': '2030',
    });
    assert.match(
      visibleText(impossible.text),
      /What has been achieved must be 2,000 characters or fewer The next review date must be a real date/,
    );
    assert.equal((await versions(aisha)).length, 1);
    // Recording a review is the care team's work: the person and her daughter may change the plan, not review it.
    for (const citizen of [aishaClient, fatima]) {
      assert.equal((await citizen.get(`/people/${aisha}/plan/review`)).status, 403);
      const forced = await citizen.post(`/people/${aisha}/plan/review`, {
        achieved: 'I walk to the shop.',
        ...dateParts(daysFromToday(30)),
      });
      assert.equal(forced.status, 403);
    }
    assert.equal((await versions(aisha)).length, 1);

    const next = daysFromToday(180);
    let saved!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () =>
        (saved = await priya.post(`/people/${aisha}/plan/review`, {
          achieved: 'Aisha walks to the shop twice a week.',
          ...dateParts(next),
        })),
    );
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/people/${aisha}/plan/changes?reviewed=1`);
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [['write', 'plan', 'A review of your plan, which starts a draft to agree']],
    );
    const [first, second] = await versions(aisha);
    assert.equal(second!.number, 2);
    assert.equal(second!.based_on, 1);
    assert.equal(second!.change_summary, 'Review: Aisha walks to the shop twice a week.');
    assert.deepEqual(second!.content, { ...first!.content, review: { ...first!.content.review, date: next } });
    assert.match(
      visibleText((await priya.get(saved.location)).text),
      /Your review has been saved\. .* Changes in the draft .* Review: Aisha walks to the shop twice a week\. You, \d+ \w+ \d{4} at .* Review date Was: .* Now: /,
    );
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/plan/versions`)).text),
      /The draft, waiting to be agreed 1 change, the last on .* by you\. See each change in the draft Compare the draft with version 1 Version 1, agreed on /,
    );
    assert.doesNotMatch(visibleText((await priya.get('/staff/reviews')).text), /Aisha Khan/, 'no longer due');
  });

  test('agreeing a version that is no longer current is refused and shows the current one; Fatima agrees the new one', async () => {
    const stale = await aishaClient.post(`/people/${aisha}/plan/agree`, { version: '1' });
    assert.equal(stale.status, 400);
    assert.match(
      visibleText(stale.text),
      /The plan has changed since you opened it\. Check the draft below before you agree it\./,
    );
    assert.match(stale.text, /name="version" value="2"/);
    assert.equal((await aishaClient.post(`/people/${aisha}/plan/agree`, { version: 'abc' })).status, 400);
    assert.equal((await agreements(aisha)).length, 2);

    // Fatima agrees for her mother only with a capacity assessment of this decision (capacity-agreement.test.ts).
    const rows = await logRowsDuring(app, aisha, () =>
      fatima.post(`/people/${aisha}/plan/agree`, { version: '2', ...capacityAnswers() }),
    );
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.purpose]),
      [['Fatima Khan', 'write', 'representative']],
    );
    assert.deepEqual(
      (await agreements(aisha)).filter((row) => row.version_number === 2).map((row) => [row.party, row.agreed_by_name]),
      [['person', 'Fatima Khan, for Aisha Khan']],
    );
  });

  test('compare shows what changed between any two versions; unknown numbers are not found', async () => {
    let page!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (page = await aishaClient.get(`/people/${aisha}/plan/versions/compare?from=1&to=2`)),
    );
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /What changed between version 1 and the draft Version 1: agreed on .* by you and Priya Shah, Social worker\. The draft: last saved on .* by Priya Shah, Social worker\. .* Review Review date [0-9]+ \w+ \d{4} [0-9]+ \w+ \d{4}/,
    );
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [['read', 'plan', 'What changed in your plan between two of its versions']],
    );
    assert.match(
      visibleText((await aishaClient.get(`/people/${aisha}/plan/versions/compare?from=2&to=2`)).text),
      /Nothing in the plan is different between the draft and the draft\./,
    );
    for (const query of ['from=1&to=3', 'from=0&to=1', 'from=abc&to=1', 'to=2', 'from=1&to=2.5']) {
      assert.equal((await aishaClient.get(`/people/${aisha}/plan/versions/compare?${query}`)).status, 404, query);
    }
  });
});
