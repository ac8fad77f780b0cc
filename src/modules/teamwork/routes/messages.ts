import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../../errors.ts';
import { isUuid } from '../../../ids.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pageAsked } from '../../../web/paging.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import { requireSignedIn } from '../../identity/index.ts';
import { choicesForm, MESSAGE_MAX, messageForm, newMessageForm } from './message-forms.ts';
import { MessageRefusal, type MessageService } from '../messages-service.ts';

// The pages of messages: the conversations, one conversation with its form, and who takes part.

type Form = { values: Record<string, unknown>; errors?: FormErrors };

const messagesPath = (personId: string) => `/people/${personId}/messages`;

/** The conversation in the path: 'team', or a one-to-one conversation's id; anything else names nothing. */
function conversationKey(request: FastifyRequest): string {
  const value = (request.params as { conversationId?: unknown }).conversationId;
  if (value === 'team') return value;
  if (!isUuid(value)) throw notFound();
  return value.toLowerCase();
}

/** A conversation the reader is not in does not exist for them (the attempt is in the person's access log). */
const unlessInConversation = <T>(work: () => Promise<T>) =>
  unlessRefused(work, 'CW_FORBIDDEN', () => {
    throw notFound();
  });

/** A refusal by the field it is about. */
const refusalErrors = (error: Error, otherwise: 'to' | 'text' | 'circle') =>
  fieldError(error instanceof MessageRefusal ? error.field : otherwise, error.message);

export function registerMessageRoutes(app: FastifyInstance, messages: MessageService): void {
  async function renderList(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const page = await unlessInConversation(() => messages.conversations(request.personData, personId, new Date()));
    const writable = page.conversations.filter((conversation) => conversation.open);
    return reply.render('teamwork/views/messages.njk', {
      pageTitle: page.forSelf ? 'Your messages' : `Messages – ${page.name}`,
      backLink: `/people/${personId}`,
      personId,
      ...page,
      flash: (request.query as { saved?: string }).saved === '1' ? 'Your choices have been saved.' : undefined,
      maxLength: MESSAGE_MAX,
      to: writable.map((conversation) => ({
        value: conversation.key,
        text: conversation.title,
        checked: form.values.to === conversation.key || writable.length === 1,
      })),
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/messages', { preHandler: requireSignedIn }, async (request, reply) =>
    renderList(request, reply, { values: {} }),
  );

  app.post('/people/:personId/messages', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(newMessageForm(), request.body);
    if (!form.ok) return renderList(request, reply.code(400), form);
    const { to, text } = form.data;
    return unlessRefused(
      async () => {
        const key = await unlessInConversation(() =>
          messages.send(request.personData, personId, { key: to, text, chosen: true }, new Date()),
        );
        return reply.redirect(`${messagesPath(personId)}/${key}?sent=1`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderList(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: refusalErrors(error, 'to'),
        }),
    );
  });

  async function renderChoices(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const page = await messages.choices(request.personData, personId, new Date());
    const ticked = (field: string, fallback: string[]) =>
      new Set(form.values[field] === undefined && !form.errors ? fallback : [form.values[field] ?? []].flat());
    const circle = ticked(
      'circle',
      page.circle.filter((member) => member.chosen).map((member) => member.id),
    );
    const oneToOne = ticked(
      'one_to_one',
      page.team.filter((member) => member.allowed).map((member) => member.id),
    );
    return reply.render('teamwork/views/message-people.njk', {
      pageTitle: page.forSelf ? 'Who takes part in your messages' : `Who takes part in ${page.name}’s messages`,
      backLink: messagesPath(personId),
      personId,
      ...page,
      circleItems: page.circle.map((member) => ({
        value: member.id,
        text: `${member.name} (${member.relationship})`,
        checked: circle.has(member.id),
      })),
      teamItems: page.team.map((member) => ({
        value: member.id,
        text: `${member.name} (${member.jobTitle})`,
        checked: oneToOne.has(member.id),
      })),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/messages/people', { preHandler: requireSignedIn }, async (request, reply) =>
    renderChoices(request, reply, { values: {} }),
  );

  app.post('/people/:personId/messages/people', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(choicesForm(), request.body);
    if (!form.ok) return renderChoices(request, reply.code(400), form);
    return unlessRefused(
      async () => {
        await messages.saveChoices(
          request.personData,
          personId,
          { circle: form.data.circle, oneToOne: form.data.one_to_one },
          new Date(),
        );
        return reply.redirect(`${messagesPath(personId)}?saved=1`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderChoices(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: refusalErrors(error, 'circle'),
        }),
    );
  });

  async function renderConversation(request: FastifyRequest, reply: FastifyReply, form: Form) {
    const personId = pathId(request, 'personId');
    const key = conversationKey(request);
    const page = await unlessInConversation(() =>
      messages.conversation(request.personData, personId, key, new Date(), pageAsked(request)),
    );
    return reply.render('teamwork/views/conversation.njk', {
      pageTitle: page.title,
      backLink: messagesPath(personId),
      personId,
      ...page,
      maxLength: MESSAGE_MAX,
      flash: (request.query as { sent?: string }).sent === '1' ? 'Your message has been sent.' : undefined,
      values: form.values,
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/messages/:conversationId', { preHandler: requireSignedIn }, async (request, reply) =>
    renderConversation(request, reply, { values: {} }),
  );

  app.post('/people/:personId/messages/:conversationId', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const key = conversationKey(request);
    const form = checkForm(messageForm(), request.body);
    if (!form.ok) return renderConversation(request, reply.code(400), form);
    return unlessRefused(
      async () => {
        await unlessInConversation(() =>
          messages.send(request.personData, personId, { key, text: form.data.text, chosen: false }, new Date()),
        );
        return reply.redirect(`${messagesPath(personId)}/${key}?sent=1`, 303);
      },
      'CW_REFUSED',
      (error) =>
        renderConversation(request, reply.code(400), {
          values: request.body as Record<string, unknown>,
          errors: refusalErrors(error, 'text'),
        }),
    );
  });
}
