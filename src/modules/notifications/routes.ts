import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../data/actor.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { checkForm, type FormErrors } from '../../web/forms.ts';
import { pageAsked, paginationView } from '../../web/paging.ts';
import { requireSignedIn } from '../identity/index.ts';
import { KIND_HEADINGS, NOTIFICATION_KINDS, type KindChoice } from './kinds.ts';
import { choicesForm } from './routes/choices-form.ts';
import type { NotificationsService } from './service.ts';

// The signed-in account's own inbox and choices. Nothing here is about a record: each item links to one, and the
// record's page checks access as ever.

const signedIn = (request: FastifyRequest): Actor => {
  if (!request.actor) throw notFound();
  return request.actor;
};

const notificationId = (request: FastifyRequest): string => {
  const value = (request.params as { notificationId?: unknown }).notificationId;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
};

const FIRST = NOTIFICATION_KINDS[0];

const choicesView = (choices: readonly KindChoice[]) =>
  choices.map((choice) => ({
    kind: choice.kind,
    heading: KIND_HEADINGS[choice.kind],
    inApp: choice.inApp,
    email: choice.email,
  }));

export function registerNotificationRoutes(app: FastifyInstance, notifications: NotificationsService): void {
  // Queued e-mail is sent while the server runs, and the sender stops (after the message in hand) when it closes.
  let stopSending: (() => Promise<void>) | undefined;
  app.addHook('onReady', async () => {
    stopSending = notifications.startSending(app.log);
  });
  app.addHook('onClose', async () => {
    await stopSending?.();
  });

  app.get('/inbox', { preHandler: requireSignedIn }, async (request, reply) => {
    const actor = signedIn(request);
    const inbox = await notifications.page(actor, pageAsked(request));
    const { done } = request.query as { done?: string };
    return reply.render('notifications/views/inbox.njk', {
      pageTitle: 'Your inbox',
      flash: done === 'read' ? 'Everything in your inbox is marked as read.' : undefined,
      ...inbox,
      pagination: paginationView('/inbox', inbox.page, 'Pages of your inbox'),
    });
  });

  app.post('/inbox/read', { preHandler: requireSignedIn }, async (request, reply) => {
    await notifications.markAllRead(signedIn(request));
    return reply.redirect('/inbox?done=read', 303);
  });

  // Opening a notification marks it read and goes where it leads; another account's notification is not found.
  app.get('/inbox/:notificationId', { preHandler: requireSignedIn }, async (request, reply) => {
    const link = await notifications.open(signedIn(request), notificationId(request));
    if (!link) throw notFound();
    return reply.redirect(link, 303);
  });

  const renderChoices = async (
    actor: Actor,
    reply: FastifyReply,
    status: number,
    extra: { choices?: KindChoice[]; errors?: FormErrors; flash?: string },
  ) =>
    reply.code(status).render('notifications/views/choices.njk', {
      pageTitle: 'How you hear of things',
      backLink: '/inbox',
      emailAvailable: notifications.emailAvailable,
      choices: choicesView(extra.choices ?? (await notifications.choices(actor))),
      // A field that should not be there is reported against the first choice, where the error summary leads.
      errors: extra.errors?.list.map((error) => (error.href === '#form' ? { ...error, href: `#${FIRST}` } : error)),
      errorsByField: extra.errors && {
        ...extra.errors.byField,
        [FIRST]: extra.errors.byField[FIRST] ?? extra.errors.byField.form,
      },
      flash: extra.flash,
    });

  app.get('/account/notifications', { preHandler: requireSignedIn }, async (request, reply) => {
    const { done } = request.query as { done?: string };
    return renderChoices(signedIn(request), reply, 200, {
      flash: done === 'saved' ? 'Your choices have been saved.' : undefined,
    });
  });

  app.post('/account/notifications', { preHandler: requireSignedIn }, async (request, reply) => {
    const actor = signedIn(request);
    const form = checkForm(choicesForm, request.body);
    if (!form.ok) return renderChoices(actor, reply, 400, { errors: form.errors });
    await notifications.saveChoices(actor, form.data);
    return reply.redirect('/account/notifications?done=saved', 303);
  });
}
