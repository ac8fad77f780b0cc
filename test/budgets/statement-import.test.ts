import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, ukDate } from '../../src/dates.ts';
import { newId } from '../../src/ids.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { addStream, budgetPath, ledgerSums, moneyFields, startBudget } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

// Importing a direct-payment bank statement over HTTP: the preview with every problem, recording all or only the
// valid lines by an explicit choice, recording each line once however often the file is imported, and who may.

describe(`Importing a direct-payment bank statement (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  let council: string;
  let nhs: string;
  let clubLine: string;
  const today = ukDate(new Date());
  const startsOn = addDays(today, -60);
  const endsOn = addDays(startsOn, 364);
  const path = (rest = '') => budgetPath(aisha, rest);
  /** A date as a UK bank writes it: 01/11/2026. */
  const uk = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
  const daysAgo = (days: number) => uk(addDays(today, -days));

  const transactions = () =>
    app.db
      .selectFrom('ledger_transaction')
      .selectAll()
      .where('person_id', '=', aisha)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
  const imported = async () => (await transactions()).filter((row) => row.idempotency_key?.startsWith('statement:'));
  const spentFrom = async (stream: string) =>
    (
      await app.db
        .selectFrom('ledger_posting')
        .select('amount_pence')
        .where('person_id', '=', aisha)
        .where('stream_id', '=', stream)
        .where('account', '=', 'spent')
        .execute()
    ).reduce((all, row) => all + row.amount_pence, 0);

  const upload = (client: TestClient, csv: string | Uint8Array, form: Record<string, string> = {}) =>
    client.upload(
      path('/import'),
      { stream: council, category: 'activities', ...form },
      { field: 'statement', filename: 'statement.csv', bytes: csv },
    );
  /** The hidden fields of the preview, to send back with a choice as the browser would. */
  const previewFields = (page: Page) => {
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
    return {
      stream: field('stream'),
      category: field('category'),
      statement: field('statement'),
      count: field('count'),
    };
  };
  const record = (client: TestClient, preview: Page, choice: 'all' | 'valid', change: Record<string, string> = {}) =>
    client.post(path('/import/record'), { ...previewFields(preview), choice, ...change });

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    await startBudget(priya, aisha, startsOn, endsOn);
    council = await addStream(app, priya, aisha, {
      kind: 'council_personal_budget',
      funder_name: 'Northbrook Council',
      amount: '9,360',
      managed_as: 'direct_payment',
      allowed_categories: ['personal_assistant', 'activities'],
      review_on: addDays(today, 150),
    });
    nhs = await addStream(app, priya, aisha, {
      kind: 'nhs_personal_health_budget',
      funder_name: 'Northbrook NHS',
      amount: '2500',
      managed_as: 'notional',
      review_on: addDays(today, 300),
    });
    const paid = await priya.post(
      path('/money/payment'),
      moneyFields({
        stream: council,
        amount: '300',
        occurred_on: addDays(today, -50),
        description: 'Direct payment',
        idempotency_key: newId(),
      }),
    );
    assert.equal(paid.status, 303);
    const line = await priya.post(path('/lines/add'), {
      version: '0',
      what: 'Day club',
      provider: 'Bright Days Club',
      unit_cost: '40',
      quantity: '1',
      frequency: 'weekly',
      category: 'activities',
      goal: 'none',
      stream: council,
    });
    assert.equal(line.status, 303);
    clubLine = (
      await app.db
        .selectFrom('support_plan_line')
        .select('line_id')
        .where('person_id', '=', aisha)
        .executeTakeFirstOrThrow()
    ).line_id;
  });
  after(() => app.close());

  test('the import page offers only the funding paid as a direct payment', async () => {
    const page = await priya.get(path('/import'));
    assert.equal(page.status, 200);
    assert.match(visibleText(page.text), /Which direct payment is the statement for\? Northbrook Council/);
    assert.ok(page.text.includes(`value="${council}"`));
    assert.ok(!page.text.includes(`value="${nhs}"`), 'the notional NHS funding is not offered');
    assert.match(page.text, /enctype="multipart\/form-data"/);
    assert.match(visibleText((await priya.get(path())).text), /Import a direct-payment bank statement/);
  });

  const withProblems = () =>
    [
      'Date,Description,Paid out,Paid in,Balance',
      `${daysAgo(20)},BRIGHT DAYS CLUB REF 1187,40.00,,260.00`,
      `${daysAgo(19)},Cinema,£12.3x,,247.70`,
      `${daysAgo(18)},Bright Days Club refund,,15.00,262.70`,
      `${daysAgo(17)},Bus pass,5.00,5.00,262.70`,
      `${daysAgo(16)},Allotment society,25.50,0.00,237.20`,
    ].join('\r\n');

  let problemPreview: Page;

  test('a file with problems is previewed line by line with every problem by line and column; nothing is recorded', async () => {
    const before = (await transactions()).length;
    problemPreview = await upload(priya, withProblems());
    assert.equal(problemPreview.status, 200);
    const words = visibleText(problemPreview.text);
    assert.match(words, /3 lines can be recorded, 2 have problems\./);
    assert.match(words, /Line 3, Money out: £12\.3x is not an amount of money/);
    assert.match(words, /Line 5: it has an amount under both Money out and Money in\. A line is one or the other/);
    assert.match(words, /BRIGHT DAYS CLUB REF 1187 40\.00 Spending: £40\.00 For Day club \(Bright Days Club\)/);
    assert.match(words, /Bright Days Club refund 15\.00 Refund: £15\.00/);
    assert.match(words, /Record the 3 valid lines and leave out 2/);
    assert.doesNotMatch(words, /Record all/);
    assert.equal((await transactions()).length, before, 'a preview records nothing');
  });

  test('asking to record all of a file with problems is refused, and nothing is recorded', async () => {
    const before = (await transactions()).length;
    const page = await record(priya, problemPreview, 'all');
    assert.equal(page.status, 400);
    assert.match(visibleText(page.text), /Some lines have problems\. Choose to record only the lines without problems/);
    assert.equal((await transactions()).length, before);
  });

  test('recording the valid lines by choice records them once each through the ledger, oldest first', async () => {
    const before = (await transactions()).length;
    const page = await record(priya, problemPreview, 'valid');
    assert.equal(page.status, 200);
    const words = visibleText(page.text);
    assert.match(words, /3 lines were recorded\./);
    assert.match(words, /2 lines with problems were left out, as you chose\./);
    const rows = await imported();
    assert.equal((await transactions()).length, before + 3);
    assert.deepEqual(
      rows.map((row) => [row.kind, row.occurred_on, row.description, row.payee, row.category, row.line_id]),
      [
        [
          'spend',
          addDays(today, -20),
          'BRIGHT DAYS CLUB REF 1187',
          'BRIGHT DAYS CLUB REF 1187',
          'activities',
          clubLine,
        ],
        ['refund', addDays(today, -18), 'Bright Days Club refund', null, null, null],
        ['spend', addDays(today, -16), 'Allotment society', 'Allotment society', 'activities', null],
      ],
    );
    assert.equal(await spentFrom(council), 4000 - 1500 + 2550);
    const sums = await ledgerSums(app, aisha);
    assert.equal(sums.total, 0);
    for (const total of sums.byTransaction.values()) assert.equal(total, 0);
  });

  test('importing the same statement again records nothing and says so', async () => {
    const before = await transactions();
    const preview = await upload(priya, withProblems());
    assert.equal(preview.status, 200);
    const page = await record(priya, preview, 'valid');
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /0 lines were recorded\. 3 lines were already recorded, so they were not recorded again\./,
    );
    assert.deepEqual(await transactions(), before);
    // Sending the same choice twice (a second click, or the page reloaded) is the same.
    const again = await record(priya, preview, 'valid');
    assert.match(visibleText(again.text), /3 lines were already recorded/);
    assert.deepEqual(await transactions(), before);
  });

  test('a valid file overlapping the last: "Record all", two identical payments stay two, the known one is not repeated', async () => {
    const before = (await transactions()).length;
    const csv = [
      'DATE,DETAILS,AMOUNT (GBP),Type',
      `${daysAgo(16)},Allotment society,-25.50,DEB`,
      `${uk(addDays(today, -10))},Swimming,-4.20,DEB`,
      `${uk(addDays(today, -10))},Swimming,-4.20,DEB`,
    ].join('\n');
    const preview = await upload(priya, csv);
    assert.equal(preview.status, 200);
    const words = visibleText(preview.text);
    assert.match(words, /All 3 lines can be recorded\./);
    assert.match(words, /These columns are not used: Type\./);
    assert.match(words, /Record all 3 lines/);
    assert.doesNotMatch(words, /leave out/);
    const page = await record(priya, preview, 'all');
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /2 lines were recorded\. 1 line was already recorded, so it was not recorded again\./,
    );
    const rows = await imported();
    assert.equal((await transactions()).length, before + 2);
    assert.equal(rows.filter((row) => row.description === 'Swimming').length, 2);
    assert.equal(rows.filter((row) => row.description === 'Allotment society').length, 1);
  });

  test('lines the account has no money for are refused by the ledger and reported by line; the rest are recorded', async () => {
    const before = (await transactions()).length;
    const spentBefore = await spentFrom(council);
    const csv = [
      'Date,Description,Money out,Money in',
      `${daysAgo(5)},Personal assistant,5000.00,`,
      `${daysAgo(4)},Craft club,10.00,`,
      `${daysAgo(3)},Refund from nowhere,,9000.00`,
    ].join('\n');
    const preview = await upload(priya, csv);
    assert.match(visibleText(preview.text), /Record all 3 lines/);
    const page = await record(priya, preview, 'all');
    assert.equal(page.status, 200);
    const words = visibleText(page.text);
    assert.match(words, /1 line was recorded\. 2 lines were not recorded: see below\./);
    assert.match(words, /Line 2: There is not enough money left in the direct-payment account to cover it\./);
    assert.match(words, /Line 4: A refund cannot be more than was spent from this funding\./);
    assert.equal((await transactions()).length, before + 1);
    assert.equal(await spentFrom(council), spentBefore + 1000);
    assert.equal((await ledgerSums(app, aisha)).total, 0);
  });

  test('a file that cannot be read is refused by the file field with a clear message, and nothing is recorded', async () => {
    const before = (await transactions()).length;
    const header = 'Date,Description,Money out,Money in\n';
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['empty', '', /The file is empty\./],
      ['headings only', header, /The file has its headings but no lines of money after them\./],
      ['no headings', `${daysAgo(3)},Shop,1.00,\n`, /The first line of the file must name its columns/],
      ['no money columns', 'Date,Description\n01/01/2026,Shop\n', /must name a Money out column and a Money in column/],
      [
        'binary',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 1, 2, 3]),
        /not text in UTF-8|not text, so it is not a CSV/,
      ],
      [
        'Windows-1252 £',
        new Uint8Array([...new TextEncoder().encode(`${header}${daysAgo(3)},Shop,`), 0xa3, 0x31, 0x0a]),
        /not text in UTF-8/,
      ],
      [
        'too many lines',
        header + `${daysAgo(3)},Shop,1.00,\n`.repeat(2001),
        /has 2,001 lines of money\. A statement can have 2,000 at most/,
      ],
      ['too large', header + `${daysAgo(3)},${'x'.repeat(1000)},1.00,\n`.repeat(1100), /The file is larger than 1 MB/],
      [
        'unclosed quote',
        `${header}${daysAgo(3)},"Shop,1.00,\n`,
        /Line 2: a quotation mark opens a value that is never closed/,
      ],
    ];
    for (const [name, csv, message] of cases) {
      const page = await upload(priya, csv);
      assert.equal(page.status, 400, name);
      assert.match(visibleText(page.text), message, name);
      assert.match(page.text, /href="#statement"/, `${name}: the error summary links to the file field`);
    }
    const missing = await priya.upload(
      path('/import'),
      { stream: council, category: 'activities' },
      {
        field: 'other',
        filename: 'x.csv',
        bytes: 'a',
      },
    );
    assert.equal(missing.status, 400);
    assert.match(visibleText(missing.text), /Choose the bank statement to upload, saved as a CSV file/);
    assert.equal((await transactions()).length, before);
  });

  test('funding not paid as a direct payment, or spending it does not pay for, is refused by the field', async () => {
    const before = (await transactions()).length;
    const csv = `Date,Description,Money out,Money in\n${daysAgo(3)},Shop,1.00,\n`;
    const notDirect = await upload(priya, csv, { stream: nhs });
    assert.equal(notDirect.status, 400);
    assert.match(visibleText(notDirect.text), /Select which direct payment the statement is for/);
    const notAllowed = await upload(priya, csv, { category: 'transport' });
    assert.equal(notAllowed.status, 400);
    assert.match(visibleText(notAllowed.text), /Northbrook Council does not pay for transport/);
    const noCategory = await upload(priya, csv, { category: '' });
    assert.equal(noCategory.status, 400);
    assert.match(visibleText(noCategory.text), /Select what the spending paid for/);
    // The same checks on the way back: the choice is read again, not trusted.
    const preview = await upload(priya, csv);
    const sneaky = await record(priya, preview, 'all', { stream: nhs });
    assert.equal(sneaky.status, 400);
    assert.equal((await transactions()).length, before);
  });

  test('a statement changed between preview and choice is read again and not recorded as promised', async () => {
    const before = (await transactions()).length;
    const preview = await upload(priya, `Date,Description,Money out,Money in\n${daysAgo(3)},Shop,1.00,\n`);
    const other = Buffer.from(
      `Date,Description,Money out,Money in\n${daysAgo(3)},Shop,1.00,\n${daysAgo(2)},Cafe,2.00,\n`,
    ).toString('base64url');
    const changed = await record(priya, preview, 'all', { statement: other });
    assert.equal(changed.status, 400);
    assert.match(visibleText(changed.text), /The statement reads differently now/);
    const broken = await record(priya, preview, 'all', { statement: 'not base64!' });
    assert.equal(broken.status, 400);
    assert.match(visibleText(broken.text), /Upload it again/);
    assert.equal((await transactions()).length, before);
  });

  test('a statement near 1 MB goes back with the choice (1.3 MB of form) and is recorded without uploading it again', async () => {
    const before = (await transactions()).length;
    const lines = Array.from(
      { length: 300 },
      (_, index) => `${daysAgo(30 + (index % 20))},Session ${index},0.01,,${'n'.repeat(3000)}`,
    );
    const csv = ['Date,Description,Money out,Money in,Notes', ...lines].join('\n');
    assert.ok(csv.length > 900_000 && csv.length < 1_048_576, `${csv.length} bytes`);
    const preview = await upload(priya, csv);
    assert.equal(preview.status, 200);
    assert.match(visibleText(preview.text), /All 300 lines can be recorded\. These columns are not used: Notes\./);
    assert.ok(previewFields(preview).statement.length > 1_200_000, 'more than the 1 MB every other form may send');
    const started = performance.now();
    const page = await record(priya, preview, 'all');
    const seconds = (performance.now() - started) / 1000;
    assert.equal(page.status, 200, visibleText(page.text).slice(0, 300));
    assert.match(visibleText(page.text), /300 lines were recorded\./);
    console.log(`# recorded 300 statement lines in ${seconds.toFixed(1)} s (${(300 / seconds).toFixed(0)} lines/s)`);
    assert.equal((await transactions()).length, before + 300);
    assert.equal((await ledgerSums(app, aisha)).total, 0);
  });

  test('the person and their representative may not import (403); staff outside what Aisha shares get 404', async () => {
    const before = await transactions();
    const csv = `Date,Description,Money out,Money in\n${daysAgo(2)},Garden centre,3.00,\n`;
    const statement = Buffer.from(csv).toString('base64url');
    const recordFields = { stream: council, category: 'activities', statement, count: '1', choice: 'all' };
    const refusedAs = async (email: string, status: number) => {
      const client = await signedIn(app, email);
      assert.equal((await client.get(path('/import'))).status, status, `${email} GET`);
      assert.equal((await upload(client, csv)).status, status, `${email} upload`);
      assert.equal((await client.post(path('/import/record'), recordFields)).status, status, `${email} record`);
    };
    await refusedAs(CITIZEN_EMAILS.aisha, 403);
    await refusedAs(CITIZEN_EMAILS.fatima, 403);
    await refusedAs(STAFF_EMAILS.tom, 404);
    await refusedAs(STAFF_EMAILS.grace, 404);
    assert.deepEqual(await transactions(), before);
    const refusals = await app.db
      .selectFrom('access_log')
      .select('actor_name')
      .where('person_id', '=', aisha)
      .where('part', '=', 'budget')
      .where('action', '=', 'refused')
      .execute();
    for (const name of ['Tom', 'Grace'])
      assert.ok(
        refusals.some((row) => row.actor_name.includes(name)),
        `${name}'s refused look is logged`,
      );
  });

  test('a form or an upload without its CSRF token is refused, and nothing is recorded', async () => {
    const before = (await transactions()).length;
    const page = await priya.post(
      path('/import/record'),
      { stream: council, category: 'activities', statement: 'QQ', count: '0', choice: 'all' },
      { csrf: false },
    );
    assert.equal(page.status, 403);
    const body = new FormData();
    body.set('stream', council);
    body.set('category', 'activities');
    body.set(
      'statement',
      new Blob([`Date,Description,Money out,Money in\n${daysAgo(2)},Shop,1.00,\n`]),
      'statement.csv',
    );
    const upload = await fetch(`${app.baseUrl}${path('/import')}`, {
      method: 'POST',
      headers: { cookie: priya.cookieHeader() },
      body,
      redirect: 'manual',
    });
    assert.equal(upload.status, 403, 'an upload without the token');
    assert.equal((await transactions()).length, before);
  });
});
