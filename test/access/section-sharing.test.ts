import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ukDate } from '../../src/dates.ts';
import { sharingFor } from '../../src/modules/access/staff-decision.ts';
import { seedDemoPlan } from '../../src/seed/demo-plan.ts';
import { signedIn, startTestApp, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';

// A section of the plan shared on its own: the crisis plan with Open Door Community Hub, whose link worker Sam Reid is
// in Aisha's care team and sees her details and About me (the demo), but not her plan.

describe(`sharing a section of the plan on its own (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let hub: string;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    hub = app.ids.organisations.hub!;
    await seedDemoPlan(app.db, app.ids);
  });
  after(() => app.close());

  const choices = async () =>
    Number(
      (
        await app.db
          .selectFrom('sharing_choice')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('person_id', '=', aisha)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a section that does not exist is refused with a clear message, and nothing is saved', async () => {
    const aishaClient = await signedIn(app, 'aisha.khan@example.org');
    const before = await choices();
    const page = await aishaClient.post(`/people/${aisha}/sharing/organisation/${hub}`, {
      parts: ['details', 'about_me'],
      sections: ['plan_crisis', 'plan_money'],
    });
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /Choose sections of the plan from the list/);
    assert.equal(await choices(), before);
  });

  test('Aisha shares only her crisis plan with the hub: Sam sees that section and gets 404 for the rest of the plan', async () => {
    const aishaClient = await signedIn(app, 'aisha.khan@example.org');
    const form = await aishaClient.get(`/people/${aisha}/sharing/organisation/${hub}`);
    assert.match(visibleText(form.text), /Or share only some sections of your care and support plan/);
    assert.doesNotMatch(form.text, /value="plan_crisis" checked/);

    const sam = await signedIn(app, 'sam.reid@hub.example.org');
    assert.equal((await sam.get(`/people/${aisha}/plan`)).status, 404);

    const saved = await aishaClient.post(`/people/${aisha}/sharing/organisation/${hub}`, {
      parts: ['details', 'about_me'],
      sections: 'plan_crisis',
    });
    assert.equal(saved.status, 303);
    const overview = visibleText((await aishaClient.get(saved.location!)).text);
    assert.match(
      overview,
      /Open Door Community Hub can see: My details, About me and Crisis plan \(from the care and support plan\)\./,
    );
    assert.match(overview, /cannot see: Contacts and circle of support, the rest of the care and support plan,/);
    assert.match(
      (await aishaClient.get(`/people/${aisha}/sharing/organisation/${hub}`)).text,
      /value="plan_crisis" checked/,
    );

    const home = await sam.get(`/people/${aisha}/plan`);
    assert.equal(home.status, 200);
    const text = visibleText(home.text);
    assert.match(text, /Contingency and crisis plan/);
    assert.match(text, /Fatima or Bill checks on me the same day/);
    assert.match(text, /Aisha Khan has shared only this section of the plan with you/);
    for (const hidden of [
      'What matters to me',
      'Needs, goals and actions',
      'Positive-risk decisions',
      'Money for this plan',
    ])
      assert.ok(!text.includes(hidden), `the plan home shows “${hidden}”`);
    assert.doesNotMatch(home.text, /plan\/print|plan\/versions|plan\/contingency"/);
    for (const rest of [
      '/check',
      '/versions',
      '/changes',
      '/print',
      '/pdf',
      '/easy-read',
      '/comments',
      '/contingency',
      '/needs',
    ])
      assert.equal((await sam.get(`/people/${aisha}/plan${rest}`)).status, 404, rest);
    const saveCrisis = await sam.post(`/people/${aisha}/plan/contingency`, {
      based_on: '1',
      triggers: 'Changed by Sam',
    });
    assert.equal(saveCrisis.status, 404);

    // The record's home links to the plan; the person's access log names the section Sam looked at.
    assert.match((await sam.get(`/people/${aisha}`)).text, new RegExp(`href="/people/${aisha}/plan"`));
    const logged = await app.db
      .selectFrom('access_log')
      .select(['part', 'summary', 'action'])
      .where('person_id', '=', aisha)
      .where('actor_id', '=', app.ids.staff.sam!)
      .where('part', '=', 'plan_crisis')
      .execute();
    assert.ok(logged.some((row) => row.action === 'read' && row.summary === 'Your crisis plan'));
    const accessLog = visibleText((await aishaClient.get(`/people/${aisha}/access-log`)).text);
    assert.match(accessLog, /Looked at your crisis plan/);
  });

  test('sharing the whole plan shows every section; stopping it leaves the crisis plan shared on its own', async () => {
    const aishaClient = await signedIn(app, 'aisha.khan@example.org');
    const sam = await signedIn(app, 'sam.reid@hub.example.org');
    await aishaClient.post(`/people/${aisha}/sharing/organisation/${hub}`, {
      parts: ['details', 'about_me', 'plan'],
      sections: 'plan_crisis',
    });
    const whole = visibleText((await sam.get(`/people/${aisha}/plan`)).text);
    assert.match(whole, /What matters to me/);
    assert.doesNotMatch(whole, /shared only/);
    assert.equal((await sam.get(`/people/${aisha}/plan/versions`)).status, 200);

    await aishaClient.post(`/people/${aisha}/sharing/organisation/${hub}`, {
      parts: ['details', 'about_me'],
      sections: 'plan_crisis',
    });
    const crisisOnly = visibleText((await sam.get(`/people/${aisha}/plan`)).text);
    assert.match(crisisOnly, /Contingency and crisis plan/);
    assert.doesNotMatch(crisisOnly, /What matters to me/);
    assert.equal((await sam.get(`/people/${aisha}/plan/versions`)).status, 404);

    // Unticking the section too ends it: the plan is 404 again.
    await aishaClient.post(`/people/${aisha}/sharing/organisation/${hub}`, { parts: ['details', 'about_me'] });
    assert.equal((await sam.get(`/people/${aisha}/plan`)).status, 404);
  });

  test('a practitioner recording for someone without an account can name a section of the plan', async () => {
    const tom = await signedIn(app, 'tom.okafor@gp.example.org');
    const margaret = app.ids.people.margaret!;
    const page = await tom.get(`/people/${margaret}/sharing/record`);
    const link = new RegExp(`href="(/people/${margaret}/sharing/record/organisation/[^"]+)"`).exec(page.text);
    assert.ok(link, 'an organisation to record a choice for');
    const form = visibleText((await tom.get(link[1]!)).text);
    assert.match(form, /Sections of the care and support plan on their own/);
    assert.match(form, /Crisis plan/);
    const recorded = await tom.post(link[1]!, { 'part-plan_crisis': 'share', toldHow: 'in_person' });
    assert.equal(recorded.status, 303);
    const [now, waiting] = await Promise.all([
      app.db.selectFrom('sharing_choice').select('part').where('person_id', '=', margaret).execute(),
      app.db.selectFrom('sharing_choice_waiting').select('parts').where('person_id', '=', margaret).execute(),
    ]);
    const named = [...now.map((row) => row.part), ...waiting.flatMap((row) => row.parts)];
    assert.ok(named.includes('plan_crisis'), 'the crisis plan is recorded, or waits to be confirmed');
  });
});

describe('the sharing decision for a section of the plan', () => {
  const today = ukDate(new Date());
  const row = (part: string, decision: 'share' | 'withhold') => ({
    part,
    decision,
    audience_kind: 'organisation' as const,
    until_date: null,
  });

  test('a section is shared when it is shared on its own or the whole plan is, and never by withholding', () => {
    assert.equal(sharingFor([row('plan_crisis', 'share')], 'plan_crisis', today), 'share');
    assert.equal(sharingFor([row('plan_crisis', 'share')], 'plan', today), 'none');
    assert.equal(sharingFor([row('plan_crisis', 'share')], 'plan_needs', today), 'none');
    assert.equal(sharingFor([row('plan', 'share')], 'plan_needs', today), 'share');
    // Withholding a section while the whole plan is shared does not hide it: a section choice only ever adds.
    assert.equal(sharingFor([row('plan_crisis', 'withhold'), row('plan', 'share')], 'plan_crisis', today), 'share');
    assert.equal(sharingFor([row('plan', 'withhold'), row('plan_crisis', 'share')], 'plan_crisis', today), 'share');
    assert.equal(
      sharingFor([{ ...row('plan_crisis', 'share'), until_date: '2020-01-01' }], 'plan_crisis', today),
      'none',
    );
  });
});
