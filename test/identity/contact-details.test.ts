import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { trustAdministrator } from '../support/trust-administrator.ts';
import { aishaPlan, saveVersion } from '../plans/print-fixtures.ts';

const PRIYA = 'priya.shah@council.example.org';
const TOM = 'tom.okafor@gp.example.org';
const STAFF_PAGE = '/staff/organisation/staff';

const PRIYAS_DETAILS = {
  workPhone: '0113 496 0112',
  workEmail: 'Adult.Care@Council.Example.org',
  team: 'Adult social care',
  workingDays: ['monday', 'tuesday', 'wednesday', 'thursday'],
  workingFrom: '9am',
  workingUntil: '5pm',
};

describe(`staff contact details, and who sees them (${testBackend()})`, () => {
  let app: TestApp;
  let priya: TestClient;
  let priyaId: string;

  const contactRow = (email: string) =>
    app.db
      .selectFrom('staff_account')
      .select(['work_phone', 'work_email', 'team', 'working_days', 'working_from', 'working_until'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  before(async () => {
    app = await startTestApp();
    priya = await signedIn(app, PRIYA);
    priyaId = app.ids.staff.priya!;
  });
  after(() => app.close());

  test('a member of staff finds their contact details from their account, starting from their sign-in email', async () => {
    assert.match((await priya.get('/account/sessions')).text, /<a class="govuk-link" href="\/account\/contact">/);
    const page = await priya.get('/account/contact');
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Priya Shah, Social worker, Northbridge City Council Your contact details/);
    assert.match(text, /Work phone Not given Email for people to use priya\.shah@council\.example\.org/);
    assert.match(
      page.text,
      /name="workEmail" type="email" spellcheck="false" value="priya\.shah@council\.example\.org"/,
    );
  });

  test('they save their own: a banner, and the days and hours read in words', async () => {
    const saved = await priya.post('/account/contact', PRIYAS_DETAILS);
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/account/contact?saved=1');
    assert.deepEqual(await contactRow(PRIYA), {
      work_phone: '0113 496 0112',
      work_email: 'adult.care@council.example.org',
      team: 'Adult social care',
      working_days: ['monday', 'tuesday', 'wednesday', 'thursday'],
      working_from: '09:00',
      working_until: '17:00',
    });
    const page = await priya.get(saved.location);
    const text = visibleText(page.text);
    assert.match(text, /Success Your contact details have been saved\./);
    assert.match(
      text,
      /Work phone 0113 496 0112 Email for people to use adult\.care@council\.example\.org Team Adult social care When you work Monday to Thursday, 9am to 5pm/,
    );
    assert.match(page.text, /value="monday" checked/);
    assert.doesNotMatch(page.text, /value="friday" checked/);
  });

  test('bad input gets a message by each field and changes nothing', async () => {
    const before = await contactRow(PRIYA);
    const cases: [Record<string, string | string[]>, string, string][] = [
      [{ workPhone: 'call me' }, 'workPhone', 'Enter a UK phone number of 10 to 13 digits'],
      [{ workPhone: '0113 496' }, 'workPhone', 'Enter a UK phone number of 10 to 13 digits'],
      [{ workPhone: '+44 (0)113 496 0112' }, 'workPhone', 'Enter a UK phone number of 10 to 13 digits'],
      [{ workEmail: 'adult care at the council' }, 'workEmail', 'Enter an email address in the correct format'],
      [{ workingDays: ['monday', 'funday'] }, 'workingDays', 'Select the days you work from the list'],
      [{ workingFrom: 'nine' }, 'workingFrom', 'Enter the time you start as a time, like 9am, 5:30pm or 17:30'],
      [
        { workingFrom: '5pm', workingUntil: '9am' },
        'workingUntil',
        'The time you finish must be after the time you start',
      ],
      [
        { workingFrom: '9am', workingUntil: '9:00' },
        'workingUntil',
        'The time you finish must be after the time you start',
      ],
      [{ workingUntil: '' }, 'workingUntil', 'Enter the time you finish'],
      [{ workingFrom: '' }, 'workingFrom', 'Enter the time you start'],
    ];
    for (const [change, field, message] of cases) {
      const page = await priya.post('/account/contact', { ...PRIYAS_DETAILS, workPhone: '0113 496 0999', ...change });
      assert.equal(page.status, 400, field);
      assert.match(page.text, new RegExp(`href="#${field}">${message}`), `${field}: error summary`);
      assert.match(page.text, new RegExp(`id="${field}-error"[^>]*>[\\s\\S]*?${message}`), `${field}: by the field`);
    }
    assert.deepEqual(await contactRow(PRIYA), before);
  });

  test('a person with an account has no staff contact details page', async () => {
    const aisha = await signedIn(app, 'aisha.khan@example.org');
    assert.equal((await aisha.get('/account/contact')).location, '/my');
    assert.equal((await aisha.post('/account/contact', PRIYAS_DETAILS)).location, '/my');
  });

  test('their administrator changes them; bad input changes nothing', async () => {
    const alan = await signedIn(app, 'alan.ward@council.example.org');
    const member = `${STAFF_PAGE}/${priyaId}`;
    const form = (await alan.get(member)).text;
    assert.match(form, /name="workingFrom" type="text" value="09:00"/);
    const bad = await alan.post(member, {
      role: 'practitioner',
      jobTitle: 'Social worker',
      ...PRIYAS_DETAILS,
      workingUntil: '8am',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /href="#workingUntil">The time you finish must be after the time you start/);
    assert.equal((await contactRow(PRIYA)).working_until, '17:00');

    const saved = await alan.post(member, {
      role: 'practitioner',
      jobTitle: 'Social worker',
      ...PRIYAS_DETAILS,
      workEmail: PRIYA,
      workingDays: ['monday', 'wednesday', 'friday'],
      workingFrom: '08:30',
      workingUntil: '4:30pm',
    });
    assert.equal(saved.status, 303);
    // The sign-in email again: kept as none, so it follows the sign-in email.
    assert.deepEqual(await contactRow(PRIYA), {
      work_phone: '0113 496 0112',
      work_email: null,
      team: 'Adult social care',
      working_days: ['monday', 'wednesday', 'friday'],
      working_from: '08:30',
      working_until: '16:30',
    });
    assert.match(visibleText((await alan.get(saved.location!)).text), /Their details have been changed\./);
    // Priya sees what her administrator saved.
    assert.match(
      visibleText((await priya.get('/account/contact')).text),
      /When you work Monday, Wednesday and Friday, 8:30am to 4:30pm/,
    );
  });

  test("another organisation's administrator cannot see or change them", async () => {
    const dee = await trustAdministrator(app);
    const before = await contactRow(PRIYA);
    assert.equal((await dee.get(`${STAFF_PAGE}/${priyaId}`)).status, 404);
    const refused = await dee.post(`${STAFF_PAGE}/${priyaId}`, {
      role: 'practitioner',
      jobTitle: 'Social worker',
      ...PRIYAS_DETAILS,
      workPhone: '0113 496 0000',
    });
    assert.equal(refused.status, 404);
    assert.deepEqual(await contactRow(PRIYA), before);
  });

  test('the person and their family see the contact details of the staff their plan names, and nobody else’s', async () => {
    const aishaId = app.ids.people.aisha!;
    // Tom is in Aisha's care team, with a phone, but her plan does not name him.
    const tom = await signedIn(app, TOM);
    assert.equal(
      (await tom.post('/account/contact', { workPhone: '0113 496 0555', workingFrom: '', workingUntil: '' })).status,
      303,
    );
    await saveVersion(app, aishaId, 1, await aishaPlan(app));

    for (const email of ['aisha.khan@example.org', 'fatima.khan@example.org']) {
      const reader = await signedIn(app, email);
      const team = await reader.get(`/people/${aishaId}/care-team`);
      assert.equal(team.status, 200, email);
      assert.match(team.text, /Phone: <a class="govuk-link" href="tel:01134960112">0113 496 0112<\/a>/, email);
      assert.match(visibleText(team.text), /Works Monday, Wednesday and Friday, 8:30am to 4:30pm/, email);
      assert.match(
        visibleText(team.text),
        /Dr Tom Okafor GP Riverside Medical Practice/,
        'Tom is listed, with no details',
      );
      assert.doesNotMatch(team.text, /0113 496 0555|tom\.okafor@gp/, email);

      const plan = await reader.get(`/people/${aishaId}/plan`);
      const planText = visibleText(plan.text);
      assert.match(
        planText,
        /How to reach them Priya Shah Social worker, Northbridge City Council \(lead professional, key worker, arranges the review\) Phone: 0113 496 0112 Email: priya\.shah@council\.example\.org Team: Adult social care Works Monday, Wednesday and Friday, 8:30am to 4:30pm/,
        email,
      );
      // An action's "who" dials the professional doing it.
      assert.match(
        plan.text,
        /Ask the day centre about Tuesdays, try 1<\/span> – Priya Shah \(<a class="govuk-link" href="tel:01134960112">0113 496 0112<\/a>\)/,
      );
      assert.doesNotMatch(plan.text, /0113 496 0555/, email);
    }
  });
});
