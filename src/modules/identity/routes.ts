import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { IdentityService } from './service.ts';
import { AppError, notFound } from '../../errors.ts';
import { checkForm, fieldError } from '../../web/forms.ts';
import { requiredEmail } from '../../web/text-fields.ts';
import { registerOrganisationRoutes } from './routes/organisation.ts';
import { registerInvitationRoutes } from './routes/invitation.ts';
import { registerOrganisationAdministrationRoutes } from './routes/organisations-admin.ts';
import { registerStaffAdministrationRoutes } from './routes/staff-admin.ts';
import { registerSecondFactorRoutes } from './routes/second-factor.ts';
import { registerContactRoutes } from './routes/contact.ts';
import { clearSessionCookie, requireSignedIn, setSessionCookie } from './routes/session-hook.ts';

const signInForm = z.object({
  email: requiredEmail('Enter your email address'),
  password: z.string().min(1, 'Enter your password').max(1000, 'Password must be 1,000 characters or fewer'),
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
    if (result.outcome === 'wrong-details' || result.outcome === 'not-enrolled') {
      const errors = fieldError(
        'email',
        result.outcome === 'wrong-details'
          ? 'The email address or password is not right. Check them and try again.'
          : 'Your account is not set up yet. Use the link in your invitation to set it up, or ask your administrator for a new invitation.',
      );
      return reply.code(400).render('identity/views/sign-in.njk', {
        pageTitle: 'Sign in',
        errors: errors.list,
        fieldErrors: errors.byField,
        values: { email: form.data.email },
      });
    }
    setSessionCookie(reply, identity, result.token);
    reply.renewCsrfSecret();
    return reply.redirect(result.needsSecondFactor ? '/sign-in/code' : '/', 303);
  });

  registerSecondFactorRoutes(app, identity);

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
      isStaff: request.actor!.kind === 'staff',
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
  registerInvitationRoutes(app, identity);
  registerStaffAdministrationRoutes(app, identity);
  registerOrganisationAdministrationRoutes(app, identity);
  registerContactRoutes(app, identity.contactDetails);
}
