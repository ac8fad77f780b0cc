import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { describeGroup } from '../src/modules/access/access-log-service.ts';
import { accessLogEntriesBy } from './support/access-log.ts';
import { follow, signIn, useJourney, visit } from './support/browser.ts';
import { ukDate } from '../src/dates.ts';
import { fillDateFromToday } from './support/date-input.ts';

/*
 * Aisha's care and support plan from start to review, by the people the issue names. Priya (council social
 * worker) and Dr Tom Okafor (GP practice: another organisation, with whom Aisha shares her plan) work on it
 * together; Priya agrees as lead professional; Fatima, who may act for her mother, agrees for Aisha; Priya
 * records the review; Aisha prints her plan and sees in her access log that Dr Okafor looked at it.
 * The tests run in order on one Careweave: each starts from where the one before left the plan.
 */

const NEED = 'Getting about the kitchen safely after her fall.';
const GOAL = 'I want to cook Sunday lunch for my grandchildren again.';
const ACTION = 'Check her blood pressure medicine, which may be making her dizzy.';
const COMMENT = 'I have booked Aisha in for a medicine review on Monday. I will add what we decide.';
const WARNING_SIGNS = 'She feels dizzy when she stands up, or stops eating.';
const WHO_TO_CONTACT = 'Fatima first, then Riverside Medical Practice.';
const ACHIEVED = 'Aisha cooked Sunday lunch twice this month. The dizzy spells stopped after her medicine changed.';

for (const javaScript of [true, false]) {
  describe(`two professionals, the lead professional and Aisha's daughter agree her plan in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    let aishaId: string;
    before(() => {
      aishaId = journey.app.ids.people.aisha!;
    });

    const current = async () =>
      journey.app.db
        .selectFrom('plan_version')
        .selectAll()
        .where('person_id', '=', aishaId)
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow();
    const agreements = async () =>
      journey.app.db
        .selectFrom('plan_agreement')
        .select(['version_number', 'party', 'agreed_by_name'])
        .where('person_id', '=', aishaId)
        .orderBy('party')
        .execute();

    /** Signs in and opens Aisha's plan home from her record. */
    async function openPlan(email: string): Promise<Page> {
      const page = await journey.visitor();
      await signIn(page, journey.app, email);
      await visit(page, journey.app, `/people/${aishaId}`);
      await follow(page, 'link', 'Care and support plan');
      return page;
    }

    test('Priya, at the council, starts the plan and adds a need, a goal and an action for Dr Okafor at the GP practice', async () => {
      const page = await openPlan('priya.shah@council.example.org');
      await follow(page, 'button', 'Start the plan');
      assert.ok(
        await page
          .getByText(/^This is the first draft, waiting to be agreed: 1 change, the last on .+ by you\./)
          .isVisible(),
      );

      await follow(page, 'link', 'Needs, goals and actions');
      await follow(page, 'button', 'Add a need');
      await page.getByLabel('What is the need?').fill(NEED);
      await follow(page, 'button', 'Add this need');
      assert.ok(await page.getByRole('heading', { name: `Need 1: ${NEED}` }).isVisible());

      await follow(page, 'link', 'Add a goal to need 1');
      await page.getByLabel('What is the goal or hope?').fill(GOAL);
      await page
        .getByRole('group', { name: 'How much does this matter to them?' })
        .getByRole('radio', { name: '9', exact: true })
        .check();
      await follow(page, 'button', 'Add this goal');
      assert.ok(await page.getByRole('heading', { name: `Goal: ${GOAL}` }).isVisible());

      await follow(page, 'link', `Add an action for the goal ${GOAL}`);
      await page.getByLabel('What will happen?').fill(ACTION);
      await page
        .getByLabel('Who will do it?')
        .selectOption({ label: 'Dr Tom Okafor (GP, Riverside Medical Practice)' });
      const byWhen = await fillDateFromToday(page, 'By when? (optional)', 21);
      await page
        .getByRole('group', { name: 'How sure is Aisha Khan that this will happen?' })
        .getByRole('radio', { name: '7', exact: true })
        .check();
      await follow(page, 'button', 'Add this action');
      assert.ok(await page.getByText(`${ACTION}: Dr Tom Okafor`).isVisible());

      const plan = await current();
      assert.equal(plan.number, 4, 'started, then a need, a goal and an action, each a new version');
      const need = plan.content.needs[0]!;
      assert.equal(need.description, NEED);
      assert.deepEqual(
        { ...need.goals[0]!, id: undefined, actions: undefined },
        { id: undefined, actions: undefined, inOwnWords: GOAL, importance: 9, status: 'not_started', outcomes: '' },
      );
      const action = need.goals[0]!.actions[0]!;
      assert.equal(action.what, ACTION);
      assert.equal(action.owner.kind, 'care_team_member');
      assert.equal(action.owner.name, 'Dr Tom Okafor');
      assert.equal(action.byWhen, byWhen);
      assert.equal(action.confidence, 7);
    });

    test('Dr Okafor sees Priya’s need, goal and action, comments on them, and writes the crisis plan', async () => {
      const page = await openPlan('tom.okafor@gp.example.org');
      assert.ok(await page.getByText(/the last on .+ by Priya Shah, Social worker\./).isVisible());
      await follow(page, 'link', 'Needs, goals and actions');
      for (const words of [`Need 1: ${NEED}`, `Goal: ${GOAL}`])
        assert.ok(await page.getByRole('heading', { name: words }).isVisible());
      assert.ok(await page.getByText(`${ACTION}: Dr Tom Okafor`).isVisible());

      await follow(page, 'link', 'Return to the plan');
      await follow(page, 'link', 'Comments and suggestions');
      await page.getByLabel('Which part of the plan is it about?').selectOption({ label: 'Needs, goals and actions' });
      await page.getByLabel('Your comment').fill(COMMENT);
      await follow(page, 'button', 'Add comment');
      assert.ok(await page.getByText(COMMENT).isVisible());

      await follow(page, 'link', 'Back');
      await follow(page, 'link', 'Contingency and crisis plan');
      await page.getByLabel('Early warning signs').fill(WARNING_SIGNS);
      await page.getByLabel('Who to contact').fill(WHO_TO_CONTACT);
      await follow(page, 'button', 'Save and return to the plan');
      assert.ok(await page.getByText(/the last on .+ by you\./).isVisible(), 'Dr Okafor saved last');

      const plan = await current();
      assert.equal(plan.number, 5);
      assert.equal(plan.saved_by_name, 'Dr Tom Okafor, GP');
      assert.equal(plan.content.contingency.earlyWarningSigns, WARNING_SIGNS);
      assert.equal(plan.content.contingency.whoToContact, WHO_TO_CONTACT);
      assert.equal(plan.content.needs[0]!.goals[0]!.actions[0]!.what, ACTION, 'Priya’s work is kept');
      const comments = await journey.app.db
        .selectFrom('plan_comment')
        .select(['section', 'body', 'kind', 'written_by_name'])
        .where('person_id', '=', aishaId)
        .execute();
      assert.deepEqual(comments, [
        { section: 'needs', body: COMMENT, kind: 'comment', written_by_name: 'Dr Tom Okafor, GP' },
      ]);
    });

    test('Priya sees Dr Okafor’s work, makes herself lead professional, sets the review date, checks the plan and agrees it', async () => {
      const page = await openPlan('priya.shah@council.example.org');
      await follow(page, 'link', 'Comments and suggestions');
      assert.ok(await page.getByText(COMMENT).isVisible());
      assert.ok(await page.getByText(/Dr Tom Okafor, GP, \d/).isVisible());

      await follow(page, 'link', 'Back');
      await follow(page, 'link', 'Who is involved');
      const team = page.getByRole('group', { name: 'Who in the care team is involved?' });
      await team.getByLabel('Priya Shah', { exact: true }).check();
      await team.getByLabel('Dr Tom Okafor', { exact: true }).check();
      await page
        .getByRole('group', { name: 'Who in the circle of support is involved?' })
        .getByLabel('Fatima Khan', { exact: true })
        .check();
      await page
        .getByLabel('Who is the lead professional?')
        .selectOption({ label: 'Priya Shah (Social worker, Northbridge City Council)' });
      await follow(page, 'button', 'Save and return to the plan');

      await follow(page, 'link', /^Change Review$/);
      const reviewDate = await fillDateFromToday(page, 'When will the plan be reviewed?', 14);
      await page
        .getByLabel('Who is responsible for the review?')
        .selectOption({ label: 'Priya Shah (Social worker, Northbridge City Council)' });
      await follow(page, 'button', 'Save and return to the plan');

      const plan = await current();
      assert.equal(plan.number, 7);
      assert.equal(plan.content.leadProfessional?.name, 'Priya Shah');
      assert.equal(plan.content.involved.careTeamMemberIds.length, 2);
      assert.equal(plan.content.involved.circleMemberIds.length, 1);
      assert.deepEqual(
        { date: plan.content.review.date, name: plan.content.review.responsibleName },
        { date: reviewDate, name: 'Priya Shah' },
      );

      await follow(page, 'link', 'Check the plan and agree it');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Check the plan before it is agreed');
      for (const words of [NEED, GOAL, WARNING_SIGNS, WHO_TO_CONTACT])
        assert.ok(await page.getByText(words).first().isVisible(), `the check page shows "${words}"`);
      assert.ok(await page.getByText('As the lead professional, you agree this plan for the care team.').isVisible());
      await follow(page, 'button', 'Agree to this draft');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Your agreement is recorded');
      assert.ok(await page.getByText(/^Agreed by the lead professional, Priya Shah, Social worker, on /).isVisible());
      assert.ok(await page.getByText('Not yet agreed for the person.').isVisible());
      assert.deepEqual(await agreements(), [
        { version_number: 7, party: 'lead_professional', agreed_by_name: 'Priya Shah, Social worker' },
      ]);
    });

    test('Fatima, acting for her mother, checks the plan and agrees it for her; the plan home then says it is agreed', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'fatima.khan@example.org');
      await follow(page, 'link', /^Aisha Khan$/);
      await follow(page, 'link', 'Care and support plan');
      assert.ok(
        await page.getByText(/^This is the first draft, waiting to be agreed: 7 changes, the last on /).isVisible(),
      );
      await follow(page, 'link', 'Check the plan and agree it');
      for (const words of [GOAL, ACTION, WARNING_SIGNS])
        assert.ok(await page.getByText(words).first().isVisible(), `Fatima sees "${words}"`);
      assert.ok(await page.getByText(/^Agreed by the lead professional, Priya Shah/).isVisible());
      // She may agree for her mother only with a capacity assessment of this decision (capacity-agreement-journey).
      assert.ok(await page.getByText('Aisha Khan should agree their plan themselves if they can.').isVisible());
      await fillDateFromToday(page, 'When was it assessed?', 0);
      await page.getByLabel('Who assessed it?').fill('Dr Tom Okafor');
      await page.getByLabel('What is their role?').fill('GP');
      await page.getByLabel('Aisha Khan cannot make this decision at this time').check();
      await page.getByLabel('How was Aisha Khan involved?').fill('We read the plan together at home.');
      await page.getByLabel('What did Aisha Khan say they want?').fill('To cook Sunday lunch again.');
      await follow(page, 'button', 'Agree to this draft');

      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'The plan is agreed: version 1');
      assert.ok(
        await page.getByText(/^Fatima Khan agreed for Aisha Khan on .+ \(assessed by Dr Tom Okafor, GP\)/).isVisible(),
      );
      assert.deepEqual(await agreements(), [
        { version_number: 7, party: 'lead_professional', agreed_by_name: 'Priya Shah, Social worker' },
        { version_number: 7, party: 'person', agreed_by_name: 'Fatima Khan, for Aisha Khan' },
      ]);

      await follow(page, 'link', 'Go to the plan');
      assert.ok(
        await page
          .getByText(
            /^This is version 1, agreed on \d+ \w+ \d{4} by Fatima Khan, for Aisha Khan and Priya Shah, Social worker\.$/,
          )
          .isVisible(),
      );
    });

    test('Priya finds the review in her reviews due and records it, which starts a new draft to agree', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'priya.shah@council.example.org');
      await follow(page, 'link', 'Reviews due');
      const row = page.getByRole('row').filter({ hasText: 'Aisha Khan' });
      // Set 14 days ahead earlier in the journey; counted from today again in case the day has turned since.
      const daysLeft =
        (Date.parse((await current()).content.review.date!) - Date.parse(ukDate(new Date()))) / 86_400_000;
      assert.ok(daysLeft === 14 || daysLeft === 13);
      assert.match(await row.innerText(), new RegExp(`Due in ${daysLeft} days`));
      await follow(page, 'link', 'Record a review for Aisha Khan');
      assert.ok(
        await page
          .getByText('Saving the review starts a draft, with the new review date. The draft then needs to be agreed.')
          .isVisible(),
      );
      await page.getByLabel('What has been achieved since the plan was last reviewed?').fill(ACHIEVED);
      const nextReview = await fillDateFromToday(page, 'When is the next review?', 91);
      await follow(page, 'button', 'Save the review');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Changes in the draft');
      assert.ok(
        await page.getByText('Your review has been saved. It is a change to the draft, to be agreed.').isVisible(),
      );
      assert.ok(await page.getByRole('heading', { level: 2, name: `Review: ${ACHIEVED}` }).isVisible());

      const plan = await current();
      assert.deepEqual(
        { number: plan.number, basedOn: plan.based_on, summary: plan.change_summary, by: plan.saved_by_name },
        { number: 8, basedOn: 7, summary: `Review: ${ACHIEVED}`, by: 'Priya Shah, Social worker' },
      );
      assert.equal(plan.content.review.date, nextReview);
      assert.equal(
        plan.content.needs[0]!.goals[0]!.actions[0]!.what,
        ACTION,
        'the reviewed plan carries on from the agreed one',
      );
      assert.equal(
        (await agreements()).filter((row) => row.version_number === 8).length,
        0,
        'the new version is a draft',
      );

      await visit(page, journey.app, `/people/${aishaId}/plan`);
      assert.ok(
        await page
          .getByText(
            /^Version 1 was agreed on .+\. Changes since then make a draft, waiting to be agreed: 1 change, the last on .+ by you\./,
          )
          .isVisible(),
      );
      await follow(page, 'link', 'Reviews due');
      assert.ok(await page.getByText('No reviews are overdue or due in the next 28 days.').isVisible());
    });

    test('Aisha prints her agreed plan, downloads it as a PDF and opens her plan on a page', async () => {
      const page = await openPlan('aisha.khan@example.org');
      await follow(page, 'link', 'Printable copy');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Care and support plan');
      const agreedLine = /^Agreed on \d{1,2} \w+ \d{4} by Fatima Khan, for Aisha Khan and Priya Shah, Social worker$/;
      assert.ok(
        await page.getByRole('definition').filter({ hasText: agreedLine }).isVisible(),
        'the agreed mark names both sides',
      );
      assert.equal(await page.getByText('Draft – not yet agreed').count(), 0);
      assert.ok(
        await page
          .getByText('This is the agreed plan. Changes since it was agreed make a draft, which is being worked on')
          .isVisible(),
      );
      for (const words of [NEED, GOAL, ACTION, 'Dr Tom Okafor', WARNING_SIGNS, WHO_TO_CONTACT]) {
        assert.ok(
          await page.getByText(words, { exact: true }).first().isVisible(),
          `the printed plan shows "${words}"`,
        );
      }

      const pdfHref = await page.getByRole('link', { name: 'Download this plan as a PDF' }).getAttribute('href');
      const pdf = await page.request.get(new URL(pdfHref!, page.url()).href);
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.match(pdf.headers()['content-disposition'] ?? '', /care-and-support-plan-version-1\.pdf/);
      assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');

      await follow(page, 'link', 'See the plan on one page, in plain words');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'My plan on a page');
      assert.ok(await page.getByText('This is your plan. Each part says who wrote it.').isVisible());
      assert.ok(await page.getByRole('img', { name: 'A red heart' }).isVisible(), 'each part has a picture');
      assert.ok(
        await page
          .getByText(/^Agreed on .+ by Fatima Khan, for Aisha Khan and Priya Shah, Social worker\.$/)
          .isVisible(),
      );
      for (const words of [GOAL, `Dr Tom Okafor: ${ACTION}`, `A sign I am not OK: ${WARNING_SIGNS}`]) {
        assert.ok(
          await page.getByRole('listitem').filter({ hasText: words }).first().isVisible(),
          `my plan on a page says "${words}"`,
        );
      }
    });

    test('Aisha’s access log shows Dr Okafor looking at and changing her plan', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'aisha.khan@example.org');
      await visit(page, journey.app, `/people/${aishaId}`);
      await follow(page, 'link', 'Who has looked at this record');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Who has looked at your record');
      const seen = await accessLogEntriesBy(page, 'Dr Tom Okafor');
      const did = seen.map((entry) => entry.what);
      // One row for each part and day he looked at or changed, with how many times.
      for (const entry of ['Looked at your care and support plan', 'Changed your care and support plan']) {
        assert.ok(
          did.some((what) => what.startsWith(entry)),
          `the log shows "${entry}" by Dr Tom Okafor`,
        );
      }
      assert.ok(
        seen.every((entry) => entry.who === 'Dr Tom Okafor\nGP, Riverside Medical Practice'),
        'each entry names his role and organisation',
      );
      const logged = await journey.app.db
        .selectFrom('access_log')
        .select(['at', 'action', 'purpose', 'part', 'summary'])
        .where('person_id', '=', aishaId)
        .where('actor_id', '=', journey.app.ids.staff.tom!)
        .orderBy('at')
        .execute();
      const days = new Map<string, { rows: typeof logged; summaries: Set<string> }>();
      for (const row of logged) {
        const key = [ukDate(row.at), row.action, row.part, row.purpose].join(' ');
        const day = days.get(key) ?? { rows: [], summaries: new Set() };
        day.rows.push(row);
        day.summaries.add(row.summary);
        days.set(key, day);
      }
      assert.deepEqual(
        new Set(did),
        new Set(
          [...days.values()].map(({ rows, summaries }) =>
            describeGroup({ ...rows.at(-1)!, times: rows.length, summaries: summaries.size }),
          ),
        ),
        'every part he looked at or changed, on each day, is one row for Aisha',
      );
    });
  });
}
