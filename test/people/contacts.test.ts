import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, logRowsDuring, signedIn, STAFF_EMAILS, startPeopleApp } from './helpers.ts';

const nextYear = String(new Date().getFullYear() + 1);

describe(`contacts and circle of support (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  const circle = () =>
    app.db
      .selectFrom('circle_member')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  const memberNamed = async (name: string) =>
    (await circle()).find((member) => member.name === name) ?? assert.fail(`no ${name}`);

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
  });
  after(() => app.close());

  test('Priya sees how to reach Aisha and who supports her; the read is logged', async () => {
    let page!: Page;
    const rows = await logRowsDuring(app, aisha, async () => (page = await priya.get(`/people/${aisha}/contacts`)));
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(
      text,
      /How to reach Aisha Khan Phone 07700 900123 Email Not recorded Address 12 Orchard Road Northbridge NB2 4QT/,
    );
    assert.match(
      text,
      /Fatima Khan End their place \(Fatima Khan\) Relationship Daughter Kind of support Family May act for Aisha Khan Yes: Lasting power of attorney for health and welfare/,
    );
    assert.match(
      text,
      /Bill Hartley .* Relationship Neighbour Kind of support Friend or neighbour May act for Aisha Khan No/,
    );
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [['Priya Shah', 'read', 'contacts', 'Your contact details and circle of support']],
    );
  });

  test('Sam may not see Aisha’s contacts; Grace may not see anything: 404 and no read logged', async () => {
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const grace = await signedIn(app, STAFF_EMAILS.grace);
    const rows = await logRowsDuring(app, aisha, async () => {
      for (const client of [sam, grace]) {
        assert.equal((await client.get(`/people/${aisha}/contacts`)).status, 404);
        assert.equal((await client.get(`/people/${aisha}/contacts/add`)).status, 404);
      }
    });
    assert.equal(rows.filter((row) => row.action !== 'refused').length, 0);
    const george = await signedIn(app, CITIZEN_EMAILS.george);
    assert.equal(
      (await george.get(`/people/${app.ids.people.margaret}/contacts`)).status,
      404,
      'Margaret does not share contacts with George',
    );
  });

  test('Fatima adds a personal welfare deputy who may act until a date, with the reference and start; saved and logged', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.equal((await fatima.get(`/people/${aisha}/contacts/add`)).status, 200);
    let saved!: Page;
    const rows = await logRowsDuring(app, aisha, async () => {
      saved = await fatima.post(`/people/${aisha}/contacts/add`, {
        name: 'Ruth Green',
        relationship: 'Solicitor',
        kind: 'legal_representative',
        phone: '',
        email: 'ruth.green@example.org',
        may_act_for_person: 'yes',
        authority_type: 'deputy_personal_welfare',
        authority_reference: 'COP 13245678',
        'authority_from-day': '1',
        'authority_from-month': '3',
        'authority_from-year': '2024',
        'authority_until-day': '31',
        'authority_until-month': '12',
        'authority_until-year': nextYear,
      });
    });
    assert.equal(saved.status, 303);
    const ruth = await memberNamed('Ruth Green');
    assert.equal(saved.location, `/people/${aisha}/contacts?added=${ruth.id}`);
    assert.match(
      visibleText((await fatima.get(saved.location)).text),
      /Success Ruth Green has been added to the circle of support\./,
    );
    assert.equal(ruth.kind, 'legal_representative');
    assert.equal(ruth.may_act_for_person, true);
    assert.equal(ruth.authority_type, 'deputy_personal_welfare');
    assert.equal(ruth.authority_reference, 'COP 13245678');
    assert.equal(ruth.authority_from, '2024-03-01');
    assert.equal(ruth.authority_until, `${nextYear}-12-31`);
    assert.equal(ruth.email, 'ruth.green@example.org');
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [['Fatima Khan', 'write', 'contacts', 'Your circle of support: added Ruth Green (Solicitor)']],
    );
    assert.match(
      visibleText((await fatima.get(`/people/${aisha}/contacts`)).text),
      /Ruth Green .* Yes: Deputy for personal welfare \(Court of Protection\) Reference COP 13245678 From 1 March 2024 Until 31 December/,
    );
  });

  test('someone who may not act keeps no authority, whatever was typed', async () => {
    const page = await priya.post(`/people/${aisha}/contacts/add`, {
      name: 'Joe Bloggs',
      relationship: 'Friend from the mosque',
      kind: 'friend',
      may_act_for_person: 'no',
      authority: 'Typed then changed mind',
      'authority_until-day': '1',
      'authority_until-month': '1',
      'authority_until-year': '2001',
    });
    assert.equal(page.status, 303);
    const joe = await memberNamed('Joe Bloggs');
    assert.equal(joe.authority, null);
    assert.equal(joe.authority_until, null);
  });

  test('a form with problems comes back with every message and saves nothing', async () => {
    const before = await circle();
    const rows = await logRowsDuring(app, aisha, async () => {
      const empty = await priya.post(`/people/${aisha}/contacts/add`, { name: '', relationship: '' });
      assert.equal(empty.status, 400);
      const text = visibleText(empty.text);
      for (const message of [
        'Enter their name',
        'Enter their relationship',
        'Select the kind of support they give',
        'Select yes or no',
      ]) {
        assert.ok(text.includes(message), message);
      }
      const noAuthority = await priya.post(`/people/${aisha}/contacts/add`, {
        name: 'n'.repeat(201),
        relationship: 'Son',
        kind: 'family',
        may_act_for_person: 'yes',
        authority: '',
        'authority_until-day': '1',
        'authority_until-month': '1',
        'authority_until-year': '2020',
        email: 'nope',
      });
      assert.equal(noAuthority.status, 400);
      const noAuthorityText = visibleText(noAuthority.text);
      for (const message of [
        'Name must be 200 characters or fewer',
        'Enter an email address in the correct format',
        'Select what gives them authority',
        'Enter the reference on their authority',
        'Enter the date their authority started',
        'The date their authority ends must be in the future',
      ])
        assert.ok(noAuthorityText.includes(message), message);
      assert.match(noAuthority.text, /href="#authority_until-day"/);
      assert.match(noAuthority.text, /name="relationship"[^>]*value="Son"/);
      const badDate = await priya.post(`/people/${aisha}/contacts/add`, {
        name: 'Sid',
        relationship: 'Son',
        kind: 'family',
        may_act_for_person: 'yes',
        authority_type: 'lpa_health_welfare',
        authority_reference: '<7000-1234-5678>',
        'authority_from-day': '1',
        'authority_from-month': '1',
        'authority_from-year': nextYear,
        'authority_until-day': '30',
        'authority_until-month': '2',
        'authority_until-year': nextYear,
      });
      assert.equal(badDate.status, 400);
      assert.match(visibleText(badDate.text), /The date their authority ends must be a real date/);
      assert.match(visibleText(badDate.text), /The date their authority started must be today or in the past/);
      assert.match(
        visibleText(badDate.text),
        /The reference must be letters, numbers, spaces, hyphens or slashes, like 7000-1234-5678/,
      );
    });
    // The form comes back under the person's name, which is read (and logged) for it; nothing is written.
    assert.deepEqual(
      [...new Set(rows.filter((row) => row.action !== 'refused').map((row) => `${row.action}: ${row.summary}`))],
      ['read: Your name, to add someone to your circle of support'],
    );
    assert.deepEqual(await circle(), before);
  });

  test('authority past its end date shows as ended', async () => {
    await app.db
      .insertInto('circle_member')
      .values({
        person_id: aisha,
        id: newId(),
        name: 'Omar Khan',
        relationship: 'Son',
        kind: 'family',
        phone: null,
        email: null,
        may_act_for_person: true,
        authority: 'Temporary deputy while Fatima was abroad',
        authority_until: '2025-01-31',
        ended_at: null,
      })
      .execute();
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/contacts`)).text),
      /Omar Khan .* Yes: Temporary deputy while Fatima was abroad Authority ended on 31 January 2025/,
    );
  });

  test('ending a place: a confirm page, then it ends, is logged, and cannot be ended twice', async () => {
    const bill = await memberNamed('Bill Hartley');
    const confirm = await priya.get(`/people/${aisha}/contacts/${bill.id}/end`);
    assert.equal(confirm.status, 200);
    assert.match(visibleText(confirm.text), /End Bill Hartley’s place in the circle of support/);
    assert.equal(
      (await circle()).find((member) => member.id === bill.id)?.ended_at,
      null,
      'the confirm page changes nothing',
    );
    let ended!: Page;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (ended = await priya.post(`/people/${aisha}/contacts/${bill.id}/end`, {})),
    );
    assert.equal(ended.status, 303);
    assert.equal(ended.location, `/people/${aisha}/contacts?ended=${bill.id}`);
    assert.match(
      visibleText((await priya.get(ended.location)).text),
      /Success Bill Hartley’s place in the circle of support has ended\./,
    );
    assert.ok((await memberNamed('Bill Hartley')).ended_at instanceof Date);
    assert.deepEqual(
      rows.filter((row) => row.action === 'write').map((row) => row.summary),
      ["Your circle of support: ended Bill Hartley's place"],
    );
    assert.match(
      visibleText((await priya.get(`/people/${aisha}/contacts`)).text),
      /No longer in the circle of support Name Relationship Place ended Bill Hartley Neighbour/,
    );
    assert.equal((await priya.post(`/people/${aisha}/contacts/${bill.id}/end`, {})).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/contacts/${bill.id}/end`)).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/contacts/${newId()}/end`)).status, 404);
    assert.equal((await priya.get(`/people/${aisha}/contacts/not-an-id/end`)).status, 404);
  });

  test('out of scope staff cannot end a place', async () => {
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const fatimaPlace = await memberNamed('Fatima Khan');
    assert.equal((await sam.get(`/people/${aisha}/contacts/${fatimaPlace.id}/end`)).status, 404);
    assert.equal((await sam.post(`/people/${aisha}/contacts/${fatimaPlace.id}/end`, {})).status, 404);
    assert.equal((await memberNamed('Fatima Khan')).ended_at, null);
  });

  test('when Fatima’s place ends, she can no longer open Aisha’s record', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.equal((await fatima.get(`/people/${aisha}`)).status, 200);
    const place = await memberNamed('Fatima Khan');
    assert.equal((await priya.post(`/people/${aisha}/contacts/${place.id}/end`, {})).status, 303);
    assert.equal((await fatima.get(`/people/${aisha}`)).status, 404);
    assert.match(visibleText((await fatima.get('/my')).text), /You cannot open any records at the moment/);
  });
});
