import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { generate } from 'otplib';
import { currentTotpCode, passwordMatches } from '../../src/modules/identity/credentials.ts';
import { STAFF_EMAILS } from '../people/helpers.ts';
import {
  signedIn,
  staffActor,
  startTestApp,
  TestClient,
  visibleText,
  type Page,
  type TestApp,
} from '../support/app.ts';
import { testBackend } from '../support/database.ts';

const NEW_PASSWORD = 'walnut kettle harbour 42';
const ALAN = 'alan.ward@council.example.org';

describe(`accepting an invitation (${testBackend()})`, () => {
  let app: TestApp;

  const invitationRow = (accountId: string) =>
    app.db.selectFrom('invitation').selectAll().where('account_id', '=', accountId).executeTakeFirstOrThrow();
  const staffRow = (id: string) =>
    app.db.selectFrom('staff_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** A new member of the council's staff invited by its administrator: their account id and link. */
  async function inviteStaff(email: string, displayName = 'Ben Carter') {
    const sent = await app.services.identity.invitations.inviteStaff(
      {
        organisationId: app.ids.organisations.council!,
        email,
        displayName,
        role: 'practitioner',
        jobTitle: 'Occupational therapist',
        workPhone: null,
        team: null,
      },
      await staffActor(app, app.ids.staff.alan!),
    );
    return { accountId: sent.accountId, link: sent.link };
  }

  async function inviteCitizen(email: string, displayName: string) {
    const sent = await app.services.identity.invitations.inviteCitizen(
      { email, displayName },
      await staffActor(app, app.ids.staff.priya!),
    );
    assert.equal(sent.existingAccount, false);
    return sent as { accountId: string; link: string };
  }

  /** Takes a staff invitation as far as the recovery codes; answers the enrolled secret and the codes page. */
  async function upToRecoveryCodes(client: TestClient, link: string, accountId: string) {
    assert.equal(
      (await client.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).location,
      `${link}/app`,
    );
    const secret = (await invitationRow(accountId)).totp_secret!;
    const page = await client.post(`${link}/app`, { code: await currentTotpCode(secret) });
    assert.equal(page.status, 200, visibleText(page.text).slice(0, 400));
    return { secret, page };
  }

  const codesOn = (page: Page) => [...page.text.matchAll(/<code>([0-9a-z-]+)<\/code>/g)].map((match) => match[1]!);

  async function assertLinkDoesNotWork(link: string) {
    const client = new TestClient(app.baseUrl);
    for (const page of [
      await client.get(link),
      await client.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
      await client.get(`${link}/app`),
      await client.post(`${link}/app`, { code: '123456' }),
      await client.post(`${link}/recovery-codes`, {}),
      await client.post(`${link}/finish`, {}),
    ]) {
      assert.equal(page.status, 404);
      assert.match(
        visibleText(page.text),
        /This link does not work It may have been used already, replaced by a newer link, or be more than 7 days old\. Ask whoever invited you for a new link\./,
      );
    }
  }

  before(async () => {
    app = await startTestApp({ organisationName: 'Northbridge Care Record' });
  });
  after(() => app.close());

  test('a new member of staff chooses a password, enrols their app by QR code, keeps recovery codes and is signed in', async () => {
    const { accountId, link } = await inviteStaff('ben.carter@council.example.org');
    const ben = new TestClient(app.baseUrl);

    const start = await ben.get(link);
    assert.equal(start.status, 200);
    assert.match(
      visibleText(start.text),
      /Set up your account: step 1 of 3 Choose a password Alan Ward has invited you to work for Northbridge City Council as practitioner\. You will sign in with your email address, ben\.carter@council\.example\.org, and this password\./,
    );

    const chosen = await ben.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal(chosen.status, 303);
    assert.equal(chosen.location, `${link}/app`);
    assert.equal((await staffRow(accountId)).password_hash, null, 'the account changes only when accepted');

    const enrol = await ben.get(`${link}/app`);
    assert.equal(enrol.status, 200);
    const secret = (await invitationRow(accountId)).totp_secret!;
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    const qr = /<img src="data:image\/svg\+xml;base64,([^"]+)"[^>]*alt="QR code to scan/.exec(enrol.text);
    assert.ok(qr, 'the QR code is an SVG image in the page');
    assert.match(Buffer.from(qr[1]!, 'base64').toString(), /^<svg[\s\S]*<\/svg>\s*$/);
    assert.match(enrol.headers.get('content-security-policy') ?? '', /img-src 'self' data:/);
    const text = visibleText(enrol.text);
    assert.ok(text.includes(secret.match(/.{1,4}/g)!.join(' ')), 'the secret is shown in groups of four');
    assert.match(text, /Name the account Northbridge Care Record/);
    assert.equal((await ben.get(`${link}/app`)).text.includes(qr[0]), true, 'a second look shows the same QR code');

    // A wrong code, or one that is not a code, says so and changes nothing.
    for (const [code, message] of [
      ['000000', /The code is not right or has expired\. Enter the 6-digit code showing now in your authenticator app/],
      ['', /Enter the 6-digit code from your authenticator app/],
      ['12ab56', /The code is not right or has expired/],
    ] as const) {
      const wrong = await ben.post(`${link}/app`, { code });
      assert.equal(wrong.status, 400);
      assert.match(visibleText(wrong.text), /There is a problem/);
      assert.match(visibleText(wrong.text), message);
      assert.ok(wrong.text.includes('href="#code"'));
      assert.equal((await invitationRow(accountId)).totp_step, null);
    }

    // The secret is the server's: one posted by the browser is ignored.
    const proven = await ben.post(`${link}/app`, {
      code: await currentTotpCode(secret),
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    });
    assert.equal(proven.status, 200);
    const provenText = visibleText(proven.text);
    assert.match(provenText, /Your authenticator app is set up\./);
    assert.match(provenText, /Your recovery codes/);
    assert.match(provenText, /You will not see these codes again\. Print this page or write them down now/);
    const firstCodes = codesOn(proven);
    assert.equal(firstCodes.length, 10);
    assert.equal(new Set(firstCodes).size, 10);

    // Coming back shows no codes: new ones replace the ones shown.
    const back = await ben.get(link);
    assert.equal(back.status, 200);
    assert.match(visibleText(back.text), /Get your recovery codes/);
    assert.equal(codesOn(back).length, 0);
    const again = await ben.post(`${link}/recovery-codes`, {});
    const codes = codesOn(again);
    assert.equal(codes.length, 10);
    assert.ok(codes.every((code) => !firstCodes.includes(code)));
    const stored = await app.db
      .selectFrom('staff_recovery_code')
      .select('used_at')
      .where('staff_account_id', '=', accountId)
      .execute();
    assert.equal(stored.length, 10, 'only the codes shown last work');

    const done = await ben.post(`${link}/finish`, {});
    assert.equal(done.status, 303);
    assert.equal(done.location, '/staff?welcome=1');
    const cookies = done.headers.getSetCookie().join('\n');
    assert.match(cookies, /cw-session=/, 'signed in');
    assert.match(cookies, /cw-csrf=/, 'forms from before signing in stop working');
    const home = await ben.get('/staff?welcome=1');
    assert.equal(home.status, 200, 'a full session: no code to enter');
    assert.match(visibleText(home.text), /Your account is set up and you are signed in\./);

    const account = await staffRow(accountId);
    assert.ok(await passwordMatches(account.password_hash!, NEW_PASSWORD));
    assert.equal(account.totp_secret, secret);
    const invitation = await invitationRow(accountId);
    assert.notEqual(invitation.accepted_at, null);
    assert.deepEqual(
      [invitation.password_hash, invitation.totp_secret],
      [null, null],
      'nothing kept on the invitation',
    );

    // The link works once.
    await assertLinkDoesNotWork(link);

    // They sign in with the password and their app; the code used at enrolment cannot be used again.
    const later = new TestClient(app.baseUrl);
    const signIn = await later.post('/sign-in', { email: 'ben.carter@council.example.org', password: NEW_PASSWORD });
    assert.equal(signIn.location, '/sign-in/code');
    const nextCode = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    assert.equal((await later.post('/sign-in/code', { code: nextCode })).status, 303);
    assert.equal((await later.get('/staff')).status, 200);
  });

  test('the password must be 12 to 1,000 characters, not the email address, and typed twice the same', async () => {
    const { accountId, link } = await inviteStaff('dee.rowe@council.example.org', 'Dee Rowe');
    const client = new TestClient(app.baseUrl);
    for (const [password, confirmPassword, field, message] of [
      ['', '', 'password', /Enter a password/],
      ['short pass', 'short pass', 'password', /Your password must be at least 12 characters/],
      ['x'.repeat(1001), 'x'.repeat(1001), 'password', /Your password must be 1,000 characters or fewer/],
      ['Dee.Rowe@council.example.org', 'Dee.Rowe@council.example.org', 'password', /must not be your email address/],
      [NEW_PASSWORD, '', 'confirmPassword', /Enter your password again/],
      [
        NEW_PASSWORD,
        `${NEW_PASSWORD}!`,
        'confirmPassword',
        /The passwords do not match\. Enter the same password twice/,
      ],
    ] as const) {
      const page = await client.post(link, { password, confirmPassword });
      assert.equal(page.status, 400, message.source);
      const text = visibleText(page.text);
      assert.match(text, /There is a problem/);
      assert.match(text, message);
      assert.ok(page.text.includes(`href="#${field}"`));
      assert.ok(!page.text.includes(password) || password === '', 'the password is never shown back');
      assert.equal((await invitationRow(accountId)).password_hash, null, 'nothing kept');
    }
  });

  test('a person chooses a password and goes straight to their home, signed in', async () => {
    const { accountId, link } = await inviteCitizen('rosa.ellis@example.org', 'Rosa Ellis');
    const rosa = new TestClient(app.baseUrl);
    const start = visibleText((await rosa.get(link)).text);
    assert.match(start, /Choose a password Priya Shah has invited you to Northbridge Care Record/);
    assert.doesNotMatch(start, /step 1 of 3|authenticator/);
    assert.equal((await rosa.get(`${link}/app`)).location, link, 'a person has no app to enrol');
    const done = await rosa.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/my?welcome=1');
    assert.match(done.headers.getSetCookie().join('\n'), /cw-csrf=/);
    const home = await rosa.get('/my?welcome=1');
    assert.equal(home.status, 200);
    assert.match(visibleText(home.text), /Your account is set up and you are signed in\./);
    const account = await app.db
      .selectFrom('person_account')
      .select('password_hash')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    assert.ok(await passwordMatches(account.password_hash!, NEW_PASSWORD));
    await assertLinkDoesNotWork(link);
    const later = new TestClient(app.baseUrl);
    assert.equal(
      (await later.post('/sign-in', { email: 'rosa.ellis@example.org', password: NEW_PASSWORD })).location,
      '/',
    );
  });

  test('unknown, malformed, expired, withdrawn and closed-account links all get the same page, and change nothing', async () => {
    await assertLinkDoesNotWork(`/invitations/${randomBytes(32).toString('base64url')}`);
    await assertLinkDoesNotWork('/invitations/not-a-token');

    const expired = await inviteStaff('old.link@council.example.org', 'Olu Link');
    await app.db
      .updateTable('invitation')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('account_id', '=', expired.accountId)
      .execute();
    await assertLinkDoesNotWork(expired.link);

    const withdrawn = await inviteStaff('with.drawn@council.example.org', 'Wyn Drawn');
    await app.services.identity.invitations.withdraw(withdrawn.accountId, await staffActor(app, app.ids.staff.alan!));
    await assertLinkDoesNotWork(withdrawn.link);

    // Closed halfway through: a password chosen, then the account closed, as when someone leaves before starting.
    const closed = await inviteStaff('clo.sed@council.example.org', 'Clo Sed');
    const client = new TestClient(app.baseUrl);
    await client.post(closed.link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    await app.db
      .updateTable('staff_account')
      .set({ disabled_at: new Date() })
      .where('id', '=', closed.accountId)
      .execute();
    await assertLinkDoesNotWork(closed.link);

    for (const id of [expired.accountId, withdrawn.accountId, closed.accountId])
      assert.equal((await staffRow(id)).password_hash, null);
  });

  test('no step can be skipped: recovery codes and finishing wait for a proven app', async () => {
    const { accountId, link } = await inviteStaff('skip.ahead@council.example.org', 'Skip Ahead');
    const client = new TestClient(app.baseUrl);
    assert.equal((await client.post(`${link}/finish`, {})).location, link);
    await client.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal((await client.post(`${link}/recovery-codes`, {})).location, link);
    assert.equal((await client.post(`${link}/finish`, {})).location, link);
    assert.equal((await client.get(link)).location, `${link}/app`);
    const codes = await app.db
      .selectFrom('staff_recovery_code')
      .select('code_hash')
      .where('staff_account_id', '=', accountId)
      .execute();
    assert.equal(codes.length, 0);
    assert.equal((await invitationRow(accountId)).accepted_at, null);
    assert.equal((await staffRow(accountId)).password_hash, null);
  });

  test('two tabs finishing at once: one is signed in, the other is told the link does not work', async () => {
    const { accountId, link } = await inviteStaff('two.tabs@council.example.org', 'Tam Tabs');
    const first = new TestClient(app.baseUrl);
    const second = new TestClient(app.baseUrl);
    await upToRecoveryCodes(first, link, accountId);
    await second.get(link);
    const pages = await Promise.all([first.post(`${link}/finish`, {}), second.post(`${link}/finish`, {})]);
    assert.deepEqual(pages.map((page) => page.status).toSorted(), [303, 404]);
    const sessions = await app.db.selectFrom('session').select('id').where('account_id', '=', accountId).execute();
    assert.equal(sessions.length, 1, 'one session started');

    // However closely the requests race (both past the first look at the link), only one accepts it.
    const racing = await inviteStaff('race.condition@council.example.org', 'Ray Singh');
    await upToRecoveryCodes(new TestClient(app.baseUrl), racing.link, racing.accountId);
    const token = racing.link.split('/').at(-1)!;
    const finished = await Promise.all(
      Array.from({ length: 4 }, () => app.services.identity.acceptance.finishStaff(token, 'test')),
    );
    assert.equal(finished.filter(Boolean).length, 1);
    const raced = await app.db.selectFrom('session').select('id').where('account_id', '=', racing.accountId).execute();
    assert.equal(raced.length, 1);
  });

  test('someone already signed in is asked to sign out first, and nothing changes', async () => {
    const { accountId, link } = await inviteStaff('signed.in@council.example.org', 'Sig Nedin');
    const priya = await signedIn(app, STAFF_EMAILS.priya);
    const page = await priya.get(link);
    assert.equal(page.status, 200);
    assert.match(
      visibleText(page.text),
      /Sign out first You are signed in as Priya Shah\. This link sets up a new account/,
    );
    const posted = await priya.post(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal(posted.status, 400);
    assert.equal((await invitationRow(accountId)).password_hash, null);
    const alan = await signedIn(app, ALAN);
    assert.match(visibleText((await alan.get(link)).text), /Sign out first/);
  });
});
