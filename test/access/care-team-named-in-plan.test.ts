import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import { PlaceStillNeeded } from '../../src/data/place-duties.ts';
import { bindPersonStores } from '../../src/services.ts';
import { logRowsDuring, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, staffActor, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import {
  actionsIn,
  addPlanAction,
  changePlanAction,
  planVersions,
  planWithGoal,
  savePlanPage,
} from '../support/plan-builder.ts';

describe(`a care-team place the plan still needs cannot end (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  const places: Record<string, string> = {};
  const endPath = (key: string) => `/people/${aisha}/care-team/${places[key]}/end`;
  const untilDate = async (key: string) =>
    (
      await app.db
        .selectFrom('care_team_member')
        .select('until_date')
        .where('person_id', '=', aisha)
        .where('id', '=', places[key]!)
        .executeTakeFirstOrThrow()
    ).until_date;
  const nextYear = String(Number(ukDate(new Date()).slice(0, 4)) + 1);

  /** A POST that must be refused with the message, leaving the place and the plan as they were, and writing nothing. */
  async function refusedEnd(client: TestClient, key: string, message: RegExp) {
    const versions = await planVersions(app, aisha);
    const rows = await logRowsDuring(app, aisha, async () => {
      const page = await client.post(endPath(key), {});
      assert.equal(page.status, 400);
      assert.match(visibleText(page.text), message);
      assert.match(visibleText(page.text), /There is a problem/);
    });
    assert.equal(await untilDate(key), null, 'the place is still current');
    assert.deepEqual(
      rows.map((row) => row.action),
      ['read'],
      'the check is logged; nothing is written',
    );
    assert.deepEqual(await planVersions(app, aisha), versions);
  }

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    const team = await app.db
      .selectFrom('care_team_member')
      .select(['id', 'staff_account_id'])
      .where('person_id', '=', aisha)
      .execute();
    for (const key of ['priya', 'tom', 'sam'])
      places[key] = team.find((member) => member.staff_account_id === app.ids.staff[key])!.id;
    const goal = await planWithGoal(app, priya, aisha, 'Feel less lonely');
    await addPlanAction(app, priya, aisha, goal, 'Review Aisha’s medicines', `team:${places.tom}`, 'in_progress');
    await addPlanAction(app, priya, aisha, goal, 'Find a befriending group', `team:${places.tom}`);
    await savePlanPage(app, priya, aisha, '/people', { careTeam: Object.values(places), lead: places.priya! });
    await savePlanPage(app, priya, aisha, '/review-date', {
      'review_date-day': '3',
      'review_date-month': '2',
      'review_date-year': nextYear,
      responsible: places.sam!,
    });
  });
  after(() => app.close());

  test('someone named for open actions: the page lists them, links to the plan, and has no end button; a POST is refused', async () => {
    const page = await priya.get(endPath('tom'));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Dr Tom Okafor's place cannot end yet, because Aisha Khan's care and support plan still needs them\./,
    );
    assert.match(
      text,
      /Dr Tom Okafor is named for 2 actions in the plan: Review Aisha’s medicines \(for the goal “Feel less lonely”\) Find a befriending group \(for the goal “Feel less lonely”\) Give them to someone else first\./,
    );
    assert.ok(page.text.includes(`href="/people/${aisha}/plan/needs"`));
    assert.doesNotMatch(text, /Yes, end their place/);
    await refusedEnd(
      priya,
      'tom',
      /Dr Tom Okafor is named for 2 actions in the plan\. Give them to someone else first\./,
    );
  });

  test('the lead professional, even ending their own place, is refused with its own message', async () => {
    const page = await priya.get(endPath('priya'));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Your place cannot end yet, because Aisha Khan's care and support plan still needs you\./);
    assert.match(
      text,
      /Priya Shah is the plan’s lead professional\. Choose another lead professional first\. Change who is involved in the plan/,
    );
    assert.ok(page.text.includes(`href="/people/${aisha}/plan/people"`));
    assert.doesNotMatch(text, /Yes, end their place/);
    await refusedEnd(priya, 'priya', /Priya Shah is the plan’s lead professional/);
  });

  test('whoever is responsible for the review is refused too', async () => {
    const text = visibleText((await priya.get(endPath('sam'))).text);
    assert.match(
      text,
      /Sam Reid is responsible for the plan’s review\. Choose someone else to be responsible for the review first\./,
    );
    assert.ok((await priya.get(endPath('sam'))).text.includes(`href="/people/${aisha}/plan/review-date"`));
    await refusedEnd(priya, 'sam', /Sam Reid is responsible for the plan’s review/);
  });

  test('a practitioner who may change the team but not see the plan is told why, without the plan’s words or a link', async () => {
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    assert.equal((await sam.get(`/people/${aisha}/plan`)).status, 404, 'the plan is not shared with Sam');
    // Sam may end only his own place (who-may-change.ts, rule 4); the plan names him for its review.
    assert.equal((await sam.get(endPath('tom'))).status, 403);
    const page = await sam.get(endPath('sam'));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /Sam Reid is responsible for the plan’s review\. Someone who can change the plan needs to choose someone else to be responsible for the review first\./,
    );
    assert.doesNotMatch(text, /medicines|befriending/);
    assert.doesNotMatch(page.text, /\/plan\/review-date/);
    await refusedEnd(sam, 'sam', /Sam Reid is responsible for the plan’s review/);
  });

  test('the check stands in the same transaction as the end: the service refuses by itself, changing nothing', async () => {
    const member = {
      id: places.tom!,
      staff_name: 'Dr Tom Okafor',
      staff_account_id: app.ids.staff.tom!,
      organisation_id: app.ids.organisations.gp!,
    };
    const keyWorker = await staffActor(app, app.ids.staff.priya!);
    await assert.rejects(
      app.db
        .transaction()
        .execute((trx) =>
          app.services.access.sharing.endCareTeamMember(
            bindPersonStores(trx, aisha),
            member,
            new Date(),
            { mayReadPlan: true, mayChangePlan: true },
            keyWorker,
          ),
        ),
      (error) => error instanceof PlaceStillNeeded && /named for 2 actions/.test(error.message),
    );
    assert.equal(await untilDate('tom'), null);
  });

  test('once the actions are done or given to someone else, and the lead and review change hands, the places end', async () => {
    await changePlanAction(app, priya, aisha, 'Review Aisha’s medicines', { status: 'done' });
    const { content } = await changePlanAction(app, priya, aisha, 'Find a befriending group', {
      owner: `team:${places.priya}`,
    });
    const [medicines, befriending] = actionsIn(content);
    assert.deepEqual([medicines!.status, medicines!.owner.id], ['done', places.tom], 'still Tom’s, but done');
    assert.deepEqual(befriending!.owner, { kind: 'care_team_member', id: places.priya, name: 'Priya Shah' });
    assert.doesNotMatch(visibleText((await priya.get(endPath('tom'))).text), /named for/);
    assert.equal((await priya.post(endPath('tom'), {})).status, 303);
    assert.notEqual(await untilDate('tom'), null);

    const { content: reviewed } = await savePlanPage(app, priya, aisha, '/review-date', {
      'review_date-day': '3',
      'review_date-month': '2',
      'review_date-year': nextYear,
      responsible: places.priya!,
    });
    assert.deepEqual(reviewed.review, {
      date: `${nextYear}-02-03`,
      responsibleCareTeamMemberId: places.priya,
      responsibleName: 'Priya Shah',
    });
    assert.equal((await priya.post(endPath('sam'), {})).status, 303);
    assert.notEqual(await untilDate('sam'), null);
    // Priya now holds an action and the review as well as the lead: all three are listed.
    const text = visibleText((await priya.get(endPath('priya'))).text);
    assert.match(text, /Priya Shah is named for 1 action in the plan: Find a befriending group/);
    assert.match(text, /Priya Shah is the plan’s lead professional/);
    assert.match(text, /Priya Shah is responsible for the plan’s review/);
  });
});
