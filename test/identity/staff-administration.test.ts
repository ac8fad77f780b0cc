import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { newId } from '../../src/ids.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { signedIn, startTestApp, TestClient, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { trustAdministrator as createTrustAdministrator } from '../support/trust-administrator.ts';

const ALAN = 'alan.ward@council.example.org';
const LIST = '/staff/organisation/staff';

/** The one-time link an invitation page shows, and its token. */
function linkOn(html: string): { link: string; token: string } {
  const match = /(http:\/\/[^\s<"]+\/invitations\/([A-Za-z0-9_-]{43}))/.exec(html);
  assert.ok(match, 'the page shows the one-time link');
  return { link: match[1]!, token: match[2]! };
}

const NEW_STARTER = {
  displayName: 'Rosa Mendes',
  email: '  Rosa.Mendes@Council.Example.org ',
  role: 'practitioner',
  jobTitle: 'Occupational therapist',
  workPhone: '01632 960 123',
  team: 'Reablement',
};

describe(`an organisation's administrator manages its staff (${testBackend()})`, () => {
  let app: TestApp;
  let alan: TestClient;
  let trustAdministrator: TestClient;

  const staffCount = async () =>
    Number(
      (
        await app.db
          .selectFrom('staff_account')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const invitationCount = async () =>
    Number(
      (
        await app.db
          .selectFrom('invitation')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const staffRow = (email: string) =>
    app.db.selectFrom('staff_account').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  const memberPage = (id: string) => `${LIST}/${id}`;

  /** Invites a new member of the council through the page; returns their id and the link's token. */
  async function invite(fields: Partial<typeof NEW_STARTER>) {
    const page = await alan.post(`${LIST}/invite`, { ...NEW_STARTER, ...fields });
    assert.equal(page.status, 200, visibleText(page.text).slice(0, 400));
    const { token } = linkOn(page.text);
    const row = await staffRow((fields.email ?? NEW_STARTER.email).trim().toLowerCase());
    return { id: row.id, token, page };
  }

  before(async () => {
    app = await startTestApp();
    alan = await signedIn(app, ALAN);
    // The trust's own administrator: an administrator, but of another organisation.
    trustAdministrator = await createTrustAdministrator(app);
  });
  after(() => app.close());

  test("the list shows the organisation's own staff only, with their role, job title and status", async () => {
    const page = await alan.get(LIST);
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /Northbridge City Council Staff Invite a member of staff/);
    assert.match(text, /Priya Shah Social worker Practitioner Active/);
    assert.match(text, /Helen Price Team manager Manager Active/);
    assert.match(text, /Alan Ward System administrator Administrator Active/);
    assert.doesNotMatch(text, /Grace Mensah|Tom Okafor|Dee Admin/, 'nobody from another organisation');
    assert.match(
      page.text,
      /<a class="govuk-service-navigation__link" href="\/staff\/organisation\/staff" aria-current="true">/,
    );
    assert.doesNotMatch(
      page.text,
      /href="\/staff\/organisation" aria-current/,
      'only the Staff link is marked current',
    );
  });

  test('inviting a member of staff makes an account with no password or code, and shows a link that works once', async () => {
    const before = await staffCount();
    const { id, token, page } = await invite({});
    assert.equal(await staffCount(), before + 1);
    const text = visibleText(page.text);
    assert.match(text, /Success Rosa Mendes has been invited as practitioner\./);
    assert.match(text, /Give Rosa Mendes this link/);
    assert.match(text, /The link works once\. It stops working on \d{1,2} \w+ \d{4} at/);

    const row = await staffRow('rosa.mendes@council.example.org');
    assert.equal(row.id, id);
    assert.equal(row.organisation_id, app.ids.organisations.council);
    assert.equal(row.role, 'practitioner');
    assert.equal(row.job_title, 'Occupational therapist');
    assert.equal(row.work_phone, '01632 960 123');
    assert.equal(row.team, 'Reablement');
    assert.equal(row.password_hash, null);
    assert.equal(row.totp_secret, null);

    const invitation = await app.db
      .selectFrom('invitation')
      .selectAll()
      .where('account_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(invitation.token_hash, createHash('sha256').update(token).digest('hex'));
    assert.equal(invitation.account_kind, 'staff');
    assert.equal(invitation.invited_by_name, 'Alan Ward');
    const days = (invitation.expires_at.getTime() - invitation.created_at.getTime()) / 86_400_000;
    assert.equal(days, 7);

    // The token itself is nowhere in the database: not in the invitation, nor in any other table.
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
      app.db,
    );
    for (const { table_name } of tables.rows) {
      const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table_name)} t
        where t::text like ${`%${token}%`}`.execute(app.db);
      assert.equal(found.rows[0]!.n, 0, `the token is not in ${table_name}`);
    }

    // The link opens this account's invitation; the list shows them as invited until the expiry day.
    const open = await app.services.identity.invitations.findOpen(token);
    assert.equal(open?.accountId, id);
    assert.equal(open?.organisationName, 'Northbridge City Council');
    assert.equal(open?.role, 'practitioner');
    assert.equal(open?.hasPassword, false);
    assert.match(
      visibleText((await alan.get(LIST)).text),
      /Rosa Mendes Occupational therapist Practitioner Reablement Invited until/,
    );

    // An invited account cannot sign in: it has no password yet.
    const rosa = new TestClient(app.baseUrl);
    const signIn = await rosa.post('/sign-in', { email: 'rosa.mendes@council.example.org', password: DEMO_PASSWORD });
    assert.equal(signIn.status, 400);
  });

  test('bad input gets a message by the field and adds nobody', async () => {
    const staff = await staffCount();
    const invitations = await invitationCount();
    const cases: [Record<string, string>, string, string][] = [
      [{ displayName: '  ' }, 'displayName', 'Enter their full name'],
      [{ email: '' }, 'email', 'Enter their work email address'],
      [{ email: 'rosa at council' }, 'email', 'Enter an email address in the correct format, like name@example.org'],
      [{ role: '' }, 'role', 'Select a role'],
      [{ role: 'platform_administrator' }, 'role', 'Select a role'],
      [{ jobTitle: '' }, 'jobTitle', 'Enter their job title'],
      [{ workPhone: 'call me' }, 'workPhone', 'Enter a phone number, like 01632 960 001 or 07700 900 982'],
      [{ team: 'x'.repeat(201) }, 'team', 'Team must be 200 characters or fewer'],
      [
        { email: 'PRIYA.SHAH@council.example.org' },
        'email',
        'Someone already has a Careweave account with this email address. Use a different work email address.',
      ],
      [
        { email: 'aisha.khan@example.org' },
        'email',
        'Someone already has a Careweave account with this email address. Use a different work email address.',
      ],
    ];
    for (const [fields, field, message] of cases) {
      const page = await alan.post(`${LIST}/invite`, {
        ...NEW_STARTER,
        email: 'new.person@council.example.org',
        ...fields,
      });
      assert.equal(page.status, 400, `${JSON.stringify(fields)} is refused`);
      const text = visibleText(page.text);
      assert.match(text, /There is a problem/);
      assert.ok(text.includes(`Error: ${message}`), `${field}: ${message}`);
      assert.match(page.text, new RegExp(`href="#${field}"`));
    }
    assert.equal(await staffCount(), staff);
    assert.equal(await invitationCount(), invitations);
  });

  test("an administrator changes a member's role, job title, work phone and team", async () => {
    const helen = app.ids.staff.helen!;
    const saved = await alan.post(memberPage(helen), {
      role: 'privacy_officer',
      jobTitle: 'Information governance lead',
      workPhone: '',
      team: 'Governance',
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `${memberPage(helen)}?changed=details`);
    const row = await staffRow('helen.price@council.example.org');
    assert.equal(row.role, 'privacy_officer');
    assert.equal(row.job_title, 'Information governance lead');
    assert.equal(row.work_phone, null);
    assert.equal(row.team, 'Governance');
    const after = await alan.get(saved.location);
    assert.match(visibleText(after.text), /Success Their details have been changed\./);
    // The form shows what is saved now.
    assert.match(after.text, /name="role" type="radio" value="privacy_officer" checked/);
    assert.match(after.text, /name="jobTitle" type="text" value="Information governance lead"/);
    assert.match(after.text, /name="team" type="text" value="Governance"/);

    const bad = await alan.post(memberPage(helen), { role: 'manager', jobTitle: '', workPhone: '', team: '' });
    assert.equal(bad.status, 400);
    assert.match(visibleText(bad.text), /Error: Enter their job title/);
    assert.equal((await staffRow('helen.price@council.example.org')).role, 'privacy_officer', 'nothing changed');

    const platform = await alan.post(memberPage(helen), { role: 'platform_administrator', jobTitle: 'Boss' });
    assert.equal(platform.status, 400, 'an organisation administrator cannot make a platform administrator');
    assert.equal((await staffRow('helen.price@council.example.org')).role, 'privacy_officer');

    await alan.post(memberPage(helen), { role: 'manager', jobTitle: 'Team manager', workPhone: '', team: '' });

    // The council's platform administrator is listed with its staff, but is not theirs to change.
    const nadia = app.ids.staff.nadia!;
    assert.doesNotMatch(visibleText((await alan.get(memberPage(nadia))).text), /Change their role and details/);
    const demote = await alan.post(memberPage(nadia), { role: 'practitioner', jobTitle: 'Taken over' });
    assert.equal(demote.status, 400);
    assert.match(
      visibleText(demote.text),
      /Nadia Brooks is a platform administrator, whose role and details are not changed here/,
    );
    const nadiaRow = await staffRow('nadia.brooks@council.example.org');
    assert.deepEqual([nadiaRow.role, nadiaRow.job_title], ['platform_administrator', 'Careweave service manager']);
  });

  test('the last administrator who has set up their account cannot be made anything else', async () => {
    const alanId = app.ids.staff.alan!;
    const refused = await alan.post(memberPage(alanId), { role: 'practitioner', jobTitle: 'System administrator' });
    assert.equal(refused.status, 400);
    assert.match(
      visibleText(refused.text),
      /Error: Alan Ward is the only administrator of Northbridge City Council\. Make someone else an administrator first\./,
    );
    assert.equal((await staffRow(ALAN)).role, 'administrator');

    // An administrator who is only invited does not count: they may never set up their account.
    const { id: invitedAdmin } = await invite({ email: 'new.admin@council.example.org', role: 'administrator' });
    const still = await alan.post(memberPage(alanId), { role: 'practitioner', jobTitle: 'System administrator' });
    assert.equal(still.status, 400);
    assert.equal((await staffRow(ALAN)).role, 'administrator');

    // Demoting the invited administrator is fine: Alan remains.
    const demoted = await alan.post(memberPage(invitedAdmin), { role: 'practitioner', jobTitle: 'Officer' });
    assert.equal(demoted.status, 303);
  });

  test('resending replaces the link; withdrawing stops it working', async () => {
    const { id, token: first } = await invite({ email: 'sol.baker@council.example.org', displayName: 'Sol Baker' });
    const member = visibleText((await alan.get(memberPage(id))).text);
    assert.match(member, /Status Invited Their invitation works until/);
    assert.match(member, /Send a new invitation/);
    assert.match(member, /Withdraw the invitation/);

    const resent = await alan.post(`${memberPage(id)}/invitation/resend`, {});
    assert.equal(resent.status, 200);
    assert.match(
      visibleText(resent.text),
      /Success A new invitation has been made for Sol Baker\. Any earlier link no longer works\./,
    );
    const { token: second } = linkOn(resent.text);
    assert.notEqual(second, first);
    assert.equal(await app.services.identity.invitations.findOpen(first), undefined, 'the first link no longer works');
    assert.equal((await app.services.identity.invitations.findOpen(second))?.accountId, id);

    const withdrawn = await alan.post(`${memberPage(id)}/invitation/withdraw`, {});
    assert.equal(withdrawn.status, 303);
    assert.equal(withdrawn.location, `${memberPage(id)}?changed=withdrawn`);
    assert.equal(
      await app.services.identity.invitations.findOpen(second),
      undefined,
      'the second link no longer works',
    );
    const after = visibleText((await alan.get(withdrawn.location)).text);
    assert.match(after, /Success The invitation has been withdrawn\. Its link no longer works\./);
    assert.match(after, /Status Invitation ended/);
    assert.doesNotMatch(after, /Withdraw the invitation/);
    assert.match(
      visibleText((await alan.get(LIST)).text),
      /Sol Baker Occupational therapist Practitioner Reablement Invitation ended/,
    );

    // A member who has set up their account needs no invitation.
    const priya = await alan.post(`${memberPage(app.ids.staff.priya!)}/invitation/resend`, {});
    assert.equal(priya.status, 400);
    assert.doesNotMatch(priya.text, /\/invitations\//);
  });

  test("the member's page leaves a place for leaving, but not on your own page", async () => {
    const priya = await alan.get(memberPage(app.ids.staff.priya!));
    assert.match(priya.text, new RegExp(`href="${memberPage(app.ids.staff.priya!)}/leave"`));
    const self = await alan.get(memberPage(app.ids.staff.alan!));
    assert.match(visibleText(self.text), /Alan Ward \(you\)/);
    assert.doesNotMatch(self.text, /\/leave"/);
  });

  test("another organisation's administrator gets 404 for the council's staff, and invites into their own only", async () => {
    const { id: invited } = await invite({ email: 'kit.lowe@council.example.org', displayName: 'Kit Lowe' });
    const priyaId = app.ids.staff.priya!;
    for (const id of [priyaId, invited, app.ids.staff.alan!]) {
      assert.equal((await trustAdministrator.get(memberPage(id))).status, 404);
      const change = await trustAdministrator.post(memberPage(id), { role: 'administrator', jobTitle: 'Taken over' });
      assert.equal(change.status, 404);
      assert.equal((await trustAdministrator.post(`${memberPage(id)}/invitation/resend`, {})).status, 404);
      assert.equal((await trustAdministrator.post(`${memberPage(id)}/invitation/withdraw`, {})).status, 404);
    }
    assert.equal((await staffRow('priya.shah@council.example.org')).role, 'practitioner');
    assert.notEqual((await staffRow('kit.lowe@council.example.org')).job_title, 'Taken over');
    assert.ok(
      await app.db
        .selectFrom('invitation')
        .select('id')
        .where('account_id', '=', invited)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst(),
      "the council's invitation is still open",
    );

    const list = visibleText((await trustAdministrator.get(LIST)).text);
    assert.match(list, /Northbridge Hospitals NHS Foundation Trust Staff/);
    assert.doesNotMatch(list, /Priya Shah|Kit Lowe/);

    // An organisation named in the form is ignored: staff are invited into the administrator's own.
    const page = await trustAdministrator.post(`${LIST}/invite`, {
      ...NEW_STARTER,
      email: 'ward.nurse@trust.example.org',
      organisationId: app.ids.organisations.council!,
    });
    assert.equal(page.status, 200);
    assert.equal((await staffRow('ward.nurse@trust.example.org')).organisation_id, app.ids.organisations.trust);
  });

  test('staff who are not administrators, people and signed-out visitors cannot reach staff administration', async () => {
    const priyaId = app.ids.staff.priya!;
    const paths = [LIST, `${LIST}/invite`, memberPage(priyaId)];
    const posts = [`${LIST}/invite`, memberPage(priyaId), `${memberPage(priyaId)}/invitation/resend`];
    for (const email of [
      'priya.shah@council.example.org',
      'helen.price@council.example.org',
      'joan.clarke@trust.example.org',
      'nadia.brooks@council.example.org',
    ]) {
      const client = await signedIn(app, email);
      for (const path of paths) assert.equal((await client.get(path)).status, 404, `${email} GET ${path}`);
      for (const path of posts)
        assert.equal(
          (await client.post(path, { ...NEW_STARTER, email: 'x@council.example.org' })).status,
          404,
          `${email} POST ${path}`,
        );
      assert.doesNotMatch((await client.get('/account/sessions')).text, /href="\/staff\/organisation\/staff"/);
    }
    const aisha = await signedIn(app, 'aisha.khan@example.org');
    for (const path of paths) assert.notEqual((await aisha.get(path)).status, 200, `a person GET ${path}`);
    const signedOut = new TestClient(app.baseUrl);
    assert.equal((await signedOut.get(LIST)).location, '/sign-in');
    assert.equal(
      await app.db
        .selectFrom('staff_account')
        .select('id')
        .where('email', '=', 'x@council.example.org')
        .executeTakeFirst(),
      undefined,
    );

    assert.equal((await alan.get(`${LIST}/not-an-id`)).status, 404);
    assert.equal((await alan.get(memberPage(newId()))).status, 404);
  });
});
