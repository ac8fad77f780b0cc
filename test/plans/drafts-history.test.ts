// Saves after an agreed version make one draft with an itemised change history; the versions page lists only agreed
// versions; compare names versions and the draft, never internal save numbers. Every save row stays as it was.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatUkDateTime, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { emptyPlan, type PlanContent } from '../../src/modules/plans/content.ts';
import { bindPlanStore } from '../../src/modules/plans/index.ts';
import { signedIn, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { recordSharingChoice } from '../support/access-fixtures.ts';
import { testBackend } from '../support/database.ts';
import { careTeamPlace } from '../support/plan-builder.ts';
import { CITIZEN_EMAILS, logRowsDuring, STAFF_EMAILS, startPeopleApp } from '../people/helpers.ts';

const REVIEW_DATE = `${Number(ukDate(new Date()).slice(0, 4)) + 1}-03-01`;
const DATE = String.raw`\d{1,2} \w+ \d{4}`;
const WHEN = String.raw`${DATE} at \d{1,2}:\d{2}[ap]m`;

/** The titles of the summary cards on a page, in order. */
const cardTitles = (html: string) =>
  [...html.matchAll(/<h2 class="govuk-summary-card__title[^"]*">([^<]*)<\/h2>/g)].map((match) => match[1]!.trim());
/** A select's options: [value, text, selected]. */
const options = (html: string, name: string) => {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)![1]!;
  return [...select.matchAll(/<option value="(\d+)"( selected)?>([^<]*)<\/option>/g)].map((match) => [
    Number(match[1]),
    match[3]!.trim(),
    Boolean(match[2]),
  ]);
};

describe(`Drafts between agreed versions: one draft, its changes, agreed versions and compare (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let daniel: string;
  let margaret: string;
  let priya: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  let aishaAccount: string;
  let fatimaAccount: string;

  const accountOf = async (email: string) =>
    (await app.db.selectFrom('person_account').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

  type Saver = { kind: 'staff' | 'citizen'; id: string; name: string };
  let saverPriya: Saver;
  let saverAisha: Saver;
  let saverFatima: Saver;
  /** Saves the next change of a person's plan, as its editor would: a new row on top of the newest. */
  async function save(personId: string, by: Saver, summary: string, change: (plan: PlanContent) => PlanContent) {
    const store = bindPlanStore(app.db, personId);
    const current = await store.currentVersion();
    await store.insertVersion({
      number: (current?.number ?? 0) + 1,
      id: newId(),
      content: change(current?.content ?? emptyPlan()),
      based_on: current?.number ?? null,
      change_summary: summary,
      saved_by_kind: by.kind,
      saved_by_id: by.id,
      saved_by_name: by.name,
      saved_at: new Date(),
    });
  }
  const saveRows = () => app.db.selectFrom('plan_version').selectAll().orderBy('person_id').orderBy('number').execute();
  const agree = async (client: TestClient, version: number) =>
    assert.equal((await client.post(`/people/${aisha}/plan/agree`, { version: String(version) })).status, 303);

  before(async () => {
    app = await startPeopleApp();
    [aisha, daniel, margaret] = [app.ids.people.aisha!, app.ids.people.daniel!, app.ids.people.margaret!];
    [priya, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
    [aishaAccount, fatimaAccount] = await Promise.all([
      accountOf(CITIZEN_EMAILS.aisha),
      accountOf(CITIZEN_EMAILS.fatima),
    ]);
    saverPriya = { kind: 'staff', id: app.ids.staff.priya!, name: 'Priya Shah, Social worker' };
    saverAisha = { kind: 'citizen', id: aishaAccount, name: 'Aisha Khan' };
    saverFatima = { kind: 'citizen', id: fatimaAccount, name: 'Fatima Khan' };

    // Save 1, agreed by both: version 1.
    const lead = { careTeamMemberId: await careTeamPlace(app, aisha, app.ids.staff.priya!), name: 'Priya Shah' };
    await save(aisha, saverPriya, 'Started the plan', (plan) => ({
      ...plan,
      whatMatters: 'Being at home with my plants.',
      needs: [
        {
          id: newId(),
          description: 'Getting out of the house',
          goals: [
            {
              id: newId(),
              inOwnWords: 'Walk to the shop',
              importance: 8,
              status: 'in_progress',
              outcomes: '',
              actions: [],
            },
          ],
        },
      ],
      leadProfessional: lead,
      review: { date: REVIEW_DATE, responsibleCareTeamMemberId: null, responsibleName: '' },
    }));
    await agree(aishaClient, 1);
    await agree(priya, 1);
    // Saves 2 and 3, agreed by both: version 2.
    await save(aisha, saverAisha, 'Changed: What matters to me', (plan) => ({
      ...plan,
      whatMatters: 'Being at home with my plants and my cat.',
    }));
    await save(aisha, saverPriya, 'Changed: Review', (plan) => ({
      ...plan,
      review: { ...plan.review, responsibleName: 'Priya Shah' },
    }));
    await agree(priya, 3);
    await agree(aishaClient, 3);
    // One sitting of edits: six saves after version 2, the last by Aisha.
    const sitting: [Saver, string, (plan: PlanContent) => PlanContent][] = [
      [saverPriya, 'Changed: My strengths', (plan) => ({ ...plan, strengths: 'My daughter visits on Sundays.' })],
      [saverFatima, 'Changed: Money for this plan', (plan) => ({ ...plan, funding: 'Council personal budget.' })],
      [
        saverPriya,
        'Changed: Contingency',
        (plan) => ({ ...plan, contingency: { ...plan.contingency, triggers: 'A fall.' } }),
      ],
      [saverFatima, 'Changed: My strengths', (plan) => ({ ...plan, strengths: 'My daughter visits twice a week.' })],
      [saverPriya, 'Changed: Review', (plan) => ({ ...plan, review: { ...plan.review, responsibleName: '' } })],
      [
        saverAisha,
        'Changed: What matters to me',
        (plan) => ({ ...plan, whatMatters: 'My plants, my cat and my garden.' }),
      ],
    ];
    for (const [by, summary, change] of sitting) await save(aisha, by, summary, change);
  });
  after(() => app.close());

  test('six saves after version 2 read as one draft on the plan home, in words for each reader', async () => {
    const forFatima = visibleText((await fatima.get(`/people/${aisha}/plan`)).text);
    assert.match(
      forFatima,
      new RegExp(
        `Version 2 was agreed on ${DATE}\\. Changes since then make a draft, waiting to be agreed: 6 changes, the last on ${WHEN} by Aisha Khan\\. See each change in the draft`,
      ),
    );
    assert.match(
      visibleText((await aishaClient.get(`/people/${aisha}/plan`)).text),
      new RegExp(`6 changes, the last on ${WHEN} by you\\.`),
    );
    assert.doesNotMatch(forFatima, /Version 9|version 9/);
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/plan/review`)).text),
      /Saving the review adds it to the draft, with the new review date\. The draft then needs to be agreed\./,
    );
  });

  test('the shared timeline names agreements by the version they made, and saves as changes', async () => {
    const timeline = visibleText((await priya.get(`/people/${aisha}/timeline?kind=plan`)).text);
    assert.match(timeline, /Plan version 2 agreed by the lead professional/);
    assert.match(timeline, /Plan version 1 agreed by the lead professional/);
    assert.match(timeline, /Plan changed .*Changed: What matters to me/);
    assert.doesNotMatch(timeline, /Plan version [3-9]/);
  });

  test('the versions page lists only the agreed versions, newest first, with the draft at the top', async () => {
    const before = await saveRows();
    let page!: Awaited<ReturnType<TestClient['get']>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (page = await fatima.get(`/people/${aisha}/plan/versions`)),
    );
    assert.equal(page.status, 200);
    assert.deepEqual(cardTitles(page.text), [
      'The draft, waiting to be agreed',
      `Version 2, agreed on ${/Version 2, agreed on ([^<]+)</.exec(page.text)![1]}`,
      `Version 1, agreed on ${/Version 1, agreed on ([^<]+)</.exec(page.text)![1]}`,
    ]);
    const text = visibleText(page.text);
    assert.match(
      text,
      new RegExp(
        `The draft, waiting to be agreed 6 changes, the last on ${WHEN} by Aisha Khan\\. See each change in the draft Compare the draft with version 2 ` +
          `Version 2, agreed on ${DATE} Agreed for the person by Aisha Khan on ${WHEN}\\. Agreed by the lead professional, Priya Shah, Social worker, on ${WHEN}\\. ` +
          `What changed from version 1 to version 2 How it was made: 2 changes to version 2 ` +
          `Version 1, agreed on ${DATE} .* How it was made: 1 change to version 1 Compare any two versions`,
      ),
    );
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.summary]),
      [['Fatima Khan', 'read', 'The history of changes to your plan']],
    );
    assert.match(page.text, new RegExp(`href="/people/${aisha}/plan/versions/compare\\?from=3&amp;to=9"`));
    assert.match(page.text, new RegExp(`href="/people/${aisha}/plan/versions/compare\\?from=1&amp;to=3"`));

    const forAisha = await aishaClient.get(`/people/${aisha}/plan/versions`);
    assert.match(
      visibleText(forAisha.text),
      /Versions of your plan A version is agreed when you \(or someone who acts for you\) and the lead professional both agree it\. .* the last on .* by you\. .* Version 2, agreed on .* You agreed to it on /,
    );
    assert.deepEqual(await saveRows(), before, 'reading changes nothing');
  });

  test('the draft’s change history: each save, newest first, who, when, what and the differences', async () => {
    let page!: Awaited<ReturnType<TestClient['get']>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (page = await fatima.get(`/people/${aisha}/plan/changes`)),
    );
    assert.equal(page.status, 200);
    assert.deepEqual(cardTitles(page.text), [
      'Changed: What matters to me',
      'Changed: Review',
      'Changed: My strengths',
      'Changed: Contingency',
      'Changed: Money for this plan',
      'Changed: My strengths',
    ]);
    const text = visibleText(page.text);
    assert.match(
      text,
      new RegExp(
        'Changes in the draft These are the changes made since version 2 was agreed, newest first\\. They make one draft, waiting to be agreed\\. ' +
          `Changed: What matters to me Aisha Khan, ${WHEN} What matters to me Was: Being at home with my plants and my cat\\. Now: My plants, my cat and my garden\\. ` +
          `Changed: Review Priya Shah, Social worker, ${WHEN} Who is responsible for the review Taken out: Priya Shah ` +
          `Changed: My strengths You, ${WHEN} My strengths and the support I already have Was: My daughter visits on Sundays\\. Now: My daughter visits twice a week\\. ` +
          `Changed: Contingency Priya Shah, Social worker, ${WHEN} What can set off a crisis Added: A fall\\. ` +
          `Changed: Money for this plan You, ${WHEN} Where the money comes from Added: Council personal budget\\. ` +
          `Changed: My strengths Priya Shah, Social worker, ${WHEN} My strengths and the support I already have Added: My daughter visits on Sundays\\.`,
      ),
    );
    assert.doesNotMatch(page.text, /govuk-pagination/, '6 changes fit on one page');
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.purpose, row.summary]),
      [['Fatima Khan', 'read', 'plan', 'representative', 'The changes to your plan since it was last agreed']],
    );
  });

  test('how an agreed version was made: the saves after the version before it; an unknown version is not found', async () => {
    let page!: Awaited<ReturnType<TestClient['get']>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (page = await aishaClient.get(`/people/${aisha}/plan/changes?version=2`)),
    );
    assert.equal(page.status, 200);
    assert.deepEqual(cardTitles(page.text), ['Changed: Review', 'Changed: What matters to me']);
    assert.match(
      visibleText(page.text),
      new RegExp(
        `How version 2 was made Version 2 was agreed on ${DATE}\\. These are the changes that made it, after version 1 was agreed, newest first\\. ` +
          `Changed: Review Priya Shah, Social worker, ${WHEN} Who is responsible for the review Added: Priya Shah ` +
          `You agreed to it on ${WHEN}\\. Agreed by the lead professional, Priya Shah, Social worker, on ${WHEN}\\. ` +
          `Changed: What matters to me You, ${WHEN} What matters to me Was: Being at home with my plants\\. Now: Being at home with my plants and my cat\\.`,
      ),
    );
    assert.deepEqual(
      rows.map((row) => row.summary),
      ['How version 2 of your plan was made'],
    );
    const first = visibleText((await aishaClient.get(`/people/${aisha}/plan/changes?version=1`)).text);
    assert.match(
      first,
      /Started the plan Priya Shah, Social worker, .* What matters to me Added: Being at home with my plants\./,
    );
    for (const asked of ['3', '0', 'abc', '1.5', '-1'])
      assert.equal((await aishaClient.get(`/people/${aisha}/plan/changes?version=${asked}`)).status, 404, asked);
  });

  test('compare version 1 with the draft, and version 1 with version 2; the choices are the agreed versions and the draft', async () => {
    const withDraft = await fatima.get(`/people/${aisha}/plan/versions/compare?from=1&to=9`);
    assert.equal(withDraft.status, 200);
    const text = visibleText(withDraft.text);
    assert.match(
      text,
      new RegExp(
        `What changed between version 1 and the draft Version 1: agreed on ${DATE} by Aisha Khan and Priya Shah, Social worker\\. ` +
          `The draft: last saved on ${WHEN} by Aisha Khan\\. Changes, in the order of the plan Part of the plan What In version 1 In the draft ` +
          'What matters to me What matters to me Being at home with my plants\\. My plants, my cat and my garden\\. ' +
          'My strengths and the support I already have My strengths and the support I already have Not written My daughter visits twice a week\\.',
      ),
    );
    assert.doesNotMatch(text, /version [3-9]\b/i, 'no internal save number is shown');
    assert.deepEqual(options(withDraft.text, 'from'), [
      [1, 'Version 1', true],
      [3, 'Version 2', false],
      [9, 'The draft', false],
    ]);
    assert.deepEqual(options(withDraft.text, 'to'), [
      [1, 'Version 1', false],
      [3, 'Version 2', false],
      [9, 'The draft', true],
    ]);

    const agreedTwo = visibleText((await fatima.get(`/people/${aisha}/plan/versions/compare?from=1&to=3`)).text);
    assert.match(
      agreedTwo,
      /What changed between version 1 and version 2 .* In version 1 In version 2 What matters to me What matters to me Being at home with my plants\. Being at home with my plants and my cat\. Review Who is responsible for the review Not written Priya Shah/,
    );
    assert.doesNotMatch(agreedTwo, /strengths/, 'the draft’s changes are not in version 2');
  });

  test('a save that is neither agreed nor the newest still opens from an old link, named by when it was saved', async () => {
    const saved = await app.db
      .selectFrom('plan_version')
      .select('saved_at')
      .where('person_id', '=', aisha)
      .where('number', '=', 6)
      .executeTakeFirstOrThrow();
    const page = await aishaClient.get(`/people/${aisha}/plan/versions/compare?from=3&to=6`);
    assert.equal(page.status, 200);
    const label = `the draft as saved on ${formatUkDateTime(saved.saved_at)}`;
    assert.match(
      visibleText(page.text),
      new RegExp(
        `What changed between version 2 and ${label} Version 2: agreed on ${DATE} by you and Priya Shah, Social worker\\. ` +
          `The draft as saved on ${WHEN}: saved by Priya Shah, Social worker\\. .* In version 2 In ${label} `,
      ),
    );
    assert.deepEqual(
      options(page.text, 'to').map(([, text, selected]) => [text, selected]),
      [
        ['Version 1', false],
        ['Version 2', false],
        ['The draft', false],
        [`The draft as saved on ${label.slice('the draft as saved on '.length)}`, true],
      ],
    );
    for (const query of ['from=1&to=10', 'from=0&to=9', 'from=abc&to=9', 'to=9', 'from=1&to=9.5'])
      assert.equal((await aishaClient.get(`/people/${aisha}/plan/versions/compare?${query}`)).status, 404, query);
  });

  test('staff outside the team and a circle member the plan is not shared with get 404, and nothing is shown', async () => {
    const paths = ['versions', 'changes', 'changes?version=1', 'versions/compare?from=1&to=9'];
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    for (const path of paths) assert.equal((await grace.get(`/people/${aisha}/plan/${path}`)).status, 404, path);

    // George is in Margaret's circle and sees her plan, until she stops sharing it with him.
    await save(margaret, saverPriya, 'Started the plan', (plan) => ({ ...plan, whatMatters: 'Staying with George.' }));
    const george = await signedIn(app, CITIZEN_EMAILS.george);
    assert.equal((await george.get(`/people/${margaret}/plan/changes`)).status, 200);
    const georgeMember = await app.db
      .selectFrom('circle_member')
      .select('id')
      .where('person_id', '=', margaret)
      .where('name', '=', 'George Owen')
      .executeTakeFirstOrThrow();
    await recordSharingChoice(app.db, {
      personId: margaret,
      part: 'plan',
      audience: { kind: 'circle_member', id: georgeMember.id },
      decision: 'withhold',
    });
    for (const path of ['versions', 'changes', 'changes?version=1', 'versions/compare?from=1&to=1'])
      assert.equal((await george.get(`/people/${margaret}/plan/${path}`)).status, 404, path);
    assert.equal((await george.get(`/people/${aisha}/plan/changes`)).status, 404, 'not in Aisha’s circle');
  });

  test('someone Aisha shares only her crisis plan with is not told who changed the rest, nor shown the changes', async () => {
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const shared = await aishaClient.post(`/people/${aisha}/sharing/organisation/${app.ids.organisations.hub!}`, {
      parts: ['details', 'about_me'],
      sections: 'plan_crisis',
    });
    assert.equal(shared.status, 303);
    const home = visibleText((await sam.get(`/people/${aisha}/plan`)).text);
    assert.match(home, /Aisha Khan has shared only this section of the plan with you/);
    assert.doesNotMatch(home, /agreed|draft|changes/i);
    for (const path of ['versions', 'changes', 'changes?version=1', 'versions/compare?from=1&to=9'])
      assert.equal((await sam.get(`/people/${aisha}/plan/${path}`)).status, 404, path);
  });

  test('the change history pages at 20 saves, for the draft and for an agreed version', async () => {
    for (let number = 1; number <= 45; number += 1)
      await save(daniel, saverPriya, `Change ${number}`, (plan) => ({ ...plan, whatMatters: `Words ${number}` }));
    const path = `/people/${daniel}/plan/changes`;
    const first = await priya.get(path);
    assert.equal(first.status, 200);
    assert.match(
      visibleText(first.text),
      /No version of the plan has been agreed yet\. These are the changes in the first draft, newest first\. 45 changes\. Showing 1 to 20\./,
    );
    assert.deepEqual(
      cardTitles(first.text),
      Array.from({ length: 20 }, (_, index) => `Change ${45 - index}`),
    );
    assert.match(first.text, new RegExp(`href="${path}\\?page=2"`));
    const third = await priya.get(`${path}?page=3`);
    assert.match(visibleText(third.text), /Showing 41 to 45\./);
    assert.deepEqual(cardTitles(third.text), ['Change 5', 'Change 4', 'Change 3', 'Change 2', 'Change 1']);
    assert.match(
      visibleText(third.text),
      /Change 1 You, .* What matters to me Added: Words 1 Previous page 1 2 3 See every agreed version/,
    );

    // Both sides agree the newest save: version 1 has 45 changes, and there is no draft.
    const store = bindPlanStore(app.db, daniel);
    for (const party of ['person', 'lead_professional'] as const)
      await store.insertAgreement({
        version_number: 45,
        party,
        agreed_by_kind: 'staff',
        agreed_by_id: app.ids.staff.priya!,
        agreed_by_name: 'Priya Shah, Social worker',
        agreed_at: new Date(),
        acting_as: party === 'person' ? 'self' : party,
        agreed_for_name: null,
        authority_type: null,
        capacity_assessment_id: null,
      });
    assert.match(
      visibleText((await priya.get(path)).text),
      /Nothing has changed since version 1 was agreed, so there is no draft\./,
    );
    const version = await priya.get(`${path}?version=1&page=2`);
    assert.deepEqual(
      cardTitles(version.text),
      Array.from({ length: 20 }, (_, index) => `Change ${25 - index}`),
    );
    assert.match(version.text, new RegExp(`href="${path}\\?version=1&amp;page=3"`));
    assert.match(version.text, new RegExp(`href="${path}\\?version=1"`), 'page 1 keeps the version');
  });
});
