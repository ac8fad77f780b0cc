import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { normaliseRecoveryCode } from '../recovery-codes.ts';
import type { SecondFactor, SecondFactorResult } from '../second-factor.ts';
import type { IdentityService } from '../service.ts';
import { clearSessionCookie, requireStaff, setSessionCookie } from './session-hook.ts';

const typed = (value: unknown) => (typeof value === 'string' ? value : '');
const codeForm = z.object({
  code: z.preprocess(
    typed,
    z
      .string()
      .trim()
      .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'),
  ),
});
const recoveryCodeForm = z.object({
  code: z.preprocess(
    typed,
    z
      .string()
      .trim()
      .refine((code) => normaliseRecoveryCode(code) !== undefined, {
        message: 'Enter a recovery code: 12 letters and numbers, like 7kq2-m9xd-3fvb',
      }),
  ),
});

/** The two ways to finish signing in, each with its page and what a wrong code says. */
const PAGES = {
  'one-time-code': {
    path: '/sign-in/code',
    template: 'identity/views/second-factor.njk',
    pageTitle: 'Enter your code',
    form: codeForm,
    wrong:
      'The code is not right or has expired, or it has been used already. Enter the code showing now in your authenticator app.',
  },
  'recovery-code': {
    path: '/sign-in/recovery-code',
    template: 'identity/views/recovery-code.njk',
    pageTitle: 'Enter a recovery code',
    form: recoveryCodeForm,
    wrong: 'The recovery code is not right or has been used. Check it and try again, or use another.',
  },
} as const;

const triesLeft = (tries: number) => (tries === 1 ? 'You can try 1 more time.' : `You can try ${tries} more times.`);
const minutes = (count: number) => (count === 1 ? '1 minute' : `${count} minutes`);

/**
 * The second step of a member of staff's sign-in: the code from their authenticator app, or one of their
 * recovery codes instead. Wrong codes are limited per sign-in and per account.
 */
export function registerSecondFactorRoutes(app: FastifyInstance, identity: IdentityService): void {
  for (const [kind, page] of Object.entries(PAGES) as [SecondFactor['kind'], (typeof PAGES)[SecondFactor['kind']]][]) {
    const render = (reply: FastifyReply, status: number, errors?: FormErrors) =>
      reply.code(status).render(page.template, {
        pageTitle: page.pageTitle,
        errors: errors?.list,
        fieldErrors: errors?.byField ?? {},
      });

    app.get(page.path, async (request, reply) => {
      if (!request.pendingSession) return reply.redirect('/sign-in', 303);
      return render(reply, 200);
    });

    app.post(page.path, async (request, reply) => {
      const session = request.pendingSession;
      if (!session) return reply.redirect('/sign-in', 303);
      const form = checkForm(page.form, request.body);
      if (!form.ok) return render(reply, 400, form.errors);
      const result: SecondFactorResult = await identity.secondFactor.confirm(
        session,
        { kind, code: form.data.code },
        request.ip,
      );
      switch (result.outcome) {
        case 'signed-in':
          setSessionCookie(reply, identity, result.token);
          reply.renewCsrfSecret();
          return reply.redirect(result.recoveryCodesLeft === undefined ? '/' : '/sign-in/recovery-code/used', 303);
        case 'wrong':
          return render(reply, 400, fieldError('code', `${page.wrong} ${triesLeft(result.triesLeft)}`));
        case 'wait':
          return render(
            reply,
            429,
            fieldError(
              'code',
              `There have been too many wrong codes for your account. Wait ${minutes(result.minutes)}, then try again.`,
            ),
          );
        case 'start-again': {
          clearSessionCookie(reply, identity);
          reply.renewCsrfSecret();
          // The sign-in page shown now belongs to no session: its form's token must say so.
          request.pendingSession = null;
          const errors = fieldError(
            'email',
            'You entered a wrong code too many times. Sign in again with your email address and password.',
          );
          return reply.code(400).render('identity/views/sign-in.njk', {
            pageTitle: 'Sign in',
            errors: errors.list,
            fieldErrors: errors.byField,
            values: {},
          });
        }
      }
    });
  }

  app.get('/sign-in/recovery-code/used', { preHandler: requireStaff }, async (request, reply) =>
    reply.render('identity/views/recovery-code-used.njk', {
      pageTitle: 'You signed in with a recovery code',
      flash: 'You signed in with a recovery code. That code will not work again.',
      left: await identity.recoveryCodes.left(request.actor!.id),
    }),
  );
}
