import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { logRowsDuring } from '../people/helpers.ts';
import { agreeVersion, aishaPlan, saveVersion } from './print-fixtures.ts';

/** The PDF's text, page by page, as poppler's pdftotext reads it; and its title. */
async function pdfText(client: TestClient, url: string): Promise<{ pages: string[]; title: string }> {
  const response = await fetch(url, { headers: { cookie: client.cookieHeader() } });
  assert.equal(response.status, 200);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-travelling-'));
  const file = path.join(folder, 'plan.pdf');
  try {
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const info = execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' });
    const count = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const pages = Array.from({ length: count }, (_, index) =>
      execFileSync('/usr/bin/pdftotext', ['-f', String(index + 1), '-l', String(index + 1), file, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, ' '),
    );
    return { pages, title: /Title:\s+(.*)/.exec(info)?.[1] ?? '' };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const IDENTITY = ['14 March 1948', '999 000 0018', '12 Orchard Road', 'NB2 4QT'];

describe(`the printed copy that travels with the person (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let person: TestClient;
  const printUrl = () => `/people/${aisha}/plan/print`;
  const choiceUrl = () => `/people/${aisha}/plan/print/identity`;
  const choices = () =>
    app.db
      .selectFrom('print_identity_choice')
      .select(['prints_identity', 'made_by_name'])
      .where('person_id', '=', aisha)
      .orderBy('made_at')
      .execute();

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, 'priya.shah@council.example.org');
    person = await signedIn(app, 'aisha.khan@example.org');
    await priya.post('/account/contact', {
      workPhone: '0113 496 0112',
      workingDays: ['monday', 'tuesday', 'wednesday', 'thursday'],
      workingFrom: '9am',
      workingUntil: '5pm',
    });
    await app.db
      .updateTable('circle_member')
      .set({ phone: '07700 900456' })
      .where('person_id', '=', aisha)
      .where('name', '=', 'Fatima Khan')
      .execute();
    await saveVersion(app, aisha, 1, await aishaPlan(app));
    await agreeVersion(app, aisha, 1, '2026-03-03');
  });
  after(() => app.close());

  test('the crisis plan comes first on a page of its own, then who the person is, About me, how they communicate and who to contact', async () => {
    const page = await priya.get(printUrl());
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    const order = [
      'Contingency and crisis plan What can lead to a crisis A fall at night.',
      'Personal details Name Aisha Khan Date of birth 14 March 1948 NHS number 999 000 0018 Address 12 Orchard Road Northbridge NB2 4QT Phone 07700 900123 GP practice Riverside Medical Practice',
      "About me What matters most to me Being at home with my plants, and cooking for my grandchildren on Sundays. People who are important to me My daughter Fatima, my grandchildren, and my neighbour Bill. My wellness Not written yet Please do Knock and wait; I take a while to get to the door. Please don't Please do not move things in my kitchen. How and when to support me Not written yet Also worth knowing about me Not written yet",
      'How I communicate Language Urdu Interpreter I need an interpreter What helps me communicate Prefers to speak Urdu for important conversations; reads English well. In my own words I speak English day to day, but for anything important please book an Urdu interpreter.',
      'Key worker and contacts Priya Shah Social worker, Northbridge City Council (lead professional, key worker, arranges the review) Phone: 0113 496 0112 Email: priya.shah@council.example.org Works Monday to Thursday, 9am to 5pm Fatima Khan (Daughter) Phone 07700 900456 Bill Hartley (Neighbour) Phone Not recorded',
      'What matters to me Being at home with my plants.',
      'Who will do it Priya Shah How to reach them Phone 0113 496 0112. Email priya.shah@council.example.org. Works Monday to Thursday, 9am to 5pm.',
      'Agreement and review Agreed Agreed on 3 March 2026 by Aisha Khan and Priya Shah, Social worker Version 1 Review date 1 September 2026 Who will arrange it Priya Shah',
    ];
    let from = 0;
    for (const expected of order) {
      const at = text.indexOf(expected, from);
      assert.ok(at >= 0, `missing, or out of order: ${expected}`);
      from = at + expected.length;
    }
    assert.match(page.text, /href="tel:01134960112">0113 496 0112<\/a>/);
    // The first row of the page (title and crisis plan) ends its printed page.
    assert.match(
      page.text,
      /<tr class="careweave-page-end"><td>[\s\S]*?aria-labelledby="contingency"[\s\S]*?<\/td><\/tr>\s*<tr><td>\s*<section[^>]*aria-labelledby="personal-details"/,
    );
    const css = await (await fetch(`${app.baseUrl}/assets/careweave.css`)).text();
    assert.match(css, /\.careweave-page-end\s*\{\s*break-after:\s*page;?\s*\}/);
    // Staff see the choice, with no way to change it.
    assert.match(
      text,
      /This copy shows Aisha Khan’s name, date of birth, NHS number and address\. Nobody has chosen yet, so printed copies show them\. Only Aisha Khan, or someone with legal authority for their care, can change this\./,
    );
    assert.doesNotMatch(page.text, /action="\/people\/[^"]+\/plan\/print\/identity"/);
  });

  test('the PDF carries the same: the crisis plan alone on page 1, identity, About me and phone numbers after', async () => {
    const pdf = await pdfText(priya, `${app.baseUrl}/people/${aisha}/plan/pdf`);
    assert.equal(pdf.title, 'Care and support plan for Aisha Khan, version 1');
    const [first, ...rest] = pdf.pages;
    assert.match(
      first!,
      /Care and support plan: Aisha Khan .* Contingency and crisis plan What can lead to a crisis A fall at night\./,
    );
    assert.doesNotMatch(first!, /Personal details|About me|What matters to me/);
    const after = rest.join(' ');
    for (const expected of [
      'Personal details Name Aisha Khan Date of birth 14 March 1948 NHS number 999 000 0018 Address 12 Orchard Road Northbridge NB2 4QT',
      'GP practice Riverside Medical Practice',
      'About me What matters most to me Being at home with my plants',
      "Please don't Please do not move things in my kitchen.",
      'How I communicate Language Urdu Interpreter I need an interpreter',
      'Key worker and contacts Priya Shah Social worker, Northbridge City Council (lead professional, key worker, arranges the review). Phone 0113 496 0112. Email priya.shah@council.example.org. Works Monday to Thursday, 9am to 5pm.',
      'Fatima Khan (Daughter) Phone 07700 900456',
      'Agreement and review Agreed Agreed on 3 March 2026 by Aisha Khan and Priya Shah, Social worker',
    ])
      assert.ok(after.includes(expected), `missing: ${expected}`);
  });

  test('bad input changes nothing; the person chooses to leave their identity off, and it is logged', async () => {
    const bad = await person.post(choiceUrl(), { printIdentity: 'maybe' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /href="#printIdentity">Select yes to print the name, date of birth, NHS number and address/);
    assert.deepEqual(await choices(), []);

    const page = await person.get(printUrl());
    assert.match(visibleText(page.text), /Print your name, date of birth, NHS number and address\?/);
    assert.match(page.text, /value="yes" checked/);
    let saved!: Awaited<ReturnType<TestClient['post']>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (saved = await person.post(choiceUrl(), { printIdentity: 'no' })),
    );
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `${printUrl()}?chosen=1`);
    assert.deepEqual(await choices(), [{ prints_identity: false, made_by_name: 'Aisha Khan' }]);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [
        [
          'Aisha Khan',
          'write',
          'sharing',
          'Your choice to leave your name, date of birth, NHS number and address off your printed plan',
        ],
      ],
    );
    const after = visibleText((await person.get(saved.location)).text);
    assert.match(after, /Success Your choice about printing has been saved\./);
    assert.match(
      after,
      /This copy leaves your name, date of birth, NHS number and address off\. Aisha Khan chose this on/,
    );
  });

  test('staff printing then get the copy the person chose, on the page and in the PDF', async () => {
    const page = await priya.get(printUrl());
    const text = visibleText(page.text);
    assert.match(
      text,
      /This copy leaves Aisha Khan’s name, date of birth, NHS number and address off\. Aisha Khan chose this on/,
    );
    const printed = text.slice(text.indexOf('Care and support plan, version 1'));
    assert.match(
      printed,
      /^Care and support plan, version 1 – Agreed on 3 March 2026 by me and Priya Shah, Social worker Care and support plan Version 1/,
    );
    for (const identity of IDENTITY) assert.ok(!printed.includes(identity), `printed: ${identity}`);
    assert.match(
      printed,
      /Personal details GP practice Riverside Medical Practice Name, date of birth, NHS number and address are left off this copy, by choice\./,
    );
    assert.match(printed, /Who will do it Me By when 1 April 2026/);
    assert.match(printed, /Priya Shah Social worker, Northbridge City Council .* Phone: 0113 496 0112/);
    assert.match(printed, /About me What matters most to me/);

    const pdf = await pdfText(priya, `${app.baseUrl}/people/${aisha}/plan/pdf`);
    assert.equal(pdf.title, 'Care and support plan, version 1');
    const all = pdf.pages.join(' ');
    for (const identity of IDENTITY) assert.ok(!all.includes(identity), `in the PDF: ${identity}`);
    for (const page of pdf.pages)
      assert.match(page, /^ ?Care and support plan, version 1 – Agreed on 3 March 2026 by me and Priya Shah/);
    assert.ok(all.includes('About me What matters most to me'));
    assert.ok(all.includes('Phone 0113 496 0112'));
    assert.ok(all.includes('Fatima Khan (Daughter) Phone 07700 900456'));
  });

  test('staff cannot make the choice; Fatima, with a lasting power of attorney for health and welfare, can', async () => {
    let refused!: Awaited<ReturnType<TestClient['post']>>;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (refused = await priya.post(choiceUrl(), { printIdentity: 'yes' })),
    );
    assert.equal(refused.status, 403);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part]),
      [['Priya Shah', 'refused', 'sharing']],
    );
    const grace = await signedIn(app, 'grace.mensah@trust.example.org');
    assert.equal((await grace.post(choiceUrl(), { printIdentity: 'yes' })).status, 404);
    // George acts for nobody: he reaches no choice about Margaret's printed plan.
    const george = await signedIn(app, 'george.owen@example.org');
    assert.equal(
      (await george.post(`/people/${app.ids.people.margaret!}/plan/print/identity`, { printIdentity: 'no' })).status,
      404,
    );
    assert.deepEqual(await choices(), [{ prints_identity: false, made_by_name: 'Aisha Khan' }]);

    const fatima = await signedIn(app, 'fatima.khan@example.org');
    assert.match(
      visibleText((await fatima.get(printUrl())).text),
      /Print Aisha Khan’s name, date of birth, NHS number and address\?/,
    );
    assert.equal((await fatima.post(choiceUrl(), { printIdentity: 'yes' })).status, 303);
    // A new choice beside the old one: nothing is overwritten.
    assert.deepEqual(await choices(), [
      { prints_identity: false, made_by_name: 'Aisha Khan' },
      { prints_identity: true, made_by_name: 'Fatima Khan' },
    ]);
    await assert.rejects(
      app.db
        .updateTable('print_identity_choice')
        .set({ prints_identity: false })
        .where('person_id', '=', aisha)
        .execute(),
    );
    assert.ok(visibleText((await priya.get(printUrl())).text).includes('Date of birth 14 March 1948'));
  });
});
