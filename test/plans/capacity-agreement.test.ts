import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatUkDate, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { emptyPlan, type PlanContent } from '../../src/modules/plans/content.ts';
import { bindPlanStore } from '../../src/modules/plans/index.ts';
import { dateBoxes } from '../../src/web/date-field.ts';
import { signedIn, visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, logRowsDuring, STAFF_EMAILS, startPeopleApp } from '../people/helpers.ts';
import { capacityAnswers as answersOf } from '../support/plan-builder.ts';

// Agreement that respects mental capacity (Mental Capacity Act 2005): Aisha agrees her plan herself; Fatima, her
// daughter with a lasting power of attorney for health and welfare, agrees for her only after recording a
// decision-specific capacity assessment finding Aisha cannot make this decision at this time.

const TODAY = ukDate(new Date());
const daysFromToday = (days: number) =>
  new Date(Date.parse(`${TODAY}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const INVOLVED = 'We read the plan together at her kitchen table, with pictures, over two visits.';
const WISHES = '“I want to stay in my own home and cook for my grandchildren.”';
/** A whole answer to the capacity questions for `version`, finding Aisha cannot make this decision. */
const capacityAnswers = (version: number, changes: Record<string, string> = {}) => ({
  version: String(version),
  ...answersOf(changes),
});

describe(`Agreeing a plan for someone who cannot make the decision (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let grace: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;

  const placeOf = async (staffKey: string) =>
    (
      await app.db
        .selectFrom('care_team_member')
        .select('id')
        .where('person_id', '=', aisha)
        .where('staff_account_id', '=', app.ids.staff[staffKey]!)
        .executeTakeFirstOrThrow()
    ).id;
  const planContent = async (): Promise<PlanContent> => ({
    ...emptyPlan(),
    whatMatters: 'Being at home with my plants.',
    needs: [
      {
        id: newId(),
        description: 'Getting about the kitchen safely',
        goals: [
          {
            id: newId(),
            inOwnWords: 'Cook Sunday lunch again',
            importance: 9,
            status: 'in_progress',
            outcomes: '',
            actions: [],
          },
        ],
      },
    ],
    leadProfessional: { careTeamMemberId: await placeOf('priya'), name: 'Priya Shah' },
    review: { date: daysFromToday(60), responsibleCareTeamMemberId: null, responsibleName: '' },
  });
  const insertVersion = async (number: number) =>
    bindPlanStore(app.db, aisha).insertVersion({
      number,
      id: newId(),
      content: await planContent(),
      based_on: number > 1 ? number - 1 : null,
      change_summary: 'Changed the plan',
      saved_by_kind: 'staff',
      saved_by_id: app.ids.staff.priya!,
      saved_by_name: 'Priya Shah, Social worker',
      saved_at: new Date(),
    });
  /** Everything agreeing may change: the agreements and the assessments. */
  const saved = async () => ({
    agreements: await app.db
      .selectFrom('plan_agreement')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('version_number')
      .orderBy('agreed_at')
      .execute(),
    assessments: await app.db.selectFrom('capacity_assessment').selectAll().where('person_id', '=', aisha).execute(),
  });
  const fatimaPlace = async () =>
    (
      await app.db
        .selectFrom('circle_member')
        .select(['id', 'authority_type'])
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    await insertVersion(1);
    [priya, grace, aishaClient, fatima] = await Promise.all([
      signedIn(app, STAFF_EMAILS.priya),
      signedIn(app, STAFF_EMAILS.grace),
      signedIn(app, CITIZEN_EMAILS.aisha),
      signedIn(app, CITIZEN_EMAILS.fatima),
    ]);
  });
  after(() => app.close());

  test('Aisha agrees for herself as before: no questions, no assessment, whatever else is sent', async () => {
    const page = await aishaClient.get(`/people/${aisha}/plan/check`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(visibleText(page.text), /When was it assessed\?|You can agree for/);
    const agreed = await aishaClient.post(`/people/${aisha}/plan/agree`, capacityAnswers(1));
    assert.equal(agreed.status, 303);
    const { agreements, assessments } = await saved();
    assert.deepEqual(
      agreements.map((row) => [row.party, row.acting_as, row.agreed_by_name, row.capacity_assessment_id]),
      [['person', 'self', 'Aisha Khan', null]],
    );
    assert.deepEqual(assessments, []);
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/plan/agreed`)).text),
      /Agreed for the person by Aisha Khan on /,
    );
    await insertVersion(2);
  });

  test('Fatima reads why she may agree for her mother only with the capacity facts, and is asked them', async () => {
    const page = await fatima.get(`/people/${aisha}/plan/check`);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Aisha Khan should agree their plan themselves if they can\. You can help them to understand it and to decide\. You can agree for Aisha Khan only if: your authority covers decisions about their care and health .*found that they cannot make it at this time/,
    );
    for (const question of [
      'When was it assessed?',
      'Who assessed it?',
      'What is their role?',
      'What did the assessment find?',
      'How was Aisha Khan involved?',
      'What did Aisha Khan say they want?',
    ])
      assert.ok(text.includes(question), question);
    assert.match(page.text, /name="capacity_asked" value="yes"/);
    assert.match(text, /Agree to this draft/);
  });

  test('a forced agreement without the capacity facts gets 400, saves nothing and is logged as refused', async () => {
    const before = await saved();
    let refused!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (refused = await fatima.post(`/people/${aisha}/plan/agree`, { version: '2' })),
    );
    assert.equal(refused.status, 400);
    assert.match(
      visibleText(refused.text),
      /There is a problem Before you agree for Aisha Khan, record the assessment of whether they can make this decision themselves\./,
    );
    assert.deepEqual(await saved(), before);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [
        ['Fatima Khan', 'refused', 'plan', 'Tried to change: Your agreement to your plan'],
        ['Fatima Khan', 'read', 'plan', 'Your plan, to check it before it is agreed'],
      ],
    );
  });

  test('each missing or wrong answer is named by its field, keeps what was typed, and saves nothing', async () => {
    const before = await saved();
    const cases: [Record<string, string>, string, string][] = [
      [
        { 'assessed_on-day': '', 'assessed_on-month': '', 'assessed_on-year': '' },
        'assessed_on-day',
        'Enter the date of the assessment',
      ],
      [
        dateBoxes('assessed_on', daysFromToday(1)),
        'assessed_on-day',
        'The date of the assessment must be today or in the past',
      ],
      [{ 'assessed_on-month': '13' }, 'assessed_on-month', 'The date of the assessment must be a real date'],
      [{ assessor_name: '   ' }, 'assessor_name', 'Enter the name of who assessed it'],
      [{ assessor_role: '' }, 'assessor_role', 'Enter the role of who assessed it'],
      [{ capacity_outcome: '' }, 'capacity_outcome', 'Select what the assessment found'],
      [{ capacity_outcome: 'maybe' }, 'capacity_outcome', 'Select what the assessment found'],
      [{ involvement: '' }, 'involvement', 'Enter how they were involved in the decision'],
      [{ wishes: '\u200b' }, 'wishes', 'Enter what they said they want'],
      [{ wishes: 'x'.repeat(2001) }, 'wishes', 'What they said they want must be 2,000 characters or fewer'],
    ];
    for (const [changes, href, message] of cases) {
      const page = await fatima.post(`/people/${aisha}/plan/agree`, capacityAnswers(2, changes));
      assert.equal(page.status, 400, message);
      assert.match(page.text, new RegExp(`<a href="#${href}">${message}</a>`), message);
      assert.match(visibleText(page.text), new RegExp(`Error: ${message}`), `${message}, by the field`);
      const kept = 'involvement' in changes ? 'Dr Tom Okafor' : 'We read the plan together at her kitchen table';
      assert.ok(page.text.includes(kept), 'keeps what was typed');
    }
    assert.deepEqual(await saved(), before);
  });

  test('an assessment that found Aisha can decide means Fatima cannot agree for her', async () => {
    const before = await saved();
    const page = await fatima.post(`/people/${aisha}/plan/agree`, capacityAnswers(2, { capacity_outcome: 'can' }));
    assert.equal(page.status, 400);
    assert.match(
      visibleText(page.text),
      /There is a problem The assessment found that Aisha Khan can make this decision, so they agree it themselves\. You can help them to do it\./,
    );
    assert.match(page.text, /value="can" checked/);
    assert.deepEqual(await saved(), before);
  });

  test('an assessment from before the version was saved is not of this decision', async () => {
    const before = await saved();
    const page = await fatima.post(
      `/people/${aisha}/plan/agree`,
      capacityAnswers(2, dateBoxes('assessed_on', daysFromToday(-3))),
    );
    assert.equal(page.status, 400);
    assert.match(
      visibleText(page.text),
      /The assessment must be about agreeing this version of the plan, so it cannot be from before the version was saved\./,
    );
    assert.deepEqual(await saved(), before);
  });

  test('a representative whose authority covers only money is told why and cannot agree, even with the facts', async () => {
    const place = await fatimaPlace();
    const setType = (type: 'lpa_property_finance' | 'lpa_health_welfare') =>
      app.db
        .updateTable('circle_member')
        .set({ authority_type: type })
        .where('person_id', '=', aisha)
        .where('id', '=', place)
        .execute();
    await setType('lpa_property_finance');
    try {
      const reason =
        'Your lasting power of attorney for property and financial affairs does not cover decisions about care and health, so you cannot agree this for Aisha Khan. Only Aisha Khan can agree this, or someone with a lasting power of attorney for health and welfare, or a deputy for personal welfare.';
      const page = await fatima.get(`/people/${aisha}/plan/check`);
      assert.equal(page.status, 200);
      assert.ok(visibleText(page.text).includes(reason));
      assert.doesNotMatch(page.text, /action="\/people\/[^"]+\/plan\/agree"/, 'no agree button');
      const before = await saved();
      const refused = await fatima.post(`/people/${aisha}/plan/agree`, capacityAnswers(2));
      assert.equal(refused.status, 400);
      assert.ok(visibleText(refused.text).includes(`There is a problem ${reason}`));
      assert.deepEqual(await saved(), before);
    } finally {
      await setType('lpa_health_welfare');
    }
  });

  test('staff outside the team cannot agree for anyone: 404, nothing saved', async () => {
    const before = await saved();
    assert.equal((await grace.post(`/people/${aisha}/plan/agree`, capacityAnswers(2))).status, 404);
    assert.deepEqual(await saved(), before);
  });

  test('Fatima agrees for Aisha once she records the facts; the assessment is kept with the agreement', async () => {
    let agreed!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (agreed = await fatima.post(`/people/${aisha}/plan/agree`, capacityAnswers(2))),
    );
    assert.equal(agreed.status, 303);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.purpose, row.summary]),
      [['Fatima Khan', 'write', 'plan', 'representative', 'Your agreement to your plan']],
    );
    const { agreements, assessments } = await saved();
    const [assessment] = assessments;
    assert.deepEqual(
      assessments.map((row) => ({ ...row, id: undefined, recorded_at: undefined, recorded_by_id: undefined })),
      [
        {
          person_id: aisha,
          id: undefined,
          decision: 'plan_agreement',
          plan_version_number: 2,
          assessed_on: TODAY,
          assessor_name: 'Dr Tom Okafor',
          assessor_role: 'GP',
          outcome: 'cannot',
          involvement: INVOLVED,
          wishes: WISHES,
          recorded_by_kind: 'citizen',
          recorded_by_id: undefined,
          recorded_by_name: 'Fatima Khan',
          recorded_at: undefined,
        },
      ],
    );
    assert.deepEqual(
      agreements
        .filter((row) => row.version_number === 2)
        .map((row) => [
          row.party,
          row.acting_as,
          row.agreed_by_name,
          row.agreed_for_name,
          row.authority_type,
          row.capacity_assessment_id,
        ]),
      [['person', 'representative', 'Fatima Khan, for Aisha Khan', 'Aisha Khan', 'lpa_health_welfare', assessment!.id]],
    );
    const again = await fatima.post(`/people/${aisha}/plan/agree`, capacityAnswers(2));
    assert.equal(again.status, 400);
    assert.match(visibleText(again.text), /The draft has already been agreed for the person\./);
    assert.equal((await saved()).assessments.length, 1, 'a refused second agreement keeps no second assessment');
  });

  test('the agreement line carries the capacity facts: to the team by name, to Aisha as "you"', async () => {
    const assessed = formatUkDate(TODAY);
    const forTeam = visibleText((await priya.get(`/people/${aisha}/plan/check`)).text);
    assert.match(
      forTeam,
      new RegExp(
        `Fatima Khan agreed for Aisha Khan on [^.]+\\. Aisha Khan could not make this decision on ${assessed} \\(assessed by Dr Tom Okafor, GP\\)\\. How Aisha Khan was involved: ${INVOLVED} What Aisha Khan said they want: ${WISHES}`,
      ),
    );
    for (const path of ['check', 'agreed']) {
      const forAisha = visibleText((await aishaClient.get(`/people/${aisha}/plan/${path}`)).text);
      assert.match(
        forAisha,
        new RegExp(
          `Fatima Khan agreed for you on [^.]+\\. You could not make this decision on ${assessed} \\(assessed by Dr Tom Okafor, GP\\)\\. How you were involved: ${INVOLVED} What you said you want: ${WISHES}`,
        ),
        path,
      );
    }
    const versions = visibleText((await priya.get(`/people/${aisha}/plan/versions`)).text);
    assert.match(
      versions,
      new RegExp(
        `The first draft, waiting to be agreed .* Agreed so far Fatima Khan agreed for Aisha Khan on [^.]+\\. Aisha Khan could not make this decision on ${assessed} \\(assessed by Dr Tom Okafor, GP\\)\\.`,
      ),
    );
    // Aisha agreed the plan as first saved, before it changed: her agreement stays with that change, as it was.
    const changes = visibleText((await priya.get(`/people/${aisha}/plan/changes`)).text);
    assert.match(
      changes,
      /Review date Added: [^.]+ Agreed for the person by Aisha Khan on \d.* See every agreed version/,
    );
    assert.match(
      changes,
      new RegExp(
        `Fatima Khan agreed for Aisha Khan on [^.]+\\. Aisha Khan could not make this decision on ${assessed}`,
      ),
    );
  });

  test('an agreement made before capacity was recorded still reads as it did', async () => {
    await insertVersion(3);
    await bindPlanStore(app.db, aisha).insertAgreement({
      version_number: 3,
      party: 'person',
      agreed_by_kind: 'citizen',
      agreed_by_id: app.ids.staff.priya!,
      agreed_by_name: 'Fatima Khan, for Aisha Khan',
      agreed_at: new Date(),
    });
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/plan/check`)).text),
      /Agreed for the person by Fatima Khan, for Aisha Khan on /,
    );
  });
});
