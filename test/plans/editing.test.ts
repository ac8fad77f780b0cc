import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import type { PlanContent } from '../../src/modules/plans/content.ts';
import { planSection } from '../../src/modules/plans/editing-service.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { currentPlan, planVersions, refusedPlanPage, savePlanPage } from '../support/plan-builder.ts';

const MISSING = '0190a5b0-0000-7000-8000-00000000abcd';

describe(`Plan home and editing (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let aishaHerself: TestClient;
  let fatima: TestClient;
  const plan = (path = '') => `/people/${aisha}/plan${path}`;
  const versions = () => planVersions(app, aisha);
  const current = () => currentPlan(app, aisha);
  const basedOn = async () => String((await current()).number);
  const comments = () =>
    app.db.selectFrom('plan_comment').selectAll().where('person_id', '=', aisha).orderBy('written_at').execute();
  /** Saves a form; answers the new version's content. */
  const saves = async (
    client: TestClient,
    path: string,
    form: Record<string, string | string[]>,
    redirectTo = plan(),
  ) => (await savePlanPage(app, client, aisha, path, form, redirectTo)).content;
  const refused = (client: TestClient, path: string, form: Record<string, string | string[]>, message: RegExp) =>
    refusedPlanPage(app, client, aisha, path, form, message);

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    aishaHerself = await signedIn(app, CITIZEN_EMAILS.aisha);
    fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
  });
  after(() => app.close());

  test('before a plan exists, the home says so; Priya starts version 1, empty; both are logged', async () => {
    const rows = await logRowsDuring(app, aisha, async () => {
      const home = await priya.get(plan());
      assert.equal(home.status, 200);
      assert.match(visibleText(home.text), /Aisha Khan does not have a care and support plan yet\. Start the plan/);
      const started = await priya.post(plan('/start'), {});
      assert.equal(started.status, 303);
      assert.equal(started.location, plan());
    });
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [
        ['read', 'plan', 'Your care and support plan'],
        ['write', 'plan', 'Your care and support plan: started'],
      ],
    );
    const [first, ...rest] = await versions();
    assert.equal(rest.length, 0);
    assert.equal(first!.number, 1);
    assert.equal(first!.based_on, null);
    assert.equal(first!.saved_by_name, 'Priya Shah, Social worker');
    assert.equal((await priya.post(plan('/start'), {})).status, 303, 'starting again changes nothing');
    assert.equal((await versions()).length, 1);
  });

  test('the home shows the version, that it is a draft, and every section not started, with links', async () => {
    const home = await aishaHerself.get(plan());
    assert.equal(home.status, 200);
    const text = visibleText(home.text);
    assert.match(text, /Your care and support plan/);
    assert.match(
      text,
      /This is the first draft, waiting to be agreed: 1 change, the last on .* by Priya Shah, Social worker\./,
    );
    assert.match(text, /The plan starts from your About me/);
    assert.match(text, /What matters to me Not started/);
    assert.match(text, /Money for this plan Not started/);
    for (const link of [
      '/what-matters',
      '/needs',
      '/review-date',
      '/check',
      '/versions',
      '/print',
      '/pdf',
      '/easy-read',
    ])
      assert.ok(home.text.includes(`href="${plan(link)}"`), link);
  });

  test('Aisha writes what matters to her: a new version based on the last, shown on the plan home', async () => {
    const form = await aishaHerself.get(plan('/what-matters'));
    assert.equal(form.status, 200);
    assert.match(form.text, /name="based_on" value="1"/);
    let content!: PlanContent;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (content = await saves(aishaHerself, '/what-matters', { body: 'My plants.\r\nSunday lunch.' })),
    );
    assert.equal(content.whatMatters, 'My plants.\nSunday lunch.');
    const saved = await current();
    assert.equal((saved as unknown as { based_on: number }).based_on, 1);
    assert.equal((saved as unknown as { change_summary: string }).change_summary, 'Changed: What matters to me');
    assert.deepEqual(
      rows.filter((row) => row.action === 'write').map((row) => [row.part, row.summary]),
      [['plan', 'Your care and support plan: What matters to me']],
    );
    const home = visibleText((await aishaHerself.get(plan())).text);
    // The plan home shows the plan itself; a finished section has no tag, an unfinished one says so.
    assert.match(home, /What matters to me Change What matters to me My plants\. Sunday lunch\./);
    assert.match(home, /My strengths and the support I already have Not started/);
    assert.doesNotMatch(home, /Done|Record a review/, 'the person is not offered the lead professional’s review');
  });

  test('Priya’s words for a section that is Aisha’s own become a suggestion, not a new version; Aisha sees it', async () => {
    const before = await versions();
    const page = await priya.get(plan('/strengths'));
    assert.match(visibleText(page.text), /These are Aisha Khan’s own words, so you cannot change them/);
    const sent = await priya.post(plan('/strengths'), {
      based_on: String(before.at(-1)!.number),
      body: 'Aisha knows every plant in the community garden.',
    });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, plan('/strengths?suggested=1'));
    assert.match(visibleText((await priya.get(sent.location)).text), /Your suggestion has been sent/);
    assert.deepEqual(await versions(), before, 'no new version');
    const [suggestion] = await comments();
    assert.equal(suggestion!.kind, 'suggestion');
    assert.equal(suggestion!.section, 'strengths');
    assert.equal(suggestion!.written_by_name, 'Priya Shah, Social worker');
    const mine = visibleText((await aishaHerself.get(plan('/strengths'))).text);
    assert.match(
      mine,
      /Suggestions for you .* Aisha knows every plant in the community garden\. Suggested by Priya Shah, Social worker on/,
    );
    await saves(aishaHerself, '/strengths', { body: 'I know every plant in the community garden.' });
    assert.match(
      visibleText((await aishaHerself.get(plan('/strengths'))).text),
      /Suggestions for you/,
      'changing the section does not answer it: using it or not does (suggestions.test.ts)',
    );
  });

  test('Fatima, as Aisha’s representative, and Priya edit the other simple sections', async () => {
    const funding = await saves(fatima, '/funding', { body: 'Personal budget from the council.' });
    assert.equal(funding.funding, 'Personal budget from the council.');
    const contingency = await saves(priya, '/contingency', {
      triggers: 'Falls',
      earlyWarningSigns: 'Not eating',
      whatShouldHappen: 'Call Fatima',
      whoToContact: 'Fatima Khan',
      copingStrategies: 'Radio',
      advanceStatements: '',
    });
    assert.equal(contingency.contingency.whatShouldHappen, 'Call Fatima');
    assert.equal(contingency.contingency.advanceStatements, '');
    const risks = await saves(
      priya,
      '/risks',
      {
        risk: 'Using the cooker alone',
        gains: 'Cooking Sunday lunch',
        personView: 'I want to cook',
        agreedBy: 'Aisha and Priya',
      },
      plan('/risks'),
    );
    assert.equal(risks.riskDecisions[0]!.risk, 'Using the cooker alone');
    assert.match(
      visibleText((await priya.get(plan('/risks'))).text),
      /Using the cooker alone What the person gains Cooking Sunday lunch/,
    );

    const team = await app.db
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id'])
      .where('person_id', '=', aisha)
      .execute();
    const priyaMember = team.find((member) => member.staff_account_id === app.ids.staff.priya)!.id;
    const circle = await app.db
      .selectFrom('circle_member')
      .select(['id', 'name'])
      .where('person_id', '=', aisha)
      .execute();
    const fatimaMember = circle.find((member) => member.name === 'Fatima Khan')!.id;
    const people = await saves(priya, '/people', {
      careTeam: team.map((member) => member.id),
      circle: fatimaMember,
      lead: priyaMember,
    });
    assert.deepEqual(people.involved.careTeamMemberIds.sort(), team.map((member) => member.id).sort());
    assert.deepEqual(people.involved.circleMemberIds, [fatimaMember]);
    assert.deepEqual(people.leadProfessional, { careTeamMemberId: priyaMember, name: 'Priya Shah' });

    const nextYear = String(Number(ukDate(new Date()).slice(0, 4)) + 1);
    const review = await saves(priya, '/review-date', {
      'review_date-day': '3',
      'review_date-month': '2',
      'review_date-year': nextYear,
      responsible: priyaMember,
    });
    assert.deepEqual(review.review, {
      date: `${nextYear}-02-03`,
      responsibleCareTeamMemberId: priyaMember,
      responsibleName: 'Priya Shah',
    });
    const home = visibleText((await priya.get(plan())).text);
    assert.match(home, /Who is involved Change Who is involved Lead professional Priya Shah/);
    assert.match(home, /Review Change Review Review date 3 February 2027 Who will arrange it Priya Shah/);
    assert.match(home, /Record a review/);
  });

  test('needs, goals and actions are added on their own pages', async () => {
    const needs = await saves(priya, '/needs/add', { description: 'Getting about the kitchen safely' }, plan('/needs'));
    const needId = needs.needs[0]!.id;
    const goals = await saves(
      aishaHerself,
      `/needs/${needId}/goals/add`,
      { inOwnWords: 'Cook Sunday lunch again', importance: '9', status: 'in_progress' },
      plan('/needs'),
    );
    const goal = goals.needs[0]!.goals[0]!;
    assert.equal(goal.importance, 9);
    const form = await priya.get(plan(`/needs/${needId}/goals/${goal.id}/actions/add`));
    assert.match(
      visibleText(form.text),
      /Aisha Khan \(the person\).*Fatima Khan \(Daughter\).*Priya Shah \(Social worker, Northbridge City Council\).*Someone else, or an organisation/,
    );
    const nextYear = String(Number(ukDate(new Date()).slice(0, 4)) + 1);
    const actions = await saves(
      priya,
      `/needs/${needId}/goals/${goal.id}/actions/add`,
      {
        what: 'Occupational therapy visit',
        owner: 'other',
        owner_name: 'Northbridge OT service',
        'by_when-day': '1',
        'by_when-month': '3',
        'by_when-year': nextYear,
        status: 'not_started',
        confidence: '6',
        'review_date-day': '',
        'review_date-month': '',
        'review_date-year': '',
      },
      plan('/needs'),
    );
    assert.deepEqual(actions.needs[0]!.goals[0]!.actions[0]!.owner, {
      kind: 'other',
      id: null,
      name: 'Northbridge OT service',
    });
    assert.equal(actions.needs[0]!.goals[0]!.actions[0]!.byWhen, `${nextYear}-03-01`);
    assert.equal(actions.needs[0]!.goals[0]!.actions[0]!.reviewDate, null);
    await saves(
      aishaHerself,
      `/needs/${needId}/goals/${goal.id}/actions/add`,
      { what: 'Practise with the perching stool', owner: 'person', status: 'in_progress' },
      plan('/needs'),
    );
    const list = visibleText((await priya.get(plan('/needs'))).text);
    assert.match(
      list,
      /Need 1: Getting about the kitchen safely .*Goal: Cook Sunday lunch again In progress\. How much it matters: 9 out of 10\. Occupational therapy visit: Northbridge OT service, by 1 March/,
    );
    // At a glance: each need, its goals in the person's words, and each action on one line.
    assert.match(
      visibleText((await priya.get(plan())).text),
      /Needs, goals and actions Change Needs, goals and actions Getting about the kitchen safely Cook Sunday lunch again In progress Occupational therapy visit – Northbridge OT service, by 1 March 2027\. Not started\. Practise with the perching stool – Aisha Khan \(me\)\. In progress\./,
    );
    assert.equal((await priya.get(plan(`/needs/${MISSING}/goals/add`))).status, 404);
    assert.equal((await priya.get(plan(`/needs/${needId}/goals/${MISSING}/actions/add`))).status, 404);
  });

  test('bad input gets a message by the field, keeps what was typed, and saves nothing', async () => {
    await refused(priya, '/needs/add', { description: '  ' }, /Enter the need/);
    const long = await refused(
      aishaHerself,
      '/what-matters',
      { body: 'a'.repeat(4001) },
      /What matters to me must be 4,000 characters or fewer/,
    );
    assert.match(long.text, /a{4001}<\/textarea>/);
    await refused(
      priya,
      '/funding',
      { body: 'b'.repeat(2001) },
      /Money for this plan must be 2,000 characters or fewer/,
    );
    await refused(
      priya,
      '/review-date',
      { 'review_date-day': '31', 'review_date-month': '2', 'review_date-year': '2030' },
      /The review date must be a real date/,
    );
    const past = await refused(
      priya,
      '/review-date',
      { 'review_date-day': '1', 'review_date-month': '1', 'review_date-year': '2020' },
      /The review date must be today or in the future/,
    );
    assert.match(past.text, /href="#review_date-day"/);
    assert.match(past.text, /name="review_date-year"[^>]*value="2020"|value="2020"[^>]*name="review_date-year"/);
    await refused(priya, '/review-date', {}, /Enter the review date/);
    const needId = (await current()).content.needs[0]!.id;
    const goalId = (await current()).content.needs[0]!.goals[0]!.id;
    await refused(
      priya,
      `/needs/${needId}/goals/add`,
      { inOwnWords: '', importance: '11', status: 'in_progress' },
      /Enter the goal, in the person’s own words .*Choose how much it matters, from 0 to 10/,
    );
    await refused(
      priya,
      `/needs/${needId}/goals/${goalId}/actions/add`,
      {
        what: 'Visit',
        owner: 'person',
        status: 'done',
        'by_when-day': '30',
        'by_when-month': '2',
        'by_when-year': '2031',
      },
      /The date it will be done by must be a real date/,
    );
    await refused(
      priya,
      `/needs/${needId}/goals/${goalId}/actions/add`,
      { what: 'Visit', owner: `team:${MISSING}`, status: 'done' },
      /Choose who will do it/,
    );
    await refused(
      priya,
      `/needs/${needId}/goals/${goalId}/actions/add`,
      { what: 'Visit', owner: 'other', status: 'done' },
      /Enter the name of who will do it/,
    );
    await refused(priya, '/people', { lead: MISSING }, /Choose the lead professional from the care team/);
    await refused(priya, '/risks', { risk: '' }, /Enter the risk/);
  });

  test('a save based on an older version is refused with 409, showing what is saved and what was typed', async () => {
    const stale = String((await current()).number - 1);
    const before = await versions();
    const page = await fatima.post(plan('/funding'), { based_on: stale, body: 'Money from my savings.' });
    assert.equal(page.status, 409);
    const text = visibleText(page.text);
    assert.match(text, /Someone else changed this plan/);
    assert.match(text, /What is saved now Money for this plan: Money for this plan Personal budget from the council\./);
    assert.match(text, /What you typed .* Money for this plan Money from my savings\./);
    assert.deepEqual(await versions(), before);
    assert.equal((await fatima.post(plan('/funding'), { body: 'No version given' })).status, 409);
    assert.deepEqual(await versions(), before);
  });

  test('two saves of the same version at the same instant: one is saved, the other gets the conflict page', async () => {
    const based = await basedOn();
    const answers = await Promise.all([
      priya.post(plan('/funding'), { based_on: based, body: 'First' }),
      fatima.post(plan('/funding'), { based_on: based, body: 'Second' }),
    ]);
    assert.deepEqual(answers.map((answer) => answer.status).sort(), [303, 409]);
    assert.equal((await current()).number, Number(based) + 1);
  });

  test(
    'a version saved by someone else during the save (a unique-key clash) is a conflict, not a crash',
    { skip: testBackend() === 'pglite' && 'the embedded database runs one transaction at a time' },
    async () => {
      const staff = await app.db
        .selectFrom('staff_account')
        .selectAll()
        .where('email', '=', STAFF_EMAILS.priya)
        .executeTakeFirstOrThrow();
      const data = app.services.contextFor({
        kind: 'staff',
        id: staff.id,
        name: staff.display_name,
        email: staff.email,
        role: staff.role,
        jobTitle: staff.job_title,
        organisationId: staff.organisation_id,
        organisationName: 'Northbridge City Council',
        organisationLogoUrl: null,
        sessionId: MISSING,
      });
      const saved = await current();
      const editing = app.services.plans.editing;
      const outcome = await editing.save(
        data,
        aisha,
        planSection('funding')!,
        saved.number,
        (content) => content,
        new Date(),
      );
      assert.deepEqual(outcome, { outcome: 'saved', number: saved.number + 1 });
      // Another connection inserts the next number and holds it uncommitted; this save reads the plan, then waits on
      // that key at its insert, and fails with a unique-key violation when the other commits.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertHeld = new Promise<void>((resolve) => (inserted = resolve));
      const other = app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('plan_version')
          .values({
            person_id: aisha,
            number: saved.number + 2,
            id: MISSING,
            content: saved.content,
            based_on: saved.number + 1,
            change_summary: 'Changed: Money for this plan',
            saved_by_kind: 'staff',
            saved_by_id: staff.id,
            saved_by_name: 'Someone else',
            saved_at: new Date(),
          })
          .execute();
        inserted();
        await held;
      });
      let clash: unknown;
      const rows = await logRowsDuring(app, aisha, async () => {
        // The other insert holds its key before this save starts, so the save must wait on it.
        await insertHeld;
        const saving = editing.save(
          data,
          aisha,
          planSection('funding')!,
          saved.number + 1,
          (content) => ({ ...content, funding: 'Mine' }),
          new Date(),
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        release();
        await other;
        clash = await saving;
      });
      assert.deepEqual(
        rows,
        [],
        'the refused insert rolled back, log row and all: it was the unique key, not the version check, that stopped it',
      );
      assert.deepEqual(clash, { outcome: 'conflict' });
      assert.equal((await current()).number, saved.number + 2);
      assert.equal((await versions()).at(-1)!.saved_by_name, 'Someone else');
    },
  );

  test('Helen, a manager, may read the plan but not change it; Sam, without the plan shared, gets 404', async () => {
    // Managers read plans of people in their care teams: put Helen in Aisha's.
    await app.db
      .insertInto('care_team_member')
      .values({
        person_id: aisha,
        id: MISSING,
        staff_account_id: app.ids.staff.helen!,
        organisation_id: app.ids.organisations.council!,
        team_role: 'Team manager',
        from_date: '2026-01-05',
        until_date: null,
      })
      .execute();
    const helen = await signedIn(app, STAFF_EMAILS.helen);
    const home = await helen.get(plan());
    assert.equal(home.status, 200);
    assert.doesNotMatch(home.text, /href="\/people\/[^"]+\/plan\/what-matters"/);
    assert.equal((await helen.get(plan('/funding'))).status, 404);
    assert.equal((await helen.post(plan('/funding'), { based_on: await basedOn(), body: 'x' })).status, 404);
    assert.equal((await helen.post(plan('/start'), {})).status, 404);

    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const before = await versions();
    const rows = await logRowsDuring(app, aisha, async () => {
      assert.equal((await sam.get(plan())).status, 404);
      assert.equal((await sam.get(plan('/what-matters'))).status, 404);
      assert.equal((await sam.post(plan('/funding'), { based_on: await basedOn(), body: 'x' })).status, 404);
    });
    assert.ok(rows.length >= 3 && rows.every((row) => row.action === 'refused' && row.part === 'plan'));
    assert.deepEqual(await versions(), before);
  });

  test('once the person and the lead professional agree the current version, the home says it is agreed', async () => {
    const { number } = await current();
    const agreement = {
      person_id: aisha,
      version_number: number,
      agreed_by_kind: 'citizen' as const,
      agreed_by_id: MISSING,
      agreed_by_name: 'Aisha Khan',
      agreed_at: new Date(),
    };
    await app.db
      .insertInto('plan_agreement')
      .values({ ...agreement, party: 'person' })
      .execute();
    assert.match(visibleText((await aishaHerself.get(plan())).text), /This is the first draft, waiting to be agreed/);
    await app.db
      .insertInto('plan_agreement')
      .values({ ...agreement, party: 'lead_professional', agreed_by_kind: 'staff', agreed_by_name: 'Priya Shah' })
      .execute();
    assert.match(
      visibleText((await aishaHerself.get(plan())).text),
      /This is version 1, agreed on \d+ \w+ \d{4} by you and Priya Shah\./,
    );
  });

  test('a malformed person id, an unknown person, or an unknown section is 404', async () => {
    assert.equal((await priya.get('/people/not-an-id/plan')).status, 404);
    assert.equal((await priya.get(`/people/${MISSING}/plan`)).status, 404);
    assert.equal((await priya.get(plan('/not-a-section'))).status, 404);
    assert.equal((await priya.post(`/people/${MISSING}/plan/start`, {})).status, 404);
  });
});
