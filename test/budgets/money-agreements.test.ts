import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { dateBoxes } from '../../src/web/date-field.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type TestApp, type TestClient } from '../support/app.ts';
import { addStream, budgetPath, countRows, startBudget } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

const ATTORNEY_EMAIL = 'yusuf.khan@example.org';

/** A son with a lasting power of attorney for property and financial affairs, with his own account. */
async function addMoneyAttorney(app: TestApp, personId: string) {
  const memberId = newId();
  await app.db
    .insertInto('circle_member')
    .values({
      person_id: personId,
      id: memberId,
      name: 'Yusuf Khan',
      relationship: 'Son',
      kind: 'family',
      phone: null,
      email: ATTORNEY_EMAIL,
      may_act_for_person: true,
      authority: 'Lasting power of attorney for property and financial affairs',
      authority_type: 'lpa_property_finance',
      authority_reference: '7000-8765-4321',
      authority_from: '2024-02-01',
      authority_until: null,
      ended_at: null,
    })
    .execute();
  const { password_hash: hash } = await app.db
    .selectFrom('person_account')
    .select('password_hash')
    .where('email', '=', CITIZEN_EMAILS.fatima)
    .executeTakeFirstOrThrow();
  const accountId = newId();
  await app.db
    .insertInto('person_account')
    .values({
      id: accountId,
      email: ATTORNEY_EMAIL,
      display_name: 'Yusuf Khan',
      password_hash: hash,
      disabled_at: null,
    })
    .execute();
  await app.db
    .insertInto('person_account_link')
    .values({
      person_id: personId,
      person_account_id: accountId,
      acting_as: 'circle_member',
      circle_member_id: memberId,
    })
    .execute();
  return memberId;
}

describe(`Money agreements in plain words (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let topUp: string;
  let direct: string;
  const today = ukDate(new Date());
  const at = (rest = '') => budgetPath(aisha, `/agreements${rest}`);
  const read = async (client: TestClient, where: string) => {
    const page = await client.get(where);
    assert.equal(page.status, 200, where);
    return visibleText(page.text);
  };
  const count = (table: 'money_agreement' | 'money_agreement_explanation' | 'money_agreement_decision') =>
    countRows(app, table, aisha);
  const counts = async () => ({
    agreements: await count('money_agreement'),
    explanations: await count('money_agreement_explanation'),
    decisions: await count('money_agreement_decision'),
  });
  const topUpForm = {
    kind: 'top_up',
    payee: 'Oakfield Care Home',
    payer: 'Fatima Khan (your daughter)',
    council_name: 'Northbrook Council',
    home_fee: '716',
    council_pays: '700',
    amount: '16',
    ...dateBoxes('starts_on', addDays(today, 7)),
    if_it_stops: 'The council will look at your needs again. You will not have to leave the home while it does.',
    notice_weeks: '4',
    how_to_end: 'Write to Priya Shah at Northbrook Council.',
  };
  const explanation = {
    ...dateBoxes('explained_on', today),
    explained_to: 'Aisha Khan and her daughter Fatima Khan',
    how: 'In person at home, with an Urdu interpreter, reading each part aloud',
  };
  const capacity = {
    ...dateBoxes('capacity_assessed_on', today),
    capacity_assessed_by: 'Priya Shah, social worker',
    capacity_outcome: 'cannot',
    person_involvement: 'We went through it at home with an Urdu interpreter.',
    person_wishes: 'She wants a personal assistant she knows, for the allotment.',
  };

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    await startBudget(priya, aisha, addDays(today, -30), addDays(today, 334));
    await addStream(app, priya, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbrook Council',
      amount: '9,360',
      managed_as: 'direct_payment',
      review_on: addDays(today, 150),
    });
  });
  after(() => app.close());

  test('Priya’s top-up with mistakes is refused field by field, and nothing is saved', async () => {
    const noKind = await priya.post(at('/new'), { payer: 'Someone' });
    assert.equal(noKind.status, 400);
    assert.match(visibleText(noKind.text), /There is a problem Select the kind of agreement/);
    const page = await priya.post(at('/new'), {
      ...topUpForm,
      payee: ' ',
      home_fee: '716',
      council_pays: '700',
      amount: '15',
      if_it_stops: '',
      notice_weeks: '0',
      'starts_on-month': '13',
    });
    assert.equal(page.status, 400);
    const words = visibleText(page.text);
    assert.match(words, /There is a problem/);
    assert.match(words, /Enter the name of the care home/);
    assert.match(words, /Enter what happens if the payments stop/);
    assert.match(words, /Notice must be between 1 and 52 weeks/);
    assert.match(words, /The date of the first payment must be a real date/);
    // The form keeps what was typed.
    assert.match(page.text, /value="Fatima Khan \(your daughter\)"/);
    const wrongSum = await priya.post(at('/new'), { ...topUpForm, amount: '15' });
    assert.equal(wrongSum.status, 400);
    assert.match(
      visibleText(wrongSum.text),
      /The top-up must be the difference between the home’s fee and what the council pays: £16\.00 a week/,
    );
    assert.deepEqual(await counts(), { agreements: 0, explanations: 0, decisions: 0 });
  });

  test('Priya writes the top-up agreement: saved as terms, shown in plain words', async () => {
    assert.match(await read(priya, at('/new')), /What kind of agreement is it\?/);
    assert.match(await read(priya, at('/new?kind=top_up')), /The home’s fee each week/);
    const saved = await priya.post(at('/new'), topUpForm);
    assert.equal(saved.status, 303);
    const row = await app.db
      .selectFrom('money_agreement')
      .selectAll()
      .where('person_id', '=', aisha)
      .executeTakeFirstOrThrow();
    topUp = row.id;
    assert.equal(saved.location, `${at()}/${topUp}?done=drafted`);
    assert.equal(row.kind, 'top_up');
    assert.equal(row.drafted_by_name.startsWith('Priya Shah'), true);
    assert.deepEqual(
      { ...row.terms },
      {
        kind: 'top_up',
        payer: 'Fatima Khan (your daughter)',
        payee: 'Oakfield Care Home',
        amountPence: 1600,
        frequency: 'weekly',
        startsOn: addDays(today, 7),
        ifItStops: topUpForm.if_it_stops,
        howToEnd: topUpForm.how_to_end,
        noticeWeeks: 4,
        councilName: 'Northbrook Council',
        councilPaysPence: 70000,
        homeFeePence: 71600,
      },
    );
    const page = await read(priya, saved.location);
    assert.match(page, /The agreement has been written\./);
    assert.match(page, /Agreeing to this is separate from agreeing the care and support plan\./);
    assert.match(page, /The difference is £16\.00 a week\. This extra payment is called a top-up\./);
    assert.match(page, /Nobody has recorded explaining it yet\. Record that you explained this agreement/);
    assert.doesNotMatch(page, /I understand and agree/);
    const list = await read(priya, budgetPath(aisha));
    assert.match(
      list,
      /Money agreements Care home top-up agreement: Fatima Khan \(your daughter\) pays Oakfield Care Home ?\. Waiting to be explained\./,
    );
  });

  test('nobody answers before it is explained: Aisha is told so, and a forced answer keeps nothing', async () => {
    const aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    const page = await read(aishaClient, `${at()}/${topUp}`);
    assert.match(page, /Your care home top-up agreement/);
    assert.match(page, /Nobody has recorded explaining this agreement yet\. Ask your social worker/);
    const forced = await aishaClient.post(`${at()}/${topUp}/answer`, { outcome: 'agreed', understood: 'yes' });
    assert.equal(forced.status, 400);
    assert.match(visibleText(forced.text), /There is a problem Nobody has recorded explaining this agreement yet\./);
    assert.equal(await count('money_agreement_decision'), 0);
  });

  test('Priya records that she explained it; a wrong form keeps nothing', async () => {
    const bad = await priya.post(`${at()}/${topUp}/explained`, {
      ...explanation,
      ...dateBoxes('explained_on', addDays(today, 2)),
      how: '',
    });
    assert.equal(bad.status, 400);
    assert.match(visibleText(bad.text), /The date you explained it must be today or in the past/);
    assert.match(visibleText(bad.text), /Enter how you explained it/);
    const early = await priya.post(`${at()}/${topUp}/explained`, {
      ...explanation,
      ...dateBoxes('explained_on', addDays(today, -3)),
    });
    assert.equal(early.status, 400);
    assert.match(visibleText(early.text), /so it cannot have been explained before then\./);
    assert.equal(await count('money_agreement_explanation'), 0);

    const done = await priya.post(`${at()}/${topUp}/explained`, explanation);
    assert.equal(done.status, 303);
    const page = await read(priya, done.location!);
    assert.match(page, /It has been recorded that you explained the agreement\./);
    assert.match(
      page,
      /Written by Priya Shah, Social worker, on .* Priya Shah, Social worker, explained it to Aisha Khan and her daughter Fatima Khan on .*\. How it was explained: In person at home, with an Urdu interpreter, reading each part aloud\./,
    );
    const row = await app.db
      .selectFrom('money_agreement_explanation')
      .selectAll()
      .where('person_id', '=', aisha)
      .executeTakeFirstOrThrow();
    assert.equal(row.explained_on, today);
    assert.equal(row.agreement_id, topUp);
  });

  test('Fatima, attorney for health and welfare only, is told plainly she cannot agree to money; forced: 400', async () => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    const page = await read(fatima, `${at()}/${topUp}`);
    assert.match(page, /This agreement is written to Aisha Khan, so “you” in it means Aisha Khan\./);
    assert.match(
      page,
      /Your lasting power of attorney for health and welfare covers decisions about care and health, not money\. So you cannot agree to this for Aisha Khan\. Only Aisha Khan can agree to it, or someone with a lasting power of attorney for property and financial affairs/,
    );
    assert.doesNotMatch(page, /I understand and agree/);
    const forced = await fatima.post(`${at()}/${topUp}/answer`, {
      outcome: 'agreed',
      understood: 'yes',
      ...capacity,
    });
    assert.equal(forced.status, 400);
    assert.match(visibleText(forced.text), /There is a problem Your lasting power of attorney for health and welfare/);
    assert.equal(await count('money_agreement_decision'), 0);
  });

  test('staff cannot agree for Aisha', async () => {
    const forced = await priya.post(`${at()}/${topUp}/answer`, { outcome: 'agreed', understood: 'yes' });
    assert.equal(forced.status, 400);
    assert.match(visibleText(forced.text), /Staff cannot agree a money agreement for Aisha Khan\./);
    assert.equal(await count('money_agreement_decision'), 0);
  });

  test('Aisha agrees for herself once: the box must be ticked; a second answer is refused', async () => {
    const aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.match(
      await read(aishaClient, `${at()}/${topUp}`),
      /Do you understand and agree\? I understand and agree Agree/,
    );
    const unticked = await aishaClient.post(`${at()}/${topUp}/answer`, { outcome: 'agreed' });
    assert.equal(unticked.status, 400);
    assert.match(visibleText(unticked.text), /Tick “I understand and agree” to agree, or choose “I do not agree”/);
    assert.equal(await count('money_agreement_decision'), 0);

    const agreed = await aishaClient.post(`${at()}/${topUp}/answer`, { outcome: 'agreed', understood: 'yes' });
    assert.equal(agreed.status, 303);
    const page = await read(aishaClient, agreed.location!);
    assert.match(page, /Success Your agreement has been recorded\./);
    assert.match(page, /Aisha Khan understood and agreed to it on/);
    const rows = await app.db
      .selectFrom('money_agreement_decision')
      .selectAll()
      .where('person_id', '=', aisha)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.outcome, 'agreed');
    assert.equal(rows[0]!.acting_as, 'self');
    assert.equal(rows[0]!.circle_member_id, null);
    assert.equal(rows[0]!.capacity_outcome, null);

    const again = await aishaClient.post(`${at()}/${topUp}/answer`, { outcome: 'declined' });
    assert.equal(again.status, 400);
    assert.match(visibleText(again.text), /This agreement has already been answered\./);
    assert.equal(await count('money_agreement_decision'), 1);
    assert.match(await read(priya, budgetPath(aisha)), /Agreed by Aisha Khan on/);
  });

  test('an attorney for property and financial affairs agrees only with the capacity facts recorded', async () => {
    const drafted = await priya.post(at('/new'), {
      kind: 'direct_payment',
      payer: 'Northbrook Council',
      payee: 'your direct-payment bank account',
      pays_for: 'A personal assistant for 6 hours a week',
      amount: '360',
      frequency: 'every_four_weeks',
      ...dateBoxes('starts_on', addDays(today, 7)),
      if_it_stops: 'The council will arrange your support for you until it starts again.',
      notice_weeks: '2',
      how_to_end: 'Tell your social worker.',
    });
    assert.equal(drafted.status, 303);
    direct = /agreements\/([0-9a-f-]{36})/.exec(drafted.location!)![1]!;
    assert.equal((await priya.post(`${at()}/${direct}/explained`, explanation)).status, 303);
    const memberId = await addMoneyAttorney(app, aisha);
    const yusuf = await signedIn(app, ATTORNEY_EMAIL);
    const page = await read(yusuf, `${at()}/${direct}`);
    assert.match(page, /Northbrook Council will pay £360\.00 every 4 weeks to your direct-payment bank account\./);
    assert.match(page, /You can answer for Aisha Khan only if Aisha Khan cannot make this decision themselves\./);

    const before = await counts();
    const bare = await yusuf.post(`${at()}/${direct}/answer`, { outcome: 'agreed', understood: 'yes' });
    assert.equal(bare.status, 400);
    const words = visibleText(bare.text);
    assert.match(words, /Enter the date of the assessment/);
    assert.match(words, /Enter who assessed it, and their role/);
    assert.match(words, /Select what the assessment found/);
    assert.match(words, /Enter how they were involved/);
    assert.match(words, /Enter what they said they want/);
    const canDecide = await yusuf.post(`${at()}/${direct}/answer`, {
      outcome: 'agreed',
      understood: 'yes',
      ...capacity,
      capacity_outcome: 'can',
    });
    assert.equal(canDecide.status, 400);
    assert.match(visibleText(canDecide.text), /The assessment found that Aisha Khan can make this decision\./);
    const tooEarly = await yusuf.post(`${at()}/${direct}/answer`, {
      outcome: 'agreed',
      understood: 'yes',
      ...capacity,
      ...dateBoxes('capacity_assessed_on', addDays(today, -10)),
    });
    assert.equal(tooEarly.status, 400);
    assert.match(visibleText(tooEarly.text), /The assessment must be about this agreement/);
    assert.deepEqual(await counts(), before);

    const agreed = await yusuf.post(`${at()}/${direct}/answer`, { outcome: 'agreed', understood: 'yes', ...capacity });
    assert.equal(agreed.status, 303);
    const row = await app.db
      .selectFrom('money_agreement_decision')
      .selectAll()
      .where('person_id', '=', aisha)
      .where('agreement_id', '=', direct)
      .executeTakeFirstOrThrow();
    assert.equal(row.acting_as, 'representative');
    assert.equal(row.decided_by_name, 'Yusuf Khan, for Aisha Khan');
    assert.equal(row.circle_member_id, memberId);
    assert.equal(row.authority_type, 'lpa_property_finance');
    assert.equal(row.capacity_assessed_on, today);
    assert.equal(row.capacity_assessed_by, 'Priya Shah, social worker');
    assert.equal(row.capacity_outcome, 'cannot');
    assert.equal(row.person_wishes, capacity.person_wishes);
    const shown = await read(priya, `${at()}/${direct}`);
    assert.match(shown, /Yusuf Khan, for Aisha Khan understood and agreed to it on/);
    assert.match(
      shown,
      /They act for Aisha Khan with a lasting power of attorney for property and financial affairs\./,
    );
    assert.match(
      shown,
      /Assessed on .* by Priya Shah, social worker: Aisha Khan cannot make this decision themselves\./,
    );
    assert.match(shown, /What Aisha Khan said they want: She wants a personal assistant she knows/);
  });

  test('two answers sent at the same moment: one is kept, the other is told it came second', async () => {
    const drafted = await priya.post(at('/new'), { ...topUpForm, payer: 'Aisha Khan' });
    assert.equal(drafted.status, 303);
    const raced = /agreements\/([0-9a-f-]{36})/.exec(drafted.location!)![1]!;
    assert.equal((await priya.post(`${at()}/${raced}/explained`, explanation)).status, 303);
    const aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    await aishaClient.get(`${at()}/${raced}`);
    const answers = await Promise.all([
      aishaClient.post(`${at()}/${raced}/answer`, { outcome: 'agreed', understood: 'yes' }),
      aishaClient.post(`${at()}/${raced}/answer`, { outcome: 'declined' }),
    ]);
    assert.deepEqual(answers.map((page) => page.status).sort(), [303, 400]);
    const second = answers.find((page) => page.status === 400)!;
    assert.match(visibleText(second.text), /This agreement has already been answered\./);
    const rows = await app.db
      .selectFrom('money_agreement_decision')
      .select('outcome')
      .where('person_id', '=', aisha)
      .where('agreement_id', '=', raced)
      .execute();
    assert.equal(rows.length, 1);
  });

  test('the database refuses a representative’s answer without authority over money, and any change to history', async () => {
    await assert.rejects(
      app.db
        .insertInto('money_agreement_decision')
        .values({
          person_id: aisha,
          agreement_id: topUp,
          outcome: 'agreed',
          acting_as: 'representative',
          decided_by_kind: 'citizen',
          decided_by_id: newId(),
          decided_by_name: 'Someone',
          circle_member_id: newId(),
          authority_type: 'lpa_health_welfare',
          capacity_assessed_on: today,
          capacity_assessed_by: 'X',
          capacity_outcome: 'cannot',
          person_involvement: 'X',
          person_wishes: 'X',
          decided_at: new Date(),
        })
        .execute(),
    );
    await assert.rejects(
      app.db
        .updateTable('money_agreement_decision')
        .set({ outcome: 'declined' })
        .where('person_id', '=', aisha)
        .execute(),
    );
    await assert.rejects(app.db.deleteFrom('money_agreement').where('person_id', '=', aisha).execute());
  });

  test('Tom (budget not shared with the GP) and Grace (outside the team) get 404 everywhere, and change nothing', async () => {
    const before = await counts();
    for (const email of [STAFF_EMAILS.tom, STAFF_EMAILS.grace]) {
      const client = await signedIn(app, email);
      for (const where of [at('/new'), `${at()}/${topUp}`, `${at()}/${topUp}/pdf`, `${at()}/${topUp}/explained`])
        assert.equal((await client.get(where)).status, 404, `${email} ${where}`);
      assert.equal((await client.post(at('/new'), topUpForm)).status, 404, email);
      assert.equal((await client.post(`${at()}/${direct}/explained`, explanation)).status, 404, email);
      assert.equal(
        (await client.post(`${at()}/${direct}/answer`, { outcome: 'agreed', understood: 'yes' })).status,
        404,
      );
    }
    assert.deepEqual(await counts(), before);
    const aishaClient = await signedIn(app, CITIZEN_EMAILS.aisha);
    assert.equal((await aishaClient.get(at('/new'))).status, 403);
    assert.equal((await aishaClient.post(at('/new'), topUpForm)).status, 403);
    assert.equal((await aishaClient.post(`${at()}/${topUp}/explained`, explanation)).status, 403);
    assert.equal((await aishaClient.get(`${at()}/${topUp}/explained`)).status, 403);
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.equal((await fatima.post(at('/new'), topUpForm)).status, 403);
    assert.equal((await fatima.post(`${at()}/${topUp}/explained`, explanation)).status, 403);
    assert.equal((await priya.get(`${at()}/${newId()}`)).status, 404);
    assert.deepEqual(await counts(), before);
    const logged = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'action', 'summary'])
      .where('person_id', '=', aisha)
      .where('part', '=', 'budget')
      .execute();
    assert.ok(logged.some((row) => row.summary === 'Answered a money agreement' && row.actor_name.includes('Yusuf')));
    for (const name of ['Tom', 'Grace'])
      assert.ok(
        logged.some((row) => row.action === 'refused' && row.actor_name.includes(name)),
        name,
      );
  });

  test('the top-up downloads as a PDF in the same plain words', async (context) => {
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    const response = await fetch(`${app.baseUrl}${at()}/${topUp}/pdf`, { headers: { cookie: fatima.cookieHeader() } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    if (!fs.existsSync('/usr/bin/pdftotext')) return context.skip('pdftotext is not installed');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-agreement-'));
    try {
      const file = path.join(folder, 'agreement.pdf');
      fs.writeFileSync(file, bytes);
      const text = execFileSync('/usr/bin/pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      assert.match(text, /Care home top-up agreement: Aisha Khan/);
      assert.match(text, /The difference is £16\.00 a week\. This extra payment is called a top-up\./);
      assert.match(
        text,
        /Fatima Khan \(your daughter\) will pay the top-up of £16\.00 every week to Oakfield Care Home\./,
      );
      assert.match(text, /Priya Shah, Social worker, explained it to Aisha Khan and her daughter Fatima Khan/);
      assert.match(text, /Aisha Khan understood and agreed to it on/);
      assert.match(execFileSync('/usr/bin/pdfinfo', [file], { encoding: 'utf8' }), /Tagged:\s+yes/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
