import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { INVITATION_DAYS } from '../invitations.ts';
import { passwordProblem, PASSWORD_LENGTH } from '../invitation-acceptance.ts';
import type { OpenInvitation } from '../invitation-store.ts';
import { ROLE_NAMES } from '../roles.ts';
import type { IdentityService } from '../service.ts';
import { setSessionCookie } from './session-hook.ts';

/** A link's token: 32 random bytes in base64url. Anything else names no invitation. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const CODE_WRONG = 'The code is not right or has expired. Enter the 6-digit code showing now in your authenticator app';

/** A new password, typed twice; the rules are passwordProblem's. */
const passwordForm = (email: string) =>
  z
    .object({
      password: z
        .string()
        .catch('')
        .superRefine((password, context) => {
          const problem = passwordProblem(password, email);
          if (problem) context.addIssue({ code: 'custom', message: problem });
        }),
      confirmPassword: z.string().catch('').pipe(z.string().min(1, 'Enter your password again')),
    })
    .refine((form) => form.password === form.confirmPassword, {
      path: ['confirmPassword'],
      message: 'The passwords do not match. Enter the same password twice',
    });

/** The code the app shows, spaces allowed. */
const codeForm = z.object({
  code: z
    .string()
    .catch('')
    .transform((code) => code.replace(/\s/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit code from your authenticator app')
        .regex(/^\d{6}$/, CODE_WRONG),
    ),
});

/** Who invited them and to what, in a sentence: the same on every page of the journey. */
function invitedTo(invitation: OpenInvitation, serviceName: string): string {
  if (invitation.accountKind === 'citizen')
    return `${invitation.invitedByName} has invited you to ${serviceName}, where you can see and help shape your care.`;
  const role = invitation.role ? ROLE_NAMES[invitation.role].toLowerCase() : 'member of staff';
  return `${invitation.invitedByName} has invited you to work for ${invitation.organisationName ?? serviceName} as ${role}.`;
}

/**
 * Accepting an invitation, from the link in it: a password, then for staff a one-time-code app and recovery codes.
 * Nobody is signed in on the way; someone who is must sign out first. A link that does not work (unknown, used,
 * withdrawn, expired, or for a closed account) gets the same page, 404, whatever the reason.
 */
export function registerInvitationRoutes(app: FastifyInstance, identity: IdentityService): void {
  const { acceptance } = identity;

  const tokenOf = (request: FastifyRequest): string | undefined => {
    const token = (request.params as { token?: unknown }).token;
    return typeof token === 'string' && TOKEN.test(token) ? token : undefined;
  };
  const pathOf = (token: string, step = '') => `/invitations/${token}${step}`;

  const linkDoesNotWork = (reply: FastifyReply) =>
    reply
      .code(404)
      .render('identity/views/invitation-closed.njk', { pageTitle: 'This link does not work', days: INVITATION_DAYS });

  /** Someone signed in (or halfway) cannot open another account in the same browser. */
  const signedIn = (request: FastifyRequest) => Boolean(request.actor ?? request.pendingSession);
  const signOutFirst = (request: FastifyRequest, reply: FastifyReply) =>
    reply.code(request.method === 'GET' ? 200 : 400).render('identity/views/invitation-sign-out-first.njk', {
      pageTitle: 'Sign out first',
      name: request.actor?.name ?? request.pendingSession?.actor.name,
    });

  /** Every page of the journey: checks the link and that nobody is signed in, then runs the page. */
  const journey =
    (page: (token: string, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const token = tokenOf(request);
      if (!token) return linkDoesNotWork(reply);
      if (signedIn(request)) return signOutFirst(request, reply);
      return page(token, request, reply);
    };

  const renderPassword = (reply: FastifyReply, token: string, invitation: OpenInvitation, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).render('identity/views/invitation-password.njk', {
      pageTitle: 'Choose a password',
      action: pathOf(token),
      invitation,
      invitedTo: invitedTo(invitation, acceptance.serviceName),
      isStaff: invitation.accountKind === 'staff',
      minLength: PASSWORD_LENGTH.min,
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });

  const renderRecoveryCodes = (reply: FastifyReply, token: string, codes: string[] | null, flash?: string) =>
    reply.render('identity/views/invitation-recovery-codes.njk', {
      pageTitle: codes ? 'Your recovery codes' : 'Get your recovery codes',
      codes,
      showAction: pathOf(token, '/recovery-codes'),
      finishAction: pathOf(token, '/finish'),
      flash,
    });

  app.get(
    '/invitations/:token',
    journey(async (token, _request, reply) => {
      const found = await acceptance.find(token);
      if (!found) return linkDoesNotWork(reply);
      if (found.step === 'app') return reply.redirect(pathOf(token, '/app'), 303);
      if (found.step === 'recovery-codes') return renderRecoveryCodes(reply, token, null);
      return renderPassword(reply, token, found.invitation);
    }),
  );

  app.post(
    '/invitations/:token',
    journey(async (token, request, reply) => {
      const found = await acceptance.find(token);
      if (!found) return linkDoesNotWork(reply);
      if (found.step !== 'password' && found.invitation.accountKind === 'staff')
        return reply.redirect(pathOf(token), 303);
      const form = checkForm(passwordForm(found.invitation.email), request.body);
      if (!form.ok) return renderPassword(reply, token, found.invitation, form.errors);
      const chosen = await acceptance.choosePassword(token, form.data.password, request.headers['user-agent'] ?? '');
      if (chosen.outcome === 'closed') return linkDoesNotWork(reply);
      if (chosen.outcome === 'app') return reply.redirect(pathOf(token, '/app'), 303);
      setSessionCookie(reply, identity, chosen.token);
      reply.renewCsrfSecret();
      return reply.redirect('/my?welcome=1', 303);
    }),
  );

  const renderApp = async (reply: FastifyReply, token: string, errors?: FormErrors) => {
    const enrolment = await acceptance.enrolment(token);
    if (!enrolment) return reply.redirect(pathOf(token), 303);
    return reply.code(errors ? 400 : 200).render('identity/views/invitation-app.njk', {
      pageTitle: 'Set up your authenticator app',
      action: pathOf(token, '/app'),
      ...enrolment,
      issuer: acceptance.serviceName,
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });
  };

  app.get(
    '/invitations/:token/app',
    journey(async (token, _request, reply) => {
      if (!(await acceptance.find(token))) return linkDoesNotWork(reply);
      return renderApp(reply, token);
    }),
  );

  app.post(
    '/invitations/:token/app',
    journey(async (token, request, reply) => {
      const form = checkForm(codeForm, request.body);
      if (!form.ok) {
        if (!(await acceptance.find(token))) return linkDoesNotWork(reply);
        return renderApp(reply, token, form.errors);
      }
      const outcome = await acceptance.proveApp(token, form.data.code);
      if (outcome === 'wrong') return renderApp(reply, token, fieldError('code', CODE_WRONG));
      if (outcome === 'closed')
        return (await acceptance.find(token)) ? reply.redirect(pathOf(token), 303) : linkDoesNotWork(reply);
      const codes = await acceptance.recoveryCodes(token);
      if (!codes) return linkDoesNotWork(reply);
      return renderRecoveryCodes(reply, token, codes, 'Your authenticator app is set up.');
    }),
  );

  app.post(
    '/invitations/:token/recovery-codes',
    journey(async (token, _request, reply) => {
      const codes = await acceptance.recoveryCodes(token);
      if (codes) return renderRecoveryCodes(reply, token, codes);
      return (await acceptance.find(token)) ? reply.redirect(pathOf(token), 303) : linkDoesNotWork(reply);
    }),
  );

  app.post(
    '/invitations/:token/finish',
    journey(async (token, request, reply) => {
      const done = await acceptance.finishStaff(token, request.headers['user-agent'] ?? '');
      if (!done) return (await acceptance.find(token)) ? reply.redirect(pathOf(token), 303) : linkDoesNotWork(reply);
      setSessionCookie(reply, identity, done.token);
      reply.renewCsrfSecret();
      return reply.redirect('/staff?welcome=1', 303);
    }),
  );
}
