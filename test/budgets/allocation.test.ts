import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatUkDate, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { DEMO_ALLOCATION_SCHEME } from '../../src/seed/demo-allocation.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { budgetPath, countRows, refusedNames } from '../support/budget-builder.ts';
import { recordSharingChoice } from '../support/access-fixtures.ts';
import { testBackend } from '../support/database.ts';

// The indicative allocation over HTTP: Priya answers the council's questionnaire with Aisha, everyone who may read
// the budget sees how the figure was reached, Aisha and Fatima ask for it to be looked at again, and nobody else
// learns it exists.

/** The questionnaire as a browser sends it: each question's option by its place in the list. */
const answerFields = (choices: Record<string, string>, version = '1') => ({ _scheme_version: version, ...choices });

// 2 + 4 + 2 + 4 + 6 + 2 + 0 + 4 = 24 points: the band from 20 to 29 points, £7,800 a year.
const FIRST_ANSWERS = {
  eating: '1',
  washing_dressing: '2',
  moving_about: '1',
  staying_safe: '2',
  getting_out: '3',
  home: '1',
  health: '0',
  carer: '2',
};
// 6 + 6 + 4 + 4 + 6 + 2 + 0 + 6 = 34 points: the band from 30 to 39 points, £12,480 a year.
const SECOND_ANSWERS = { ...FIRST_ANSWERS, eating: '3', washing_dressing: '3', moving_about: '2', carer: '3' };

describe(`The indicative allocation (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let aishaClient: TestClient;
  let fatima: TestClient;
  const path = (rest = '') => budgetPath(aisha, `/allocation${rest}`);
  const text = async (client: TestClient, at: string) => {
    const page = await client.get(at);
    assert.equal(page.status, 200, at);
    return visibleText(page.text);
  };
  const count = (table: 'allocation_assessment' | 'allocation_review_request') => countRows(app, table, aisha);
  const newestAssessment = () =>
    app.db
      .selectFrom('allocation_assessment')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('assessed_at', 'desc')
      .executeTakeFirstOrThrow();

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
  });
  after(() => app.close());

  test('the council’s scheme is published: staff read it, with its questions, points and bands', async () => {
    const page = await text(priya, '/organisation/allocation-scheme');
    assert.match(page, /Northbridge City Council Resource allocation scheme/);
    assert.match(page, /Name Northbridge adult social care allocation 2026 Published on 1 April 2026 Version 1/);
    assert.match(page, /Most points possible 48/);
    assert.match(page, /20 to 29 £7,800\.00 30 to 39 £12,480\.00 40 or more £18,720\.00/);
    assert.match(
      page,
      /2\. How much help is needed to get washed and dressed\? Include using the toilet, bathing and choosing clothes\. Answer Points None: manages on their own 0/,
    );
    const gp = await text(await signedIn(app, STAFF_EMAILS.tom), '/organisation/allocation-scheme');
    assert.match(gp, /Riverside Medical Practice has not published a resource allocation scheme\./);
    const person = await aishaClient.get('/organisation/allocation-scheme');
    assert.equal(person.status, 303, 'not a page for the person');
  });

  test('before any figure: the budget page offers Priya the questionnaire, and tells Aisha it is not worked out', async () => {
    const staffPage = await text(priya, budgetPath(aisha));
    assert.match(
      staffPage,
      /Indicative amount No indicative amount has been worked out yet\. Work out the indicative amount/,
    );
    assert.match(await text(priya, path()), /No indicative amount has been worked out yet\. .* Answer the questions/);
    assert.match(await text(aishaClient, budgetPath(aisha)), /Your indicative amount has not been worked out yet\./);
    assert.doesNotMatch(await text(aishaClient, path()), /Answer the questions|Ask for it to be looked at again/);
  });

  test('the questionnaire: one page of questions, one answer each', async () => {
    const page = await priya.get(path('/questions'));
    assert.equal(page.status, 200);
    const words = visibleText(page.text);
    assert.match(words, /Aisha Khan Work out the indicative amount Answer each question with Aisha Khan\./);
    for (const question of DEMO_ALLOCATION_SCHEME.questions) {
      assert.ok(words.includes(question.question), question.question);
      assert.equal((page.text.match(new RegExp(`name="${question.key}"`, 'g')) ?? []).length, question.options.length);
    }
    assert.match(page.text, /name="_scheme_version" value="1"/);
  });

  test('unanswered questions are named in the error summary and by the question; what was chosen stays chosen', async () => {
    const { eating, carer, ...some } = FIRST_ANSWERS;
    assert.ok(eating && carer);
    const page = await priya.post(path('/questions'), answerFields(some));
    assert.equal(page.status, 400);
    const words = visibleText(page.text);
    assert.match(
      words,
      /There is a problem Select an answer about eating and drinking Select an answer about the carer’s situation/,
    );
    assert.match(page.text, /href="#eating"/);
    assert.match(page.text, /value="2" checked/);
    assert.equal(await count('allocation_assessment'), 0);
  });

  test('an option the question does not have, or an old form, is refused and nothing is kept', async () => {
    for (const forced of ['4', '-1', '1.0', ' 1', 'abc', '']) {
      const page = await priya.post(path('/questions'), answerFields({ ...FIRST_ANSWERS, washing_dressing: forced }));
      assert.equal(page.status, 400, `option ${JSON.stringify(forced)}`);
      assert.match(visibleText(page.text), /Select an answer about getting washed and dressed/);
    }
    const twice = await priya.post(path('/questions'), {
      ...answerFields(FIRST_ANSWERS),
      washing_dressing: ['1', '2'],
    });
    assert.equal(twice.status, 400);
    const noVersion = await priya.post(path('/questions'), answerFields(FIRST_ANSWERS, 'one'));
    assert.equal(noVersion.status, 400);
    assert.match(visibleText(noVersion.text), /This form is out of date\. Open it again\./);
    const old = await priya.post(path('/questions'), answerFields(FIRST_ANSWERS, '2'));
    assert.equal(old.status, 409);
    assert.match(visibleText(old.text), /The questions changed while you were answering them\. Answer them again\./);
    assert.equal(await count('allocation_assessment'), 0);
  });

  test('Priya answers: the figure, and how it was reached in plain words', async () => {
    const saved = await priya.post(path('/questions'), answerFields(FIRST_ANSWERS));
    assert.equal(saved.status, 303);
    assert.equal(saved.location, path('?done=assessed'));
    const page = await text(priya, path('?done=assessed'));
    assert.match(page, /The indicative amount has been worked out\./);
    assert.match(page, /Aisha Khan Indicative amount The indicative amount £7,800\.00 a year/);
    assert.match(
      page,
      new RegExp(
        `Worked out on ${formatUkDate(ukDate(new Date()))} by Priya Shah, Social worker, using Northbridge City Council’s scheme, “Northbridge adult social care allocation 2026”, published on 1 April 2026\\.`,
      ),
    );
    assert.match(
      page,
      /Aisha Khan scored 2 points for eating and drinking: “A little: reminders, or help cutting food”\./,
    );
    assert.match(page, /Aisha Khan scored 4 points for getting washed and dressed: “Help every day with most of it”\./);
    assert.match(page, /Aisha Khan scored 0 points for medicines and health: “None: manages on their own”\./);
    assert.match(
      page,
      /That makes 24 points in all\. 24 points falls in the band from 20 to 29 points, which is £7,800\.00 a year\./,
    );
    assert.match(page, /Answer the questions again/);
    assert.doesNotMatch(page, /Ask for it to be looked at again/);

    const row = await newestAssessment();
    assert.equal(row.points, 24);
    assert.equal(row.amount_pence, 780_000);
    assert.equal(row.scheme_version, 1);
    assert.equal(row.scheme_organisation_id, app.ids.organisations.council);
    assert.deepEqual(row.answers, {
      eating: 1,
      washing_dressing: 2,
      moving_about: 1,
      staying_safe: 2,
      getting_out: 3,
      home: 1,
      health: 0,
      carer: 2,
    });
    assert.equal(row.assessed_by_kind, 'staff');
    assert.equal(row.assessed_by_name, 'Priya Shah, Social worker');
    const logged = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'action'])
      .where('person_id', '=', aisha)
      .where('summary', '=', 'Worked out your indicative amount')
      .execute();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.action, 'write');
    assert.match(logged[0]!.actor_name, /Priya Shah/);

    const budget = await priya.get(budgetPath(aisha));
    assert.match(
      visibleText(budget.text),
      /Indicative amount The indicative amount is £7,800\.00 a year, worked out on .*\. It is a starting figure to plan with\. How this figure was worked out/,
    );
    assert.match(budget.text, new RegExp(`href="${path()}">How this figure was worked out`));
  });

  test('the figure cannot be changed in the database', async () => {
    await assert.rejects(
      app.db.updateTable('allocation_assessment').set({ amount_pence: 1 }).where('person_id', '=', aisha).execute(),
    );
    await assert.rejects(app.db.deleteFrom('allocation_scheme').execute());
  });

  test('Aisha reads “your” figure and may not answer the questionnaire for herself', async () => {
    const budget = await text(aishaClient, budgetPath(aisha));
    assert.match(budget, /Your indicative amount is £7,800\.00 a year/);
    const page = await text(aishaClient, path());
    assert.match(page, /Your indicative amount Your indicative amount £7,800\.00 a year/);
    assert.match(page, /You scored 4 points for getting washed and dressed: “Help every day with most of it”\./);
    assert.match(page, /That makes 24 points in all\./);
    assert.match(page, /If you think this is not right .* Ask for it to be looked at again/);
    assert.doesNotMatch(page, /Aisha Khan scored|Answer the questions/);

    assert.equal((await aishaClient.get(path('/questions'))).status, 403);
    const forced = await aishaClient.post(path('/questions'), answerFields(SECOND_ANSWERS));
    assert.equal(forced.status, 403);
    const forcedBad = await aishaClient.post(path('/questions'), answerFields({ eating: '9' }));
    assert.equal(forcedBad.status, 403);
    assert.equal(await count('allocation_assessment'), 1);
  });

  test('asking to look again needs a reason of a sensible length, about the figure shown; nothing is kept otherwise', async () => {
    const { id } = await newestAssessment();
    const form = await aishaClient.get(path('/look-again'));
    assert.equal(form.status, 200);
    assert.match(visibleText(form.text), /Your indicative amount is £7,800\.00 a year\./);
    const ask = (reason: string, assessment = id) => aishaClient.post(path('/look-again'), { assessment, reason });
    const cases: [string, RegExp][] = [
      ['', /Enter why you think the figure should be looked at again/],
      ['   \u200b ', /Enter why you think the figure should be looked at again/],
      ['Too few', /Say a little more about why: at least 10 characters/],
      ['x'.repeat(2001), /Your reason must be 2,000 characters or fewer/],
    ];
    for (const [reason, message] of cases) {
      const page = await ask(reason);
      assert.equal(page.status, 400, JSON.stringify(reason.slice(0, 20)));
      assert.match(visibleText(page.text), message);
    }
    const stale = await ask('My daughter now helps me less, since she moved away.', newId());
    assert.equal(stale.status, 400);
    assert.match(visibleText(stale.text), /The figure has been worked out again since you opened this page\./);
    const malformed = await ask('My daughter now helps me less, since she moved away.', 'not-an-id');
    assert.equal(malformed.status, 400);
    assert.equal(await count('allocation_review_request'), 0);
  });

  test('Aisha asks for it to be looked at again: a banner, and the team sees the open request', async () => {
    const { id } = await newestAssessment();
    const reason = 'My daughter now helps me less, since she moved away.';
    const asked = await aishaClient.post(path('/look-again'), { assessment: id, reason });
    assert.equal(asked.status, 303);
    const page = await text(aishaClient, asked.location!);
    assert.match(page, /Your request has been sent\. The team will look at the figure again/);
    assert.match(
      page,
      /You asked for this figure to be looked at again on .*\. The reason given: “My daughter now helps me less, since she moved away\.” The team will look at it again and tell you what they decide\./,
    );
    assert.doesNotMatch(page, /Ask for it to be looked at again/);

    const again = await aishaClient.post(path('/look-again'), {
      assessment: id,
      reason: 'Please look at it again soon.',
    });
    assert.equal(again.status, 400);
    assert.match(visibleText(again.text), /You have already asked for this figure to be looked at again\./);
    assert.equal(await count('allocation_review_request'), 1);

    const team = await text(priya, path());
    assert.match(
      team,
      /Aisha Khan asked for this figure to be looked at again on .*\. The reason given: “My daughter now helps me less, since she moved away\.” Answer the questions again to look at it/,
    );
    assert.equal((await priya.get(path('/look-again'))).status, 403);
    const staffAsks = await priya.post(path('/look-again'), { assessment: id, reason: 'Asking on her behalf here.' });
    assert.equal(staffAsks.status, 403);
    assert.equal(await count('allocation_review_request'), 1);
  });

  test('Priya answers again: the new figure answers the request; Fatima, acting for Aisha, reads it and asks again', async () => {
    const saved = await priya.post(path('/questions'), answerFields(SECOND_ANSWERS));
    assert.equal(saved.status, 303);
    const page = await text(priya, path());
    assert.match(page, /The indicative amount £12,480\.00 a year/);
    assert.match(page, /34 points falls in the band from 30 to 39 points, which is £12,480\.00 a year\./);
    assert.doesNotMatch(page, /asked for this figure to be looked at again/);
    assert.equal(await count('allocation_assessment'), 2);

    const read = await text(fatima, path());
    assert.match(read, /Aisha Khan Indicative amount The indicative amount £12,480\.00 a year/);
    assert.match(
      read,
      /Aisha Khan scored 6 points for the carer’s situation: “There is no one, or they cannot carry on”\./,
    );
    assert.equal((await fatima.get(path('/questions'))).status, 403);
    const { id } = await newestAssessment();
    const asked = await fatima.post(path('/look-again'), {
      assessment: id,
      reason: 'Mum needs help at night too, which was not asked about.',
    });
    assert.equal(asked.status, 303);
    assert.match(await text(fatima, path()), /You asked for this figure to be looked at again on/);
    assert.match(await text(aishaClient, path()), /Fatima Khan asked for this figure to be looked at again on/);
    assert.match(await text(priya, path()), /Fatima Khan asked for this figure to be looked at again on/);
    const row = await app.db
      .selectFrom('allocation_review_request')
      .selectAll()
      .where('person_id', '=', aisha)
      .where('assessment_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(row.asked_by_kind, 'citizen');
    assert.equal(row.asked_by_name, 'Fatima Khan');
  });

  test('staff outside what Aisha shares get 404 for every allocation page and form, and change nothing', async () => {
    const { id } = await newestAssessment();
    const before = {
      assessments: await count('allocation_assessment'),
      requests: await count('allocation_review_request'),
    };
    for (const email of [STAFF_EMAILS.tom, STAFF_EMAILS.grace]) {
      const client = await signedIn(app, email);
      for (const at of [path(), path('/questions'), path('/look-again')])
        assert.equal((await client.get(at)).status, 404, `${email} ${at}`);
      assert.equal((await client.post(path('/questions'), answerFields(SECOND_ANSWERS))).status, 404, email);
      assert.equal((await client.post(path('/questions'), answerFields({ eating: '9' }))).status, 404, email);
      assert.equal(
        (await client.post(path('/look-again'), { assessment: id, reason: 'Looking at this again please.' })).status,
        404,
        email,
      );
      assert.equal((await client.post(path('/look-again'), { assessment: id, reason: '' })).status, 404, email);
      assert.doesNotMatch((await client.get(budgetPath(aisha))).text, /12,480/);
    }
    assert.deepEqual(
      { assessments: await count('allocation_assessment'), requests: await count('allocation_review_request') },
      before,
    );
    const refused = await refusedNames(app, aisha, 'budget');
    for (const name of ['Tom', 'Grace'])
      assert.ok(
        refused.some((actor) => actor.includes(name)),
        `${name}'s refused look is logged`,
      );
  });

  test('once Aisha shares her budget with the GP practice, Tom reads the figure; his practice has no scheme to use', async () => {
    await recordSharingChoice(app.db, {
      personId: aisha,
      part: 'budget',
      audience: { kind: 'organisation', id: app.ids.organisations.gp! },
      decision: 'share',
    });
    const tom = await signedIn(app, STAFF_EMAILS.tom);
    assert.match(await text(tom, path()), /The indicative amount £12,480\.00 a year/);
    const form = await text(tom, path('/questions'));
    assert.match(form, /Your organisation has not published a resource allocation scheme/);
    const before = await count('allocation_assessment');
    const sent = await tom.post(path('/questions'), answerFields(FIRST_ANSWERS));
    assert.equal(sent.status, 400);
    assert.match(visibleText(sent.text), /Your organisation has not published a resource allocation scheme/);
    assert.equal(await count('allocation_assessment'), before);
  });
});
