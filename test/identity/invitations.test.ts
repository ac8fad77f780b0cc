import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { AppError } from '../../src/errors.ts';
import { createIdentityService, createIdentityStore } from '../../src/modules/identity/index.ts';
import { signedIn, staffActor, startTestApp, visibleText, type TestApp } from '../support/app.ts';
import { testBackend } from '../support/database.ts';
import { startTestMailServer } from '../support/smtp.ts';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

describe('mail and link configuration', () => {
  test('MAIL_URL, MAIL_FROM and PUBLIC_URL are checked, each with a message saying what to fix', () => {
    const refusals: [NodeJS.ProcessEnv, RegExp][] = [
      [
        { MAIL_URL: 'http://mail.example.org' },
        /^MAIL_URL must look like smtp:\/\/user:password@mail\.example\.org:587/,
      ],
      [{ MAIL_URL: 'mail.example.org:25' }, /^MAIL_URL must look like smtp:\/\//],
      [{ MAIL_FROM: 'careweave at example' }, /^MAIL_FROM must be an email address, like careweave@example\.org$/],
      [{ PUBLIC_URL: 'care.example.org' }, /^PUBLIC_URL must be the address people use to reach Careweave/],
      [{ PUBLIC_URL: 'https://care.example.org/invite?x=1' }, /^PUBLIC_URL must be the address/],
      [{ PUBLIC_URL: 'javascript:alert(1)' }, /^PUBLIC_URL must be the address/],
      [
        { MAIL_URL: 'smtp://mail.example.org:587', PUBLIC_URL: 'https://care.example.org' },
        /^MAIL_URL is set, so MAIL_FROM \(the address invitations come from\) and PUBLIC_URL \(for the links in them\) must be set too$/,
      ],
      [
        { MAIL_URL: 'smtp://mail.example.org:587', MAIL_FROM: 'careweave@example.org' },
        /^MAIL_URL is set, so MAIL_FROM/,
      ],
    ];
    for (const [environment, message] of refusals)
      assert.throws(() => loadConfig(environment), { name: 'ConfigError', message }, JSON.stringify(environment));
    // The password in a refused MAIL_URL is never repeated back.
    assert.throws(
      () => loadConfig({ MAIL_URL: 'ftp://user:s3cret-pass@host' }),
      (error: Error) => !/s3cret/.test(error.message),
    );

    const config = loadConfig({
      MAIL_URL: 'smtps://user:pass@mail.example.org:465',
      MAIL_FROM: 'careweave@example.org',
      PUBLIC_URL: 'https://care.example.org/',
    });
    assert.deepEqual(config.mail, { url: 'smtps://user:pass@mail.example.org:465', from: 'careweave@example.org' });
    assert.equal(config.publicUrl, 'https://care.example.org');
    assert.equal(loadConfig({}).mail, undefined, 'without MAIL_URL, links are shown instead');
  });
});

describe(`invitations by e-mail, and the invitation store (${testBackend()})`, () => {
  let app: TestApp;
  let mail: Awaited<ReturnType<typeof startTestMailServer>>;

  before(async () => {
    mail = await startTestMailServer();
    app = await startTestApp({
      mail: { url: `smtp://127.0.0.1:${mail.port}`, from: 'careweave@northbridge.example.org' },
      publicUrl: 'https://care.example.org',
      organisationName: 'Northbridge Careweave',
    });
  });
  after(async () => {
    await app.close();
    await mail.close();
  });

  test('with a mail server, the invitation is e-mailed and the page does not show the link', async () => {
    const alan = await signedIn(app, 'alan.ward@council.example.org');
    const page = await alan.post('/staff/organisation/staff/invite', {
      displayName: 'Rosa Mendes',
      email: 'rosa.mendes@council.example.org',
      role: 'manager',
      jobTitle: 'Reablement manager',
      workPhone: '',
      team: '',
    });
    assert.equal(page.status, 200);
    const text = visibleText(page.text);
    assert.match(text, /We have emailed an invitation to Rosa Mendes at rosa\.mendes@council\.example\.org/);
    assert.doesNotMatch(page.text, /\/invitations\//, 'the link is only in the e-mail');

    assert.equal(mail.received.length, 1);
    const [message] = mail.received;
    assert.equal(message!.from, 'careweave@northbridge.example.org');
    assert.deepEqual(message!.to, ['rosa.mendes@council.example.org']);
    assert.match(message!.raw, /^Subject: Set up your Northbridge Careweave account\r?$/m);
    const body = message!.text;
    assert.match(body, /Dear Rosa Mendes,/);
    assert.match(
      body,
      /Alan Ward has invited you to Northbridge Careweave to work for Northbridge City Council as manager\./,
    );
    assert.match(body, /The link works once\. It stops working on /);
    const token = /https:\/\/care\.example\.org\/invitations\/([A-Za-z0-9_-]{43})/.exec(body)?.[1];
    assert.ok(token, 'the e-mail has the absolute link');
    const invitation = await app.services.identity.invitations.findOpen(token);
    assert.equal(invitation?.email, 'rosa.mendes@council.example.org');
    assert.equal(invitation?.role, 'manager');
    const row = await app.db
      .selectFrom('invitation')
      .select('token_hash')
      .where('account_id', '=', invitation.accountId)
      .executeTakeFirstOrThrow();
    assert.equal(row.token_hash, hashOf(token));
  });

  test('when the mail server cannot be reached, the link is given to the sender instead', async () => {
    const unreachable = await startTestMailServer();
    await unreachable.close(); // a port where nothing listens now
    const identity = createIdentityService(createIdentityStore(app.db), {
      ...app.services.config,
      mail: { url: `smtp://127.0.0.1:${unreachable.port}`, from: 'careweave@northbridge.example.org' },
    });
    const alan = await staffActor(app, app.ids.staff.alan!);
    const sent = await identity.invitations.inviteStaff(
      {
        organisationId: alan.organisationId,
        email: 'no.mail@council.example.org',
        displayName: 'Noah Mail',
        role: 'practitioner',
        jobTitle: 'Social worker',
        workPhone: null,
        team: null,
      },
      alan,
    );
    assert.equal(sent.emailed, false);
    assert.equal(sent.mailFailed, true);
    assert.match(sent.link, /^https:\/\/care\.example\.org\/invitations\/[A-Za-z0-9_-]{43}$/);
    assert.equal((await identity.invitations.findOpen(sent.link.split('/').pop()!))?.displayName, 'Noah Mail');
  });

  test("a person's invitation makes an account with no password, or finds the account that has the email", async () => {
    const priya = await staffActor(app, app.ids.staff.priya!);
    const invitations = app.services.identity.invitations;
    const before = mail.received.length;

    const made = await invitations.inviteCitizen({ email: ' Zara.Ali@Example.org ', displayName: 'Zara Ali' }, priya);
    assert.equal(made.existingAccount, false);
    assert.ok(!made.existingAccount && made.emailed);
    const account = await app.db
      .selectFrom('person_account')
      .selectAll()
      .where('email', '=', 'zara.ali@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(account.id, made.accountId);
    assert.equal(account.password_hash, null);
    assert.equal(mail.received.length, before + 1);
    assert.match(mail.received.at(-1)!.text, /Priya Shah of Northbridge City Council has invited you/);
    const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail.received.at(-1)!.text)![1]!;
    const open = await invitations.findOpen(token);
    assert.equal(open?.accountKind, 'citizen');
    assert.equal(open?.organisationName, null);
    assert.equal((await invitations.openInvitationFor(made.accountId))?.invitedByName, 'Priya Shah');

    // An existing person's account is returned, and nothing is sent or made.
    const invitationRows = async () => (await app.db.selectFrom('invitation').select('id').execute()).length;
    const rowsBefore = await invitationRows();
    const existing = await invitations.inviteCitizen({ email: 'AISHA.KHAN@example.org', displayName: 'Aisha' }, priya);
    assert.deepEqual(existing, {
      existingAccount: true,
      accountId: (
        await app.db
          .selectFrom('person_account')
          .select('id')
          .where('email', '=', 'aisha.khan@example.org')
          .executeTakeFirstOrThrow()
      ).id,
    });
    assert.equal(await invitationRows(), rowsBefore);
    assert.equal(mail.received.length, before + 1);

    // A member of staff's work email is not a person's account.
    await assert.rejects(
      invitations.inviteCitizen({ email: 'helen.price@council.example.org', displayName: 'Helen' }, priya),
      (error: AppError) => error.code === 'CW_CONFLICT' && /work account/.test(error.message),
    );

    // Resending a person's invitation replaces the link.
    const resent = await invitations.resend(made.accountId, priya);
    assert.equal(await invitations.findOpen(token), undefined);
    assert.ok(resent.emailed);
  });

  test('an invitation opens only while it is not used, withdrawn, expired or its account closed', async () => {
    const alan = await staffActor(app, app.ids.staff.alan!);
    const invitations = app.services.identity.invitations;
    const store = createIdentityStore(app.db);
    const identity = createIdentityService(store, { ...app.services.config, mail: undefined });
    const invite = (email: string) =>
      identity.invitations.inviteStaff(
        {
          organisationId: alan.organisationId,
          email,
          displayName: 'Pat Lane',
          role: 'practitioner',
          jobTitle: 'Nurse',
          workPhone: null,
          team: null,
        },
        alan,
      );
    const tokenOf = (sent: { link: string }) => sent.link.split('/').pop()!;

    const sent = await invite('pat.lane@council.example.org');
    assert.equal(sent.emailed, false);
    assert.equal(sent.mailFailed, false);
    assert.match(sent.link, /^https:\/\/care\.example\.org\/invitations\//);
    const token = tokenOf(sent);
    const open = await invitations.findOpen(token);
    assert.ok(open);
    assert.equal(await invitations.findOpen(`${token}x`), undefined);

    // Expired: not after seven days.
    const eightDays = new Date(Date.now() + 8 * 86_400_000);
    assert.equal(await invitations.findOpen(token, eightDays), undefined);
    assert.equal(await store.markInvitationAccepted(open.id, eightDays), false);

    // Used once only: the second acceptance is refused, and the link no longer opens.
    assert.equal(await store.markInvitationAccepted(open.id, new Date()), true);
    assert.equal(await store.markInvitationAccepted(open.id, new Date()), false);
    assert.equal(await invitations.findOpen(token), undefined);

    // Withdrawn, and a closed account.
    const second = await invite('pat.second@council.example.org');
    assert.equal(await invitations.withdraw(second.accountId, alan), true);
    assert.equal(await invitations.withdraw(second.accountId, alan), false, 'nothing left open to withdraw');
    assert.equal(await invitations.findOpen(tokenOf(second)), undefined);
    const third = await invite('pat.third@council.example.org');
    await app.db
      .updateTable('staff_account')
      .set({ disabled_at: new Date() })
      .where('id', '=', third.accountId)
      .execute();
    assert.equal(await invitations.findOpen(tokenOf(third)), undefined);
    await assert.rejects(invitations.resend(third.accountId, alan), (error: AppError) => error.code === 'CW_REFUSED');

    // Staff of another organisation, and anyone who is not an administrator, cannot invite into the council.
    const grace = await staffActor(app, app.ids.staff.grace!);
    const priya = await staffActor(app, app.ids.staff.priya!);
    for (const by of [grace, priya, { ...grace, role: 'administrator' as const }])
      await assert.rejects(
        identity.invitations.inviteStaff(
          {
            organisationId: alan.organisationId,
            email: 'sneaky@council.example.org',
            displayName: 'Sneaky',
            role: 'administrator',
            jobTitle: 'x',
            workPhone: null,
            team: null,
          },
          by,
        ),
        (error: AppError) => error.code === 'CW_NOT_FOUND',
      );
    await assert.rejects(
      invitations.resend(third.accountId, { ...grace, role: 'administrator' }),
      (error: AppError) => error.code === 'CW_NOT_FOUND',
    );
  });
});
