import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { withSuggestion } from '../../src/modules/plans/suggestion-service.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, TestClient, visibleText, type Page, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { currentPlan, planVersions, savePlanPage } from '../support/plan-builder.ts';

const MISSING = '0190a5b0-0000-7000-8000-00000000abcd';

describe('adding a suggestion to what is written', () => {
  test('after what is there with a blank line between; into an empty section, just the words', () => {
    assert.equal(
      withSuggestion('I love my garden.', 'Sunday cooking with Fatima.'),
      'I love my garden.\n\nSunday cooking with Fatima.',
    );
    assert.equal(withSuggestion('Line one\nline two', 'Three'), 'Line one\nline two\n\nThree');
    assert.equal(withSuggestion('', 'Just these words.'), 'Just these words.');
    assert.equal(withSuggestion('  \n', 'Just these words.'), 'Just these words.');
  });
});

describe(`Suggestions the person can use or decline (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let aishaHerself: TestClient;
  let fatima: TestClient;
  const plan = (path = '') => `/people/${aisha}/plan${path}`;
  const versions = () => planVersions(app, aisha);
  const current = () => currentPlan(app, aisha);
  const answers = () =>
    app.db
      .selectFrom('plan_suggestion_answer')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('answered_at')
      .execute();
  const accept = (client: TestClient, section: string, id: string, basedOn?: number) =>
    client.post(plan(`/${section}/suggestions/${id}/accept`), { based_on: String(basedOn ?? 0) });
  const decline = (client: TestClient, section: string, id: string) =>
    client.post(plan(`/${section}/suggestions/${id}/decline`), {});

  /** Priya sends words for one of Aisha's own sections; answers the new suggestion's id. */
  async function suggest(section: 'what-matters' | 'strengths', body: string): Promise<string> {
    const sent = await priya.post(plan(`/${section}`), { based_on: String((await current()).number), body });
    assert.equal(sent.status, 303, visibleText(sent.text).slice(0, 300));
    const newest = await app.db
      .selectFrom('plan_comment')
      .select(['id', 'kind'])
      .where('person_id', '=', aisha)
      .orderBy('written_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(newest.kind, 'suggestion');
    return newest.id;
  }

  /** Aisha saves her own words for a section by hand. */
  async function write(section: 'what-matters' | 'strengths', body: string): Promise<void> {
    await savePlanPage(app, aishaHerself, aisha, `/${section}`, { body });
  }

  /** Everything the answer could have changed, to compare before and after a refusal. */
  const snapshot = async () => ({ versions: await versions(), answers: await answers() });

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    aishaHerself = await signedIn(app, CITIZEN_EMAILS.aisha);
    fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.equal((await priya.post(plan('/start'), {})).status, 303);
    await write('what-matters', 'I love my garden.');
  });
  after(() => app.close());

  test('a staff suggestion waits: Aisha gets both buttons, Priya sees it waiting without them, the comments page says waiting', async () => {
    const id = await suggest('what-matters', 'Sunday cooking with Fatima.');
    const mine = await aishaHerself.get(plan('/what-matters'));
    const text = visibleText(mine.text);
    assert.match(text, /Suggestions for you Your care team suggested these words\. You decide whether to use them\./);
    assert.match(
      text,
      /Sunday cooking with Fatima\. Suggested by Priya Shah, Social worker on .* Use these words suggested by Priya Shah, Social worker on .* Not now ?: do not use the words suggested by Priya Shah/,
    );
    assert.match(mine.text, new RegExp(`action="/people/${aisha}/plan/what-matters/suggestions/${id}/accept"`));
    assert.match(mine.text, new RegExp(`action="/people/${aisha}/plan/what-matters/suggestions/${id}/decline"`));

    const staff = await priya.get(plan('/what-matters'));
    assert.match(
      visibleText(staff.text),
      /Suggestions waiting These are waiting for Aisha Khan to look at them\. Sunday cooking with Fatima\./,
    );
    assert.doesNotMatch(staff.text, /suggestions\/[^"]+\/(accept|decline)/, 'no buttons for staff');
    assert.doesNotMatch(visibleText(staff.text), /Use these words/);

    const comments = visibleText((await priya.get(plan('/comments'))).text);
    assert.match(
      comments,
      /Suggestion for What matters to me Priya Shah, Social worker, .* Waiting Waiting for Aisha Khan to decide whether to use it\. Sunday cooking with Fatima\./,
    );
  });

  test('Aisha uses the suggestion: one new version with the words after hers, the answer names it, one log entry in her words', async () => {
    const [suggestion] =
      (await aishaHerself.get(plan('/what-matters'))).text.match(/suggestions\/[0-9a-f-]{36}\/accept/) ?? [];
    const id = suggestion!.split('/')[1]!;
    const before = await current();
    let used!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (used = await accept(aishaHerself, 'what-matters', id, before.number)),
    );
    assert.equal(used.status, 303);
    assert.equal(used.location, plan('/what-matters?answered=used'));
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.purpose, row.summary]),
      [['write', 'plan', 'self', 'Your care and support plan: used a suggestion for What matters to me']],
    );

    const saved = await current();
    assert.equal(saved.number, before.number + 1);
    assert.equal(saved.based_on, before.number);
    assert.equal(saved.content.whatMatters, 'I love my garden.\n\nSunday cooking with Fatima.');
    assert.deepEqual(
      { ...saved.content, whatMatters: '' },
      { ...before.content, whatMatters: '' },
      'nothing else changed',
    );
    assert.equal(
      saved.change_summary,
      'Changed: What matters to me, using words suggested by Priya Shah, Social worker',
    );
    assert.equal(saved.saved_by_name, 'Aisha Khan');

    const [answer, ...more] = await answers();
    assert.equal(more.length, 0);
    assert.deepEqual(
      {
        id: answer!.suggestion_id,
        answer: answer!.answer,
        version: answer!.version_number,
        kind: answer!.answered_by_kind,
        by: answer!.answered_by_name,
      },
      { id, answer: 'accepted', version: saved.number, kind: 'citizen', by: 'Aisha Khan' },
    );

    const page = visibleText((await aishaHerself.get(used.location)).text);
    assert.match(page, /Success The suggested words have been added to the plan\./);
    assert.doesNotMatch(page, /Suggestions for you/, 'no longer waiting');
    assert.doesNotMatch(visibleText((await priya.get(plan('/what-matters'))).text), /Suggestions waiting/);
    assert.match(
      visibleText((await priya.get(plan('/comments'))).text),
      /Used Used in the plan on \d+ \w+ \d{4} at \d+:\d{2}[ap]m\. Sunday cooking with Fatima\./,
    );
    const log = visibleText((await aishaHerself.get(`/people/${aisha}/access-log?mine=1`)).text);
    assert.match(
      log,
      /Aisha Khan Signed in to their own account Changed your care and support plan, 2 times What they changed Changed your care and support plan: What matters to me Changed your care and support plan: used a suggestion for What matters to me/,
    );
  });

  test('Fatima, acting for Aisha, uses a suggestion for an empty section: the section becomes just those words', async () => {
    assert.equal((await current()).content.strengths, '');
    const id = await suggest('strengths', 'Aisha knows every plant in the community garden.');
    const page = visibleText((await fatima.get(plan('/strengths'))).text);
    assert.match(
      page,
      /Suggestions for Aisha Khan The care team suggested these words\. You decide, for Aisha Khan, whether to use them\./,
    );
    const before = await current();
    let used!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (used = await accept(fatima, 'strengths', id, before.number)),
    );
    assert.equal(used.status, 303);
    assert.deepEqual(
      rows.map((row) => [row.action, row.purpose, row.actor_name, row.summary]),
      [
        [
          'write',
          'representative',
          'Fatima Khan',
          'Your care and support plan: used a suggestion for My strengths and the support I already have',
        ],
      ],
    );
    const saved = await current();
    assert.equal(saved.number, before.number + 1);
    assert.equal(saved.content.strengths, 'Aisha knows every plant in the community garden.');
    const answer = (await answers()).find((row) => row.suggestion_id === id)!;
    assert.equal(answer.answered_by_name, 'Fatima Khan');
    assert.equal(answer.version_number, saved.number);
  });

  test('“Not now” marks it not used: no new version, the answer has no version, the comments page says not used', async () => {
    const id = await suggest('what-matters', 'Swimming on Wednesdays?');
    const before = await versions();
    let declined!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (declined = await decline(aishaHerself, 'what-matters', id)),
    );
    assert.equal(declined.status, 303);
    assert.equal(declined.location, plan('/what-matters?answered=not-used'));
    assert.deepEqual(
      rows.map((row) => [row.action, row.summary]),
      [['write', 'Your care and support plan: chose not to use a suggestion for What matters to me']],
    );
    assert.deepEqual(await versions(), before, 'the plan did not change');
    const answer = (await answers()).find((row) => row.suggestion_id === id)!;
    assert.equal(answer.answer, 'declined');
    assert.equal(answer.version_number, null);
    const page = visibleText((await aishaHerself.get(declined.location)).text);
    assert.match(page, /Success The suggestion has been marked as not used\. The plan has not changed\./);
    assert.doesNotMatch(page, /Swimming on Wednesdays/);
    assert.match(
      visibleText((await priya.get(plan('/comments'))).text),
      /Not used Not used\. Swimming on Wednesdays\?/,
    );
  });

  test('a suggestion is answered once: answering again says how it was answered and changes nothing', async () => {
    const [usedAnswer, , declinedAnswer] = await answers();
    const before = await snapshot();
    const rows = await logRowsDuring(app, aisha, async () => {
      const again = await accept(aishaHerself, 'what-matters', declinedAnswer!.suggestion_id, (await current()).number);
      assert.equal(again.status, 409);
      assert.match(
        visibleText(again.text),
        /This suggestion has already been answered It was marked as not used\. Nothing has been changed\. Go back to What matters to me/,
      );
      const twice = await decline(aishaHerself, 'what-matters', usedAnswer!.suggestion_id);
      assert.equal(twice.status, 409);
      assert.match(
        visibleText(twice.text),
        /Its words are already in the plan: the comments page says when they were used\. Nothing has been changed\./,
      );
    });
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(
      rows.filter((row) => row.action !== 'read'),
      [],
      'only the page shown was logged',
    );
  });

  test('two answers to the same suggestion at once: one is saved, the other is told it was already answered', async () => {
    const id = await suggest('what-matters', 'Visiting the library?');
    const pages = await Promise.all([decline(aishaHerself, 'what-matters', id), decline(fatima, 'what-matters', id)]);
    assert.deepEqual(pages.map((page) => page.status).sort(), [303, 409]);
    assert.equal((await answers()).filter((row) => row.suggestion_id === id).length, 1);
  });

  test('words that would make the section too long are refused with a message, and nothing is saved', async () => {
    await write('what-matters', 'a'.repeat(2000));
    const id = await suggest('what-matters', 'b'.repeat(2000));
    const before = await snapshot();
    let refused!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (refused = await accept(aishaHerself, 'what-matters', id, (await current()).number)),
    );
    assert.equal(refused.status, 400);
    assert.match(
      visibleText(refused.text),
      /These words would make this part of the plan too long With the suggested words added, ‘What matters to me’ would be 4,002 characters long\. It can be at most 4,000 characters\. Nothing has been changed\./,
    );
    assert.deepEqual(await snapshot(), before);
    assert.deepEqual(
      rows.filter((row) => row.action !== 'read'),
      [],
    );
    assert.match(
      visibleText((await aishaHerself.get(plan('/what-matters'))).text),
      /Suggestions for you .* b{2000}/,
      'still waiting',
    );

    // Two characters fewer fits exactly.
    await write('what-matters', 'a'.repeat(1998));
    const used = await accept(aishaHerself, 'what-matters', id, (await current()).number);
    assert.equal(used.status, 303);
    assert.equal((await current()).content.whatMatters.length, 4000);
  });

  test('if the plan changed since the page was opened, the answer is a conflict: 409, nothing saved, the words shown', async () => {
    await write('what-matters', 'I love my garden.');
    const id = await suggest('what-matters', 'Tea with Bill on Fridays.');
    const opened = (await current()).number;
    const funding = await priya.post(plan('/funding'), {
      based_on: String(opened),
      body: 'Personal budget from the council.',
    });
    assert.equal(funding.status, 303);
    const before = await snapshot();
    const stale = await accept(aishaHerself, 'what-matters', id, opened);
    assert.equal(stale.status, 409);
    const text = visibleText(stale.text);
    assert.match(
      text,
      new RegExp(
        `Someone else changed this plan .* What is saved now What matters to me: What matters to me I love my garden\\.`,
      ),
    );
    assert.match(text, /What you typed .* The suggested words you chose to use Tea with Bill on Fridays\./);
    assert.deepEqual(await snapshot(), before);
    assert.equal((await accept(aishaHerself, 'what-matters', id, 0)).status, 409, 'no based_on is stale too');
    assert.equal(
      (await accept(aishaHerself, 'what-matters', id, opened + 1)).status,
      303,
      'with the current version it is used',
    );
  });

  test('staff may not answer: 403, because they can already see the suggestion and the rule is the plan’s, not their access', async () => {
    const id = await suggest('what-matters', 'Bus trips to the coast?');
    const before = await snapshot();
    const rows = await logRowsDuring(app, aisha, async () => {
      assert.equal((await accept(priya, 'what-matters', id, (await current()).number)).status, 403);
      assert.equal((await decline(priya, 'what-matters', id)).status, 403);
    });
    assert.deepEqual(await snapshot(), before, 'a refused answer changes nothing');
    // The attempts are in Aisha's access log as refusals, as a refusal at the door would be.
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.purpose, row.summary]),
      [
        [
          'Priya Shah',
          'refused',
          'plan',
          'none',
          'Tried to change: Your care and support plan: used a suggestion for What matters to me',
        ],
        [
          'Priya Shah',
          'refused',
          'plan',
          'none',
          'Tried to change: Your care and support plan: chose not to use a suggestion for What matters to me',
        ],
      ],
    );
  });

  test('a professional without the plan shared gets 404; no one signed in is sent to sign in; nothing changes', async () => {
    const id = await suggest('what-matters', 'Gardening club on Mondays?');
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const before = await snapshot();
    const rows = await logRowsDuring(app, aisha, async () => {
      assert.equal((await accept(sam, 'what-matters', id, (await current()).number)).status, 404);
      assert.equal((await decline(sam, 'what-matters', id)).status, 404);
    });
    const nobody = new TestClient(app.baseUrl);
    const anonymous = await accept(nobody, 'what-matters', id, (await current()).number);
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.location, '/sign-in');
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [
        ['refused', 'plan', 'Tried to change: Your care and support plan: used a suggestion for What matters to me'],
        [
          'refused',
          'plan',
          'Tried to change: Your care and support plan: chose not to use a suggestion for What matters to me',
        ],
      ],
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('an unknown, malformed or misplaced suggestion id is 404, as is a comment that is not a suggestion', async () => {
    const strengths = await suggest('strengths', 'Good with neighbours.');
    const comment = newId();
    await app.db
      .insertInto('plan_comment')
      .values({
        person_id: aisha,
        id: comment,
        section: 'what-matters',
        body: 'A comment, not a suggestion.',
        kind: 'comment',
        written_by_kind: 'staff',
        written_by_id: app.ids.staff.priya!,
        written_by_name: 'Priya Shah, Social worker',
        written_at: new Date(),
      })
      .execute();
    const before = await snapshot();
    const basedOn = (await current()).number;
    assert.equal((await accept(aishaHerself, 'what-matters', MISSING, basedOn)).status, 404);
    assert.equal((await decline(aishaHerself, 'what-matters', 'not-an-id')).status, 404);
    assert.equal(
      (await accept(aishaHerself, 'what-matters', strengths, basedOn)).status,
      404,
      'a strengths suggestion is not one for what matters',
    );
    assert.equal((await decline(aishaHerself, 'what-matters', comment)).status, 404);
    assert.equal(
      (await accept(aishaHerself, 'needs', strengths, basedOn)).status,
      404,
      'no suggestions for sections that are not the person’s own',
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('saving the section by hand does not answer a suggestion: it waits until the person uses it or says not now', async () => {
    const id = await suggest('strengths', 'Aisha makes everyone welcome.');
    await write('strengths', 'I make everyone welcome.');
    assert.match(
      visibleText((await aishaHerself.get(plan('/strengths'))).text),
      /Suggestions for you .* Aisha makes everyone welcome\./,
    );
    assert.equal(
      (await answers()).some((row) => row.suggestion_id === id),
      false,
    );
  });

  test('answers are history: they cannot be changed or removed, and an acceptance must name its version', async () => {
    await assert.rejects(
      app.db.updateTable('plan_suggestion_answer').set({ answer: 'declined' }).where('person_id', '=', aisha).execute(),
    );
    await assert.rejects(app.db.deleteFrom('plan_suggestion_answer').where('person_id', '=', aisha).execute());
    const id = await suggest('strengths', 'Good at growing tomatoes.');
    const row = {
      person_id: aisha,
      suggestion_id: id,
      answered_by_kind: 'citizen' as const,
      answered_by_id: MISSING,
      answered_by_name: 'Aisha Khan',
      answered_at: new Date(),
    };
    await assert.rejects(
      app.db
        .insertInto('plan_suggestion_answer')
        .values({ ...row, answer: 'accepted', version_number: null })
        .execute(),
    );
    await assert.rejects(
      app.db
        .insertInto('plan_suggestion_answer')
        .values({ ...row, answer: 'declined', version_number: 1 })
        .execute(),
    );
    await assert.rejects(
      app.db
        .insertInto('plan_suggestion_answer')
        .values({ ...row, suggestion_id: MISSING, answer: 'declined', version_number: null })
        .execute(),
      'the suggestion must exist',
    );
  });
});
