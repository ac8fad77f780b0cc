import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, addMonths, ukDate } from '../../src/dates.ts';
import { RECORD_PARTS } from '../../src/data/person-data.ts';
import { newId } from '../../src/ids.ts';
import { CITIZEN_EMAILS, STAFF_EMAILS } from '../people/helpers.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { monthName } from '../../src/modules/budgets/statement.ts';
import { addLines, addStream, budgetPath, moneyFields, startBudget } from '../support/budget-builder.ts';
import { testBackend } from '../support/database.ts';

// Spending and gaps, the commissioning view: figures about groups of the people an organisation supports, with
// small numbers suppressed so nobody can be picked out, for managers only.

const PAGE = '/staff/commissioning';

/** The cells of a table on the page, row by row, as the reader sees them ("10 £1,200", "*"). */
function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `table ${id} is on the page`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visibleText(cell[1]!)),
  );
}

/** The rows of a table as a map from the row's heading to its cells by column heading. */
function byHeading(html: string, id: string): Map<string, Map<string, string>> {
  const [head, ...rows] = tableRows(html, id);
  return new Map(rows.map((row) => [row[0]!, new Map(head!.slice(1).map((column, j) => [column, row[j + 1]!]))]));
}

describe(`Spending and gaps for managers (${testBackend()})`, () => {
  let app: TestApp;
  let priya: TestClient;
  let helen: TestClient;
  const today = ukDate(new Date());
  // Spending in two months long enough ago that nothing of the demo's is in them.
  const first = addMonths(`${today.slice(0, 7)}-01`, -14).slice(0, 7);
  const second = addMonths(`${first}-01`, 1).slice(0, 7);
  const people: string[] = [];
  let outside = '';

  /** A synthetic person with a place in Priya's care team at the council. */
  async function addPerson(index: number, postcode: string) {
    const personId = newId();
    await app.db
      .insertInto('person')
      .values({
        person_id: personId,
        given_name: `Synthetic${index}`,
        family_name: 'Commissioning',
        date_of_birth: '1960-01-01',
        postcode,
      })
      .execute();
    await app.db
      .insertInto('care_team_member')
      .values({
        person_id: personId,
        id: newId(),
        staff_account_id: app.ids.staff.priya!,
        organisation_id: app.ids.organisations.council!,
        team_role: 'Social worker',
        from_date: addDays(today, -400),
        until_date: null,
      })
      .execute();
    // Shared with the council, as when support began, so Priya can build the budget.
    await app.db
      .insertInto('sharing_choice')
      .values(
        RECORD_PARTS.map((part) => ({
          person_id: personId,
          id: newId(),
          part,
          audience_kind: 'organisation' as const,
          audience_id: app.ids.organisations.council!,
          decision: 'share' as const,
          until_date: null,
          made_by_kind: 'system' as const,
          made_by_id: null,
          made_by_name: 'Recorded when support began',
          made_at: new Date(),
        })),
      )
      .execute();
    return personId;
  }

  async function spend(personId: string, stream: string, pounds: string, category: string, on: string) {
    const page = await priya.post(
      budgetPath(personId, '/money/spend'),
      moneyFields({
        stream,
        amount: pounds,
        occurred_on: on,
        description: `Spent on ${category}`,
        payee: 'A provider',
        category,
        idempotency_key: newId(),
      }),
    );
    assert.equal(page.status, 303, `spent on ${category}: ${page.status}`);
  }

  /** A person's budget with one NHS stream of £1,000 for anything, answering the stream's id. */
  async function budgetFor(personId: string) {
    await startBudget(priya, personId, addDays(today, -30), addDays(today, 334));
    return addStream(app, priya, personId, {
      kind: 'nhs_personal_health_budget',
      funder_name: 'Northbrook NHS',
      amount: '1000',
      managed_as: 'notional',
      review_on: addDays(today, 200),
    });
  }

  before(async () => {
    app = await startTestApp();
    priya = await signedIn(app, STAFF_EMAILS.priya);
    helen = await signedIn(app, STAFF_EMAILS.helen);
    // Twelve people in NB1 spend £100 each on a personal assistant; three of them £50 on equipment, the other nine
    // £20 on transport. The twelfth gets their £100 back the month after.
    for (let index = 1; index <= 12; index += 1) {
      const personId = await addPerson(index, `NB1 ${index % 10}AB`);
      people.push(personId);
      const stream = await budgetFor(personId);
      const on = `${first}-10`;
      await spend(personId, stream, '100', 'personal_assistant', on);
      await spend(personId, stream, index <= 3 ? '50' : '20', index <= 3 ? 'equipment' : 'transport', on);
      if (index === 12) {
        const refund = await priya.post(
          budgetPath(personId, '/money/refund'),
          moneyFields({
            stream,
            amount: '100',
            occurred_on: `${second}-05`,
            description: 'Refund',
            category: 'personal_assistant',
            idempotency_key: newId(),
          }),
        );
        assert.equal(refund.status, 303, 'refund recorded');
      }
      // Three people's plans have a line nobody local could provide.
      if (index <= 3)
        await addLines(app, priya, personId, [
          {
            what: `Hydrotherapy ${index}`,
            provider: 'None available locally',
            unit_cost: '40',
            quantity: '1',
            frequency: 'weekly',
            category: 'therapy',
            stream,
          },
        ]);
    }
    // Someone whose place at the council ended yesterday: their spending is no longer the council's to see.
    outside = await addPerson(13, 'NB9 1AB');
    const stream = await budgetFor(outside);
    await spend(outside, stream, '500', 'equipment', `${first}-12`);
    await app.db
      .updateTable('care_team_member')
      .set({ until_date: addDays(today, -1) })
      .where('person_id', '=', outside)
      .execute();
  });
  after(() => app.close());

  const view = async (query: string) => {
    const page = await helen.get(`${PAGE}?${query}`);
    assert.equal(page.status, 200, query);
    return page.text;
  };

  test('Helen sees a category of 12 people as 10, one of 3 as *, and the figure that would give the * away hidden', async () => {
    const html = await view(`from=${first}&to=${first}&category=`);
    const months = byHeading(html, 'by-month');
    const month = months.get(monthName(first))!;
    assert.ok(month, 'the month has a row');
    assert.equal(month.get('Personal assistant'), '10 £1,200');
    assert.equal(month.get('Equipment'), '*');
    // Transport's 9 people would be 10 and £200, but then equipment's * could be worked out from the row's total.
    assert.equal(month.get('Transport'), '*');
    assert.equal(month.get('All kinds'), '10 £1,500');
    const totals = months.get('Total')!;
    assert.equal(totals.get('Personal assistant'), '10 £1,200');
    assert.equal(totals.get('Equipment'), '*');
    assert.equal(totals.get('Transport'), '*');
    assert.equal(totals.get('All kinds'), '10 £1,500');

    const areas = byHeading(html, 'by-area');
    assert.deepEqual([...areas.keys()], ['NB1', 'Total'], 'only the twelve people’s district: the thirteenth left');
    assert.equal(areas.get('NB1')!.get('Personal assistant'), '10 £1,200');
    assert.equal(areas.get('NB1')!.get('Equipment'), '*');

    const providers = byHeading(html, 'by-provider');
    assert.equal(providers.get('Not linked to a plan line')!.get('All kinds'), '10 £1,500');
    assert.equal(providers.get('Arranged by the person')!.get('All kinds'), '0');

    const gaps = byHeading(html, 'gaps');
    assert.equal(gaps.get('No provider could be found')!.get('Therapies'), '*');
    assert.equal(gaps.get('Total')!.get('All kinds'), '*');

    const text = visibleText(html);
    assert.match(text, /rounded to the nearest 5 and money to the nearest £100/);
    assert.match(text, /\* means 1 to 7 people/);
    // Nobody's name is on the page.
    assert.doesNotMatch(text, /Synthetic\d/);
  });

  test('a period with a month of few people hides what that month would give away, so periods cannot be subtracted', async () => {
    const html = await view(`from=${first}&to=${second}&category=`);
    const months = byHeading(html, 'by-month');
    // The refund: one person in the second month, a kind of spending of its own as a refund records none.
    assert.equal(months.get(monthName(second))!.get('Refunds'), '*');
    assert.equal(months.get(monthName(second))!.get('All kinds'), '*');
    assert.equal(months.get(monthName(second))!.get('Personal assistant'), '0');
    // Over both months NB1 has 12 people and £1,400; shown, the first month alone (£1,500) taken from it would give
    // the one person's refund. It is hidden because it is hidden in the second month's own table.
    const area = byHeading(html, 'by-area').get('NB1')!;
    assert.equal(area.get('All kinds'), '*');
    assert.equal(area.get('Refunds'), '*');
    assert.equal(area.get('Personal assistant'), '10 £1,200');
    assert.equal(months.get('Total')!.get('All kinds'), '*');
  });

  test('choosing a kind of spending shows its column only and keeps the totals of every kind', async () => {
    const html = await view(`from=${first}&to=${first}&category=equipment`);
    const [head] = tableRows(html, 'by-month');
    assert.deepEqual(head!.slice(1), ['Equipment', 'All kinds']);
    const totals = byHeading(html, 'by-month').get('Total')!;
    assert.equal(totals.get('Equipment'), '*');
    assert.equal(totals.get('All kinds'), '10 £1,500');
  });

  test('filters that make no sense are refused by the field', async () => {
    const backwards = await helen.get(`${PAGE}?from=${second}&to=${first}&category=`);
    assert.equal(backwards.status, 400);
    assert.match(visibleText(backwards.text), /The period must end in the same month as it starts or later/);
    assert.match(backwards.text, /href="#to"/);
    const unknown = await helen.get(`${PAGE}?from=1999-01&to=${first}&category=bananas`);
    assert.equal(unknown.status, 400);
    const text = visibleText(unknown.text);
    assert.match(text, /Choose the month the period starts/);
    assert.match(text, /Choose a kind of spending/);
    assert.doesNotMatch(unknown.text, /id="by-month"/);
  });

  test('a manager elsewhere sees only the people their own organisation supports', async () => {
    // Grace made a manager at the trust for this test: none of the council's people have a place there.
    await app.db
      .updateTable('staff_account')
      .set({ role: 'manager' })
      .where('email', '=', STAFF_EMAILS.grace)
      .execute();
    try {
      const grace = await signedIn(app, STAFF_EMAILS.grace);
      const page = await grace.get(`${PAGE}?from=${first}&to=${second}&category=`);
      assert.equal(page.status, 200);
      assert.match(visibleText(page.text), /Nothing was spent in this period/);
      assert.doesNotMatch(page.text, /id="by-area"/);
    } finally {
      await app.db
        .updateTable('staff_account')
        .set({ role: 'practitioner' })
        .where('email', '=', STAFF_EMAILS.grace)
        .execute();
    }
  });

  test('the page is linked for managers and does not exist for anyone else', async () => {
    assert.match((await helen.get('/staff')).text, /href="\/staff\/commissioning"[^>]*>\s*Spending and gaps/);
    assert.equal((await helen.get(PAGE)).status, 200);
    for (const email of [
      STAFF_EMAILS.priya,
      'marcus.lee@council.example.org',
      STAFF_EMAILS.tom,
      STAFF_EMAILS.joan,
      'alan.ward@council.example.org',
    ]) {
      const client = await signedIn(app, email);
      assert.equal((await client.get(PAGE)).status, 404, email);
      assert.doesNotMatch((await client.get('/staff')).text, /Spending and gaps/, email);
    }
    const aisha = await signedIn(app, CITIZEN_EMAILS.aisha);
    const asAisha = await aisha.get(PAGE);
    assert.equal(asAisha.status, 303);
    assert.equal(asAisha.location, '/my');
    const nobody = await new TestClient(app.baseUrl).get(PAGE);
    assert.equal(nobody.status, 303);
    assert.equal(nobody.location, '/sign-in');
  });
});
