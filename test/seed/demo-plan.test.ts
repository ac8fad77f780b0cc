import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { planContentSchema } from '../../src/modules/plans/content.ts';
import { seedDemoPlan } from '../../src/seed/demo-plan.ts';
import { CITIZEN_EMAILS, signedIn, STAFF_EMAILS } from '../people/helpers.ts';
import { startTestApp, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

describe(`the demo area's agreed plan for Aisha (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    await seedDemoPlan(app.db, app.ids);
  });
  after(() => app.close());

  test('every version is a valid plan, each based on the one before, and the newest is agreed by Aisha and Priya', async () => {
    const versions = await app.db
      .selectFrom('plan_version')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('number')
      .execute();
    assert.deepEqual(
      versions.map((version) => [version.number, version.based_on]),
      [
        [1, null],
        [2, 1],
        [3, 2],
      ],
    );
    for (const version of versions) planContentSchema.parse(version.content);
    const agreements = await app.db
      .selectFrom('plan_agreement')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('party')
      .execute();
    assert.deepEqual(
      agreements.map((row) => [row.version_number, row.party, row.agreed_by_name]),
      [
        [3, 'lead_professional', 'Priya Shah, Social worker'],
        [3, 'person', 'Aisha Khan'],
      ],
    );
  });

  test('Priya sees it agreed, with its review due in three weeks in her list', async () => {
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    const home = visibleText((await priya.get(`/people/${aisha}/plan`)).text);
    assert.match(home, /This is version 1, agreed on \d+ \w+ \d{4} by Aisha Khan and Priya Shah, Social worker\./);
    const check = visibleText((await priya.get(`/people/${aisha}/plan/check`)).text);
    assert.match(check, /To walk to the corner shop on my own again by the summer/);
    assert.match(check, /Cooking Sunday lunch on my own gas cooker/);
    const reviews = visibleText((await priya.get('/staff/reviews')).text);
    assert.match(reviews, /Aisha Khan .*Due in 21 days/);
  });

  test('Aisha can read it on a page and download it as a PDF', async () => {
    const aishaHerself = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.match(
      visibleText((await aishaHerself.get(`/people/${aisha}/plan/easy-read`)).text),
      /Bill Hartley: Walk to the end of the road with Aisha twice a week/,
    );
    const pdf = await aishaHerself.get(`/people/${aisha}/plan/pdf`);
    assert.equal(pdf.status, 200);
    assert.match(pdf.headers.get('content-type') ?? '', /application\/pdf/);
  });
});
