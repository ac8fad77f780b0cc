import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/ids.ts';
import { visibleText, type Page, type TestApp, type TestClient } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { CITIZEN_EMAILS, signedIn, STAFF_EMAILS, startPeopleApp } from '../people/helpers.ts';

const linkOn = (page: Page): string =>
  /id="invitation-link">([^<]+)</.exec(page.text)?.[1] ?? assert.fail(`no link on the page: ${visibleText(page.text)}`);

describe(`inviting people and their representatives to accounts (${testBackend()})`, () => {
  let app: TestApp;
  let priya: TestClient;
  let aisha: string;
  let olu: string;
  /** Olu's daughter, who holds a lasting power of attorney for health and welfare; and his neighbour, who does not. */
  const members = { ada: newId(), ben: newId(), cy: newId() };

  const accountsWithEmail = (email: string) =>
    app.db.selectFrom('person_account').select(['id', 'password_hash']).where('email', '=', email).execute();
  const linksOf = (personId: string) =>
    app.db
      .selectFrom('person_account_link')
      .innerJoin('person_account', 'person_account.id', 'person_account_link.person_account_id')
      .select(['person_account.email', 'person_account_link.acting_as', 'person_account_link.circle_member_id'])
      .where('person_account_link.person_id', '=', personId)
      .orderBy('person_account.email')
      .execute();
  const countAccounts = async () =>
    Number(
      (
        await app.db
          .selectFrom('person_account')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    app = await startPeopleApp();
    aisha = app.ids.people.aisha!;
    priya = await signedIn(app, STAFF_EMAILS.priya);
    const registered = await priya.post('/people/register', {
      given_name: 'Olu',
      family_name: 'Adeyemi',
      'date_of_birth-day': '9',
      'date_of_birth-month': '11',
      'date_of_birth-year': '1952',
      email: 'olu.adeyemi@example.org',
    });
    olu = /^\/people\/([0-9a-f-]{36})/.exec(registered.location ?? '')?.[1] ?? assert.fail('not registered');
    const member = (id: string, name: string, mayAct: boolean, until: string | null) => ({
      person_id: olu,
      id,
      name,
      relationship: mayAct ? 'Daughter' : 'Neighbour',
      kind: mayAct ? ('family' as const) : ('friend' as const),
      phone: null,
      email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
      may_act_for_person: mayAct,
      authority: mayAct ? 'Lasting power of attorney for health and welfare' : null,
      authority_type: mayAct ? ('lpa_health_welfare' as const) : null,
      authority_reference: null,
      authority_from: null,
      authority_until: until,
      ended_at: null,
    });
    await app.db
      .insertInto('circle_member')
      .values([
        member(members.ada, 'Ada Adeyemi', true, null),
        member(members.ben, 'Ben Hill', false, null),
        member(members.cy, 'Cy Adeyemi', true, '2020-01-01'),
      ])
      .execute();
  });
  after(() => app.close());

  test('the page shows who can sign in: the person and each representative, with where their account stands', async () => {
    const page = await priya.get(`/people/${aisha}/accounts`);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Aisha Khan’s own account Aisha Khan Has an account, aisha\.khan@example\.org\./);
    assert.match(text, /People acting for Aisha Khan Fatima Khan Has an account, fatima\.khan@example\.org\./);
    assert.doesNotMatch(text, /Bill Hartley/, 'someone who may not act for her is not listed');
    const log = await app.db
      .selectFrom('access_log')
      .select(['actor_name', 'action', 'part', 'summary'])
      .where('person_id', '=', aisha)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    assert.deepEqual(log, {
      actor_name: 'Priya Shah',
      action: 'read',
      part: 'contacts',
      summary: 'Who can sign in to see your record',
    });
    assert.match((await priya.get(`/people/${aisha}`)).text, new RegExp(`href="/people/${aisha}/accounts"`));
  });

  test('Priya invites Olu to his own account: the account, its link to the record, a notice and the log', async () => {
    const form = await priya.get(`/people/${olu}/accounts/invite`);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="email"[^>]*value="olu\.adeyemi@example\.org"/, 'starts from the record’s address');
    const sent = await priya.post(`/people/${olu}/accounts/invite`, { email: ' Olu.Adeyemi@Example.org ' });
    assert.equal(sent.status, 200);
    assert.match(
      visibleText(sent.text),
      /Success You invited Olu Adeyemi to an account\. .* Give Olu Adeyemi this link/,
    );
    assert.match(linkOn(sent), /^\/invitations\/[A-Za-z0-9_-]{20,}$/);

    const [account] = await accountsWithEmail('olu.adeyemi@example.org');
    assert.equal(account?.password_hash, null, 'not set up until the invitation is accepted');
    assert.deepEqual(await linksOf(olu), [
      { email: 'olu.adeyemi@example.org', acting_as: 'self', circle_member_id: null },
    ]);
    const invitation = await app.db
      .selectFrom('invitation')
      .select(['account_kind', 'invited_by_name', 'accepted_at', 'withdrawn_at'])
      .where('account_id', '=', account.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(invitation, {
      account_kind: 'citizen',
      invited_by_name: 'Priya Shah',
      accepted_at: null,
      withdrawn_at: null,
    });
    const notices = await app.db.selectFrom('person_notice').select('message').where('person_id', '=', olu).execute();
    assert.deepEqual(
      notices.map((notice) => notice.message),
      ['Priya Shah (Social worker, Northbridge City Council) invited you to your own account.'],
    );
    const writes = await app.db
      .selectFrom('access_log')
      .select(['part', 'summary'])
      .where('person_id', '=', olu)
      .where('action', '=', 'write')
      .orderBy('at')
      .execute();
    assert.deepEqual(writes.at(-1), { part: 'details', summary: 'Invited you to your own account' });

    const page = visibleText((await priya.get(`/people/${olu}/accounts`)).text);
    assert.match(page, /Olu Adeyemi Invited at olu\.adeyemi@example\.org\. The link works until/);
    const again = await priya.post(`/people/${olu}/accounts/invite`, { email: 'other@example.org' });
    assert.equal(again.status, 400);
    assert.match(visibleText(again.text), /There is a problem Olu Adeyemi already has an account for this record\./);
  });

  test('a representative whose authority is in force is invited to act for the person; the person is told', async () => {
    const sent = await priya.post(`/people/${olu}/accounts/invite/${members.ada}`, { email: 'ada@example.org' });
    assert.equal(sent.status, 200);
    linkOn(sent);
    const links = await linksOf(olu);
    assert.deepEqual(
      links.find((link) => link.email === 'ada@example.org'),
      { email: 'ada@example.org', acting_as: 'circle_member', circle_member_id: members.ada },
    );
    const notices = await app.db.selectFrom('person_notice').select('message').where('person_id', '=', olu).execute();
    assert.ok(
      notices.some(
        (notice) =>
          notice.message ===
          'Priya Shah (Social worker, Northbridge City Council) invited Ada Adeyemi to an account to act for you.',
      ),
    );
  });

  test('someone who may not act for the person, or whose authority has ended, is refused with a reason', async () => {
    const before = await countAccounts();
    const ben = await priya.get(`/people/${olu}/accounts/invite/${members.ben}`);
    assert.equal(ben.status, 200);
    assert.match(visibleText(ben.text), /Ben Hill may not act for Olu Adeyemi, so they cannot have an account/);
    assert.doesNotMatch(ben.text, /name="email"/, 'no form to fill in');
    const refusedBen = await priya.post(`/people/${olu}/accounts/invite/${members.ben}`, { email: 'ben@example.org' });
    assert.equal(refusedBen.status, 400);
    assert.match(visibleText(refusedBen.text), /There is a problem Ben Hill may not act for Olu Adeyemi/);
    const refusedCy = await priya.post(`/people/${olu}/accounts/invite/${members.cy}`, { email: 'cy@example.org' });
    assert.equal(refusedCy.status, 400);
    assert.match(visibleText(refusedCy.text), /Cy Adeyemi’s authority to act for Olu Adeyemi is not in force today/);
    assert.equal(await countAccounts(), before);
    const page = visibleText((await priya.get(`/people/${olu}/accounts`)).text);
    assert.match(page, /Cy Adeyemi No account\. Cy Adeyemi’s authority to act for Olu Adeyemi is not in force today/);
  });

  test('an email address that already has a person’s account is linked, not made twice', async () => {
    // Fatima, who acts for her mother Aisha, is also Olu's attorney for his money.
    const dee = newId();
    await app.db
      .insertInto('circle_member')
      .values({
        person_id: olu,
        id: dee,
        name: 'Fatima Khan',
        relationship: 'Friend and attorney',
        kind: 'friend',
        phone: null,
        email: null,
        may_act_for_person: true,
        authority: 'Lasting power of attorney for property and financial affairs',
        authority_type: 'lpa_property_finance',
        authority_reference: null,
        authority_from: null,
        authority_until: null,
        ended_at: null,
      })
      .execute();
    const before = await countAccounts();
    const sent = await priya.post(`/people/${olu}/accounts/invite/${dee}`, { email: CITIZEN_EMAILS.fatima });
    assert.equal(sent.status, 200);
    assert.match(
      visibleText(sent.text),
      /Fatima Khan already has an account\. It now opens this record too\. .* No email was sent\./,
    );
    assert.doesNotMatch(sent.text, /invitation-link/);
    assert.equal(await countAccounts(), before);
    assert.equal((await accountsWithEmail(CITIZEN_EMAILS.fatima)).length, 1);
    assert.ok(
      (await linksOf(olu)).some((link) => link.email === CITIZEN_EMAILS.fatima && link.circle_member_id === dee),
    );
    // Her own sign-in now lists Olu beside her mother.
    const fatima = await signedIn(app, CITIZEN_EMAILS.fatima);
    assert.match(visibleText((await fatima.get('/my')).text), /Olu Adeyemi/);
  });

  test('an address that is another person’s own account, or a member of staff’s, is refused by the field', async () => {
    const registered = await priya.post('/people/register', {
      given_name: 'Zed',
      family_name: 'Quinn',
      'date_of_birth-day': '1',
      'date_of_birth-month': '2',
      'date_of_birth-year': '1990',
    });
    const zed = /^\/people\/([0-9a-f-]{36})/.exec(registered.location ?? '')![1]!;
    const before = await countAccounts();
    const someoneElses = await priya.post(`/people/${zed}/accounts/invite`, { email: CITIZEN_EMAILS.aisha });
    assert.equal(someoneElses.status, 400);
    assert.match(
      visibleText(someoneElses.text),
      /There is a problem This email address is already the account of a person who uses this service/,
    );
    assert.deepEqual(await linksOf(zed), []);
    const stranger = newId();
    await app.db
      .insertInto('circle_member')
      .values({
        person_id: olu,
        id: stranger,
        name: 'Gil Adeyemi',
        relationship: 'Son',
        kind: 'family',
        phone: null,
        email: null,
        may_act_for_person: true,
        authority: 'Deputy',
        authority_type: 'deputy_personal_welfare',
        authority_reference: null,
        authority_from: null,
        authority_until: null,
        ended_at: null,
      })
      .execute();
    const staffAddress = await priya.post(`/people/${olu}/accounts/invite/${stranger}`, {
      email: STAFF_EMAILS.grace,
    });
    assert.equal(staffAddress.status, 400);
    assert.match(
      visibleText(staffAddress.text),
      /There is a problem This email address is a member of staff’s work account/,
    );
    const badAddress = await priya.post(`/people/${olu}/accounts/invite/${stranger}`, { email: 'not an address' });
    assert.equal(badAddress.status, 400);
    assert.match(visibleText(badAddress.text), /Enter an email address in the correct format/);
    assert.equal(await countAccounts(), before);
    assert.ok(!(await linksOf(olu)).some((link) => link.circle_member_id === stranger));
  });

  test('a new link replaces the old; taking the invitation back unlinks the account and stops its link', async () => {
    const [account] = await accountsWithEmail('olu.adeyemi@example.org');
    const resent = await priya.post(`/people/${olu}/accounts/${account!.id}/resend`, {});
    assert.equal(resent.status, 200);
    assert.match(visibleText(resent.text), /Success You sent Olu Adeyemi a new link\. The old one no longer works\./);
    linkOn(resent);
    const open = () =>
      app.db
        .selectFrom('invitation')
        .select('id')
        .where('account_id', '=', account!.id)
        .where('withdrawn_at', 'is', null)
        .where('accepted_at', 'is', null)
        .execute();
    assert.equal((await open()).length, 1, 'one link works: the new one');

    const withdrawn = await priya.post(`/people/${olu}/accounts/${account!.id}/withdraw`, {});
    assert.equal(withdrawn.status, 303);
    const page = visibleText((await priya.get(withdrawn.location!)).text);
    assert.match(page, /Success The invitation is taken back\./);
    assert.match(page, /Olu Adeyemi’s own account Olu Adeyemi No account\. Invite Olu Adeyemi to an account/);
    assert.equal((await open()).length, 0);
    assert.ok(!(await linksOf(olu)).some((link) => link.acting_as === 'self'));
    // An account in use cannot be taken back from here.
    const fatimaAccount = (await accountsWithEmail(CITIZEN_EMAILS.fatima))[0]!;
    const inUse = await priya.post(`/people/${aisha}/accounts/${fatimaAccount.id}/withdraw`, {});
    assert.equal(inUse.status, 400);
    assert.ok((await linksOf(aisha)).some((link) => link.email === CITIZEN_EMAILS.fatima));
  });

  test('outsiders, staff who may not change the record, and people themselves get 404 and change nothing', async () => {
    const before = await countAccounts();
    const fatimaAccount = (await accountsWithEmail(CITIZEN_EMAILS.fatima))[0]!;
    const fatimaMember = (
      await app.db
        .selectFrom('circle_member')
        .select('id')
        .where('person_id', '=', aisha)
        .where('name', '=', 'Fatima Khan')
        .executeTakeFirstOrThrow()
    ).id;
    const attempts = (client: TestClient) => [
      client.get(`/people/${aisha}/accounts`),
      client.get(`/people/${aisha}/accounts/invite/${fatimaMember}`),
      client.post(`/people/${aisha}/accounts/invite`, { email: 'new.aisha@example.org' }),
      client.post(`/people/${aisha}/accounts/invite/${fatimaMember}`, { email: 'new.fatima@example.org' }),
      client.post(`/people/${aisha}/accounts/${fatimaAccount.id}/resend`, {}),
    ];
    // Grace is in nobody's team here; Aisha and Fatima may see the record but invite no one in this version.
    for (const email of [STAFF_EMAILS.grace, CITIZEN_EMAILS.aisha, CITIZEN_EMAILS.fatima]) {
      const client = await signedIn(app, email);
      for (const page of await Promise.all(attempts(client))) assert.equal(page.status, 404, email);
    }
    // Sam is in Aisha's team but she shares only her details and About me with his organisation: he may see
    // where her own account stands, not her circle, and may invite nobody to act for her.
    const sam = await signedIn(app, STAFF_EMAILS.sam);
    const samPage = await sam.get(`/people/${aisha}/accounts`);
    assert.equal(samPage.status, 200);
    assert.match(visibleText(samPage.text), /has not shared their circle of support with you/);
    assert.doesNotMatch(visibleText(samPage.text), /Fatima/);
    assert.equal(
      (await sam.post(`/people/${aisha}/accounts/invite/${fatimaMember}`, { email: 'x@example.org' })).status,
      404,
    );
    assert.equal(await countAccounts(), before);
  });
});
