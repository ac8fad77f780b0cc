import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, TestClient, visibleText, type Page, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { logRowsDuring } from '../people/helpers.ts';
import { agreeVersion, aishaPlan, saveVersion } from './print-fixtures.ts';

describe(`Printed plan and my plan on a page (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, 'priya.shah@council.example.org');
  });
  after(() => app.close());

  test('no plan yet: both pages answer 404', async () => {
    assert.equal((await priya.get(`/people/${aisha}/plan/print`)).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/plan/easy-read`)).status, 404);
  });

  test('a draft prints whole, marked draft, and the read is logged', async () => {
    await saveVersion(app, aisha, 1, await aishaPlan(app));
    let page!: Page;
    const rows = await logRowsDuring(app, aisha, async () => (page = await priya.get(`/people/${aisha}/plan/print`)));
    assert.equal(page.status, 200);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [
        ['Priya Shah', 'read', 'plan', 'Your care and support plan, printed'],
        ['Priya Shah', 'read', 'details', 'Your name, date of birth, NHS number, address and GP, on your printed plan'],
        ['Priya Shah', 'read', 'about_me', 'Your About me, on your printed plan'],
        ['Priya Shah', 'read', 'contacts', 'Your circle of support’s phone numbers, on your printed plan'],
      ],
    );
    const text = visibleText(page.text);
    assert.match(text, /Aisha Khan – care and support plan, the first draft – Draft – not yet agreed/);
    assert.match(text, /Aisha Khan Care and support plan ! Warning Draft – not yet agreed\./);
    assert.match(text, /Version First draft Agreed Draft – not yet agreed Printed/);
    for (const expected of [
      'What matters to me Being at home with my plants.',
      'Need 2 What I need Getting out to see friends, need 2',
      'Goal 1 In my own words I want to go to the market on Saturday number 1 How much it matters to me 8 out of 10',
      'Action 1 What will happen Find a taxi that takes my wheelchair, try 1 Who will do it Aisha Khan (me) By when 1 April 2026',
      'What should happen Fatima comes round and calls the GP.',
      'What I have decided in advance Not written yet',
      'Decision 1 The risk Using the gas cooker on my own',
      'Lead professional Priya Shah Professionals Priya Shah, Social worker Family, friends and others Fatima Khan (Daughter)',
      'Review date 1 September 2026 Who will arrange it Priya Shah',
      'Where the money comes from Council personal budget and NHS continuing healthcare.',
    ])
      assert.ok(text.includes(expected), `missing: ${expected}`);
    assert.match(page.text, /<h1 class="govuk-heading-l">Care and support plan<\/h1>/);
    assert.match(
      page.text,
      /<h5 class="govuk-heading-s">Action 1<\/h5>/,
      'needs, goals and actions nest as h3, h4, h5',
    );
    assert.match(page.text, /href="\/people\/[^"]+\/plan\/pdf"/);
    assert.equal((page.text.match(/<h1/g) ?? []).length, 1);
  });

  test('my plan on a page puts the person’s words first, in short lines, with a picture and who wrote each part', async () => {
    let page!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (page = await priya.get(`/people/${aisha}/plan/easy-read`)),
    );
    assert.equal(page.status, 200);
    assert.deepEqual(
      rows.map((row) => [row.action, row.part, row.summary]),
      [['read', 'plan', 'Your care and support plan, on a page']],
    );
    const text = visibleText(page.text);
    assert.match(
      text,
      /Aisha Khan’s plan on a page This is Aisha Khan’s plan\. Each part says who wrote it\. Draft – not yet agreed\. This plan may still change\./,
    );
    assert.match(
      text,
      /What matters to me Being at home with my plants\. Cooking for my grandchildren on Sundays\. You wrote this\. My goals I want to go to the market on Saturday number 1 I want to go to the market on Saturday number 2/,
    );
    assert.match(
      text,
      /Who will help, and when Me: Find a taxi that takes my wheelchair, try 1 \(by 1 April 2026\) Priya Shah: Ask the day centre about Tuesdays, try 1/,
    );
    assert.match(
      text,
      /If things go wrong A sign I am not OK: I stop answering the phone\. Fatima comes round and calls the GP\. Who to call: Fatima Khan on 07700 900123/,
    );
    assert.match(text, /When we will look at my plan again On 1 September 2026\. Priya Shah will arrange it\./);
    assert.ok(text.indexOf('What matters to me') < text.indexOf('My goals'));
    // A picture for each part, each with words for those who cannot see it, and the pictures' licence.
    for (const alt of [
      'A red heart',
      'A target with an arrow in the middle',
      'Two people holding hands',
      'An SOS button',
      'A calendar',
    ])
      assert.match(
        page.text,
        new RegExp(
          `<img class="careweave-easy-read__picture" src="data:image/svg\\+xml;base64,[A-Za-z0-9+/=]+" alt="${alt}"`,
        ),
      );
    assert.match(text, /Pictures: OpenMoji, the open-source emoji and icon project\. Licence: CC BY-SA 4\.0\./);
    // The line repeated on each printed page is for paper only.
    assert.match(page.text, /<thead class="careweave-print-only">/);
  });

  test('Aisha reads her own plan, agreed, in “you” words', async () => {
    await agreeVersion(app, aisha, 1, '2026-03-03');
    const self = await signedIn(app, 'aisha.khan@example.org');
    const easy = visibleText((await self.get(`/people/${aisha}/plan/easy-read`)).text);
    assert.match(
      easy,
      /My plan on a page This is your plan\. Each part says who wrote it\. Agreed on 3 March 2026 by Aisha Khan and Priya Shah, Social worker\./,
    );
    assert.match(easy, /Cooking for my grandchildren on Sundays\. Written by Priya Shah, Social worker\./);
    const print = visibleText((await self.get(`/people/${aisha}/plan/print`)).text);
    assert.match(
      print,
      /Aisha Khan – care and support plan, version 1 – Agreed on 3 March 2026 by Aisha Khan and Priya Shah, Social worker/,
    );
    assert.doesNotMatch(print, /Draft/);
  });

  test('Sam Reid, whose hub has no plan sharing, gets 404 on both pages, each logged as refused', async () => {
    const sam = await signedIn(app, 'sam.reid@hub.example.org');
    const statuses: number[] = [];
    const rows = await logRowsDuring(app, aisha, async () => {
      statuses.push(
        (await sam.get(`/people/${aisha}/plan/print`)).status,
        (await sam.get(`/people/${aisha}/plan/easy-read`)).status,
      );
    });
    assert.deepEqual(statuses, [404, 404]);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part]),
      [
        ['Sam Reid', 'refused', 'plan'],
        ['Sam Reid', 'refused', 'plan'],
      ],
    );
  });

  test('signed out, an unknown person or a malformed id: no plan shown', async () => {
    const stranger = new TestClient(app.baseUrl);
    assert.notEqual((await stranger.get(`/people/${aisha}/plan/print`)).status, 200);
    assert.equal((await priya.get('/people/0190a000-0000-7000-8000-000000000000/plan/print')).status, 404);
    assert.equal((await priya.get('/people/nope/plan/easy-read')).status, 404);
  });
});
