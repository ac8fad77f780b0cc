import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IdentityService } from './service.ts';
import { AppError, notFound } from '../../errors.ts';
import { checkForm, fieldError } from '../../web/forms.ts';
import { registerOrganisationRoutes } from './routes/organisation.ts';
import { clearSessionCookie, requireSignedIn, setSessionCookie } from './routes/session-hook.ts';

const signInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.org'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Password must be 1,000 characters or fewer'),
});
const codeForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'),
});

const homeFor = (kind: 'staff' | 'citizen') => (kind === 'staff' ? '/staff' : '/my');

export function registerIdentityRoutes(app: FastifyInstance, identity: IdentityService): void {
  app.get('/', async (request, reply) => reply.redirect(request.actor ? homeFor(request.actor.kind) : '/sign-in', 303));

  app.get('/sign-in', async (request, reply) => {
    if (request.actor) return reply.redirect(homeFor(request.actor.kind), 303);
    return reply.render('identity/views/sign-in.njk', { pageTitle: 'Sign in', values: {} });
  });

  app.post('/sign-in', async (request, reply) => {
    const form = checkForm(signInForm, request.body);
    if (!form.ok)
      return reply.code(400).render('identity/views/sign-in.njk', {
        pageTitle: 'Sign in',
        errors: form.errors.list,
        fieldErrors: form.errors.byField,
        values: { email: form.values.email },
      });
    const result = await identity.signIn(
      form.data.email,
      form.data.password,
      request.ip,
      request.headers['user-agent'] ?? '',
    );
    if (result.outcome === 'throttled') throw new AppError('CW_THROTTLED');
    if (result.outcome === 'wrong-details') {
      const errors = fieldError('email', 'The email address or password is not right. Check them and try again.');
      return reply.code(400).render('identity/views/sign-in.njk', {
        pageTitle: 'Sign in',
        errors: errors.list,
        fieldErrors: errors.byField,
        values: { email: form.data.email },
      });
    }
    setSessionCookie(reply, identity, result.token);
    return reply.redirect(result.needsSecondFactor ? '/sign-in/code' : '/', 303);
  });

  app.get('/sign-in/code', async (request, reply) => {
    if (!request.pendingSession) return reply.redirect('/sign-in', 303);
    return reply.render('identity/views/second-factor.njk', { pageTitle: 'Enter your code' });
  });

  app.post('/sign-in/code', async (request, reply) => {
    const session = request.pendingSession;
    if (!session) return reply.redirect('/sign-in', 303);
    const form = checkForm(codeForm, request.body);
    const errors = !form.ok
      ? form.errors
      : (await identity.confirmSecondFactor(session, form.data.code))
        ? null
        : fieldError(
            'code',
            'The code is not right or has expired. Enter the code showing now in your authenticator app.',
          );
    if (errors)
      return reply.code(400).render('identity/views/second-factor.njk', {
        pageTitle: 'Enter your code',
        errors: errors.list,
        fieldErrors: errors.byField,
      });
    return reply.redirect('/', 303);
  });

  app.post('/sign-out', async (request, reply) => {
    const session = request.actor
      ? { id: request.sessionId!, accountId: request.actor.id }
      : request.pendingSession && { id: request.pendingSession.id, accountId: request.pendingSession.actor.id };
    if (session) await identity.signOut(session.id, session.accountId);
    clearSessionCookie(reply, identity);
    return reply.redirect('/sign-in', 303);
  });

  app.get('/account/sessions', { preHandler: requireSignedIn }, async (request, reply) => {
    const sessions = await identity.listSessions(request.actor!.id);
    return reply.render('identity/views/sessions.njk', {
      pageTitle: 'Your sessions',
      sessions: sessions.map((session) => ({
        ...session,
        current: session.id === request.sessionId,
        key: session.id.slice(0, 16),
      })),
    });
  });

  app.post('/account/sessions/end', { preHandler: requireSignedIn }, async (request, reply) => {
    const session = (request.body as { session?: unknown }).session;
    const key = typeof session === 'string' ? session : '';
    const sessions = await identity.listSessions(request.actor!.id);
    const target = sessions.find((session) => session.id.slice(0, 16) === key);
    if (!target) throw notFound();
    await identity.signOut(target.id, request.actor!.id);
    if (target.id === request.sessionId) {
      clearSessionCookie(reply, identity);
      return reply.redirect('/sign-in', 303);
    }
    return reply.redirect('/account/sessions', 303);
  });

  app.post('/account/sessions/end-all', { preHandler: requireSignedIn }, async (request, reply) => {
    await identity.signOutEverywhere(request.actor!.id);
    clearSessionCookie(reply, identity);
    return reply.redirect('/sign-in', 303);
  });

  registerOrganisationRoutes(app, identity);
}
