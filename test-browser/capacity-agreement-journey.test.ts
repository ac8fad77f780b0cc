import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { formatUkDate, ukDate } from '../src/dates.ts';
import { newId } from '../src/ids.ts';
import { emptyPlan } from '../src/modules/plans/content.ts';
import { bindPlanStore } from '../src/modules/plans/index.ts';
import { follow, signIn, useJourney, visit } from './support/browser.ts';
import { fillDateFromToday } from './support/date-input.ts';

/*
 * Agreement that respects mental capacity (Mental Capacity Act 2005). Priya has written Aisha's plan and agreed it as
 * lead professional. Fatima, Aisha's daughter with a lasting power of attorney for health and welfare, reads it, is
 * told she may agree for her mother only with a capacity assessment of this decision, records its facts and agrees.
 * Aisha then reads, in her own words, who agreed for her and on what grounds.
 */

const GOAL = 'I want to cook Sunday lunch for my grandchildren again.';
const INVOLVED = 'We read the plan together at her kitchen table, with pictures, over two visits.';
const WISHES = 'I want to stay in my own home and cook on Sundays.';

for (const javaScript of [true, false]) {
  describe(`Fatima agrees her mother's plan for her after recording the capacity facts, in Chromium, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    const journey = useJourney(javaScript);
    let aishaId: string;

    before(async () => {
      const { app } = journey;
      aishaId = app.ids.people.aisha!;
      const priyaPlace = await app.db
        .selectFrom('care_team_member')
        .select('id')
        .where('person_id', '=', aishaId)
        .where('staff_account_id', '=', app.ids.staff.priya!)
        .executeTakeFirstOrThrow();
      const plans = bindPlanStore(app.db, aishaId);
      await plans.insertVersion({
        number: 1,
        id: newId(),
        content: {
          ...emptyPlan(),
          whatMatters: 'My family, my kitchen and my garden.',
          needs: [
            {
              id: newId(),
              description: 'Getting about the kitchen safely after her fall.',
              goals: [
                { id: newId(), inOwnWords: GOAL, importance: 9, status: 'not_started', outcomes: '', actions: [] },
              ],
            },
          ],
          leadProfessional: { careTeamMemberId: priyaPlace.id, name: 'Priya Shah' },
          review: {
            date: ukDate(new Date(Date.now() + 60 * 86_400_000)),
            responsibleCareTeamMemberId: null,
            responsibleName: '',
          },
        },
        based_on: null,
        change_summary: 'Started the plan',
        saved_by_kind: 'staff',
        saved_by_id: app.ids.staff.priya!,
        saved_by_name: 'Priya Shah, Social worker',
        saved_at: new Date(),
      });
      await plans.insertAgreement({
        version_number: 1,
        party: 'lead_professional',
        agreed_by_kind: 'staff',
        agreed_by_id: app.ids.staff.priya!,
        agreed_by_name: 'Priya Shah, Social worker',
        agreed_at: new Date(),
        acting_as: 'lead_professional',
      });
    });

    test('Fatima reads the plan, is told when she may agree for her mother, records the assessment and agrees', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'fatima.khan@example.org');
      await follow(page, 'link', /^Aisha Khan$/);
      await follow(page, 'link', 'Care and support plan');
      await follow(page, 'link', 'Check the plan and agree it');
      assert.ok(await page.getByText(GOAL).first().isVisible());
      assert.ok(await page.getByText('Aisha Khan should agree their plan themselves if they can.').isVisible());
      assert.ok(
        await page
          .getByRole('listitem')
          .filter({ hasText: 'someone has assessed whether Aisha Khan can make this decision' })
          .isVisible(),
      );

      // Agreeing without the facts: each question says what is missing, and nothing is kept.
      await follow(page, 'button', 'Agree to this draft');
      assert.ok(await page.getByRole('heading', { name: 'There is a problem' }).isVisible());
      for (const message of ['Enter the date of the assessment', 'Select what the assessment found'])
        assert.ok(await page.getByRole('link', { name: message }).isVisible(), message);
      const agreements = () =>
        journey.app.db
          .selectFrom('plan_agreement')
          .select(['party', 'acting_as', 'capacity_assessment_id'])
          .where('person_id', '=', aishaId)
          .orderBy('party')
          .execute();
      assert.equal((await agreements()).length, 1);

      const assessedOn = await fillDateFromToday(page, 'When was it assessed?', 0);
      await page.getByLabel('Who assessed it?').fill('Dr Tom Okafor');
      await page.getByLabel('What is their role?').fill('GP');
      await page
        .getByRole('group', { name: 'What did the assessment find?' })
        .getByLabel('Aisha Khan cannot make this decision at this time')
        .check();
      await page.getByLabel('How was Aisha Khan involved?').fill(INVOLVED);
      await page.getByLabel('What did Aisha Khan say they want?').fill(WISHES);
      await follow(page, 'button', 'Agree to this draft');

      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'The plan is agreed: version 1');
      const line = `Fatima Khan agreed for Aisha Khan on`;
      const facts = `Aisha Khan could not make this decision on ${formatUkDate(assessedOn)} (assessed by Dr Tom Okafor, GP). How Aisha Khan was involved: ${INVOLVED} What Aisha Khan said they want: ${WISHES}`;
      const agreedLine = page.getByRole('listitem').filter({ hasText: line });
      assert.ok((await agreedLine.innerText()).endsWith(facts), await agreedLine.innerText());
      const [lead, person] = await agreements();
      assert.deepEqual(
        [lead?.party, person?.party, person?.acting_as],
        ['lead_professional', 'person', 'representative'],
      );
      assert.ok(person?.capacity_assessment_id);

      await follow(page, 'link', 'See every agreed version');
      assert.ok(
        await page
          .getByRole('listitem')
          .filter({ hasText: `Aisha Khan could not make this decision on ${formatUkDate(assessedOn)}` })
          .isVisible(),
      );
    });

    test('Aisha reads who agreed for her, and on what grounds, in her own words', async () => {
      const page = await journey.visitor();
      await signIn(page, journey.app, 'aisha.khan@example.org');
      await visit(page, journey.app, `/people/${aishaId}/plan/agreed`);
      assert.ok(
        await page
          .getByRole('listitem')
          .filter({ hasText: /^Fatima Khan agreed for you on .+ You could not make this decision on / })
          .isVisible(),
      );
      assert.ok(await page.getByText(`How you were involved: ${INVOLVED}`, { exact: false }).isVisible());
    });
  });
}
