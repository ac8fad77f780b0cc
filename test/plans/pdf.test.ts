import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signedIn, startTestApp, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { logRowsDuring } from '../people/helpers.ts';
import { agreeVersion, aishaPlan, saveVersion } from './print-fixtures.ts';

/** Fetches the PDF and reads it with poppler's tools, from a temporary file. */
async function fetchPdf(client: TestClient, url: string) {
  const response = await fetch(url, { headers: { cookie: client.cookieHeader() } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'careweave-pdf-'));
  const file = path.join(folder, 'plan.pdf');
  try {
    fs.writeFileSync(file, bytes);
    if (response.status !== 200) return { response, info: '', fonts: '', pages: [] as string[], structure: '' };
    const run = (tool: string, ...args: string[]) => execFileSync(`/usr/bin/${tool}`, [...args], { encoding: 'utf8' });
    const info = run('pdfinfo', file);
    const count = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const pages = Array.from({ length: count }, (_, index) =>
      run('pdftotext', '-layout', '-f', String(index + 1), '-l', String(index + 1), file, '-'),
    );
    return { response, info, fonts: run('pdffonts', file), pages, structure: run('pdfinfo', '-struct', file) };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

describe(`Plan as a PDF (${testBackend()})`, () => {
  let app: TestApp;
  let aisha: string;
  let priya: TestClient;
  const pdfUrl = () => `${app.baseUrl}/people/${aisha}/plan/pdf`;

  before(async () => {
    app = await startTestApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, 'priya.shah@council.example.org');
  });
  after(() => app.close());

  test('no plan yet: 404', async () => {
    assert.equal((await fetchPdf(priya, pdfUrl())).response.status, 404);
  });

  test('a draft is a tagged PDF/UA document with embedded fonts, marked draft on every page', async () => {
    await saveVersion(app, aisha, 1, await aishaPlan(app, 1));
    await saveVersion(app, aisha, 2, await aishaPlan(app, 12));
    let pdf!: Awaited<ReturnType<typeof fetchPdf>>;
    const rows = await logRowsDuring(app, aisha, async () => (pdf = await fetchPdf(priya, pdfUrl())));
    assert.equal(pdf.response.status, 200);
    assert.equal(pdf.response.headers.get('content-type'), 'application/pdf');
    assert.equal(
      pdf.response.headers.get('content-disposition'),
      'attachment; filename="care-and-support-plan-first-draft.pdf"',
    );
    assert.equal(pdf.response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part, row.summary]),
      [
        ['Priya Shah', 'read', 'plan', 'Your care and support plan, as a PDF'],
        ['Priya Shah', 'read', 'details', 'Your name, date of birth, NHS number, address and GP, on your printed plan'],
        ['Priya Shah', 'read', 'about_me', 'Your About me, on your printed plan'],
        ['Priya Shah', 'read', 'contacts', 'Your circle of support’s phone numbers, on your printed plan'],
      ],
    );

    assert.match(pdf.info, /Tagged:\s+yes/);
    assert.match(pdf.info, /Title:\s+Care and support plan for Aisha Khan, the first draft/);
    assert.match(pdf.info, /PDF version:\s+1\.7/);
    const fontRows = pdf.fonts.trim().split('\n').slice(2);
    assert.ok(fontRows.length >= 1);
    for (const row of fontRows) assert.match(row, /\byes\s+yes\s+yes\b/, `font not embedded: ${row}`);
    assert.match(pdf.structure, /^Document\n {2}H1 /m);
    assert.match(pdf.structure, /^ {4}H2 /m);
    assert.match(pdf.structure, /^ {4}L \(block\)\n {6}LI \(block\)/m, 'who is involved is a list');

    assert.ok(pdf.pages.length >= 3, `a long plan runs to several pages, got ${pdf.pages.length}`);
    for (const [index, page] of pdf.pages.entries()) {
      const text = oneLine(page);
      assert.match(
        text,
        /Aisha Khan – care and support plan, the first draft – Draft – not yet agreed/,
        `page ${index + 1} header`,
      );
      assert.match(text, new RegExp(`page ${index + 1} of ${pdf.pages.length}`), `page ${index + 1} footer`);
    }
    const all = oneLine(pdf.pages.join('\n'));
    for (const expected of [
      'Care and support plan: Aisha Khan',
      'Being at home with my plants.',
      'My daughter Fatima visits every day.',
      'Getting out to see friends, need 12',
      'I want to go to the market on Saturday number 12',
      'Ask the day centre about Tuesdays, try 12',
      '1 April 2026',
      'Fatima comes round and calls the GP.',
      'Using the gas cooker on my own',
      'Priya Shah, Social worker',
      'Fatima Khan (Daughter)',
      '1 September 2026',
      'Council personal budget and NHS continuing healthcare.',
    ])
      assert.ok(all.includes(expected), `missing: ${expected}`);
  });

  test('once agreed, every page gives the agreed date and who agreed; a later draft is not printed', async () => {
    await agreeVersion(app, aisha, 2, '2026-03-03');
    await saveVersion(app, aisha, 3, { ...(await aishaPlan(app, 1)), whatMatters: 'A new draft nobody has agreed.' });
    const pdf = await fetchPdf(priya, pdfUrl());
    assert.equal(
      pdf.response.headers.get('content-disposition'),
      'attachment; filename="care-and-support-plan-version-1.pdf"',
    );
    for (const page of pdf.pages) {
      const text = oneLine(page);
      assert.match(
        text,
        /Aisha Khan – care and support plan, version 1 – Agreed on 3 March 2026 by Aisha Khan and Priya Shah, Social worker/,
      );
      assert.doesNotMatch(text, /Draft – not yet agreed –/);
    }
    const all = oneLine(pdf.pages.join('\n'));
    assert.ok(!all.includes('A new draft nobody has agreed.'));
    assert.ok(all.includes('Changes since it was agreed make a draft, which is being worked on.'));
  });

  test('Sam Reid, whose hub sees only Aisha’s details and About me, gets 404 and a refused row in her log', async () => {
    const sam = await signedIn(app, 'sam.reid@hub.example.org');
    let status = 0;
    const rows = await logRowsDuring(
      app,
      aisha,
      async () => (status = (await fetchPdf(sam, pdfUrl())).response.status),
    );
    assert.equal(status, 404);
    assert.deepEqual(
      rows.map((row) => [row.actor_name, row.action, row.part]),
      [['Sam Reid', 'refused', 'plan']],
    );
  });

  test('an unknown person or a malformed id: 404', async () => {
    assert.equal(
      (await fetchPdf(priya, `${app.baseUrl}/people/0190a000-0000-7000-8000-000000000000/plan/pdf`)).response.status,
      404,
    );
    assert.equal((await fetchPdf(priya, `${app.baseUrl}/people/not-an-id/plan/pdf`)).response.status, 404);
  });
});
