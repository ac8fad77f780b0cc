import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../../services.ts';
import { notFound } from '../../../web/errors.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { ukDate } from '../../../dates.ts';
import { requireSignedIn } from '../../identity/session-hook.ts';
import { CIRCLE_KINDS, circleKindName, circleMemberForm, parseAuthorityUntil } from '../circle-form.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { pathId } from '../../../web/params.ts';
import type { PlanDuty } from '../../plans/index.ts';

export function registerContactsRoutes(app: FastifyInstance, services: Services): void {
  const { people } = services;

  function renderAddForm(reply: FastifyReply, personId: string, form: { values: Record<string, unknown>; name?: string; errors?: FormErrors }) {
    return reply.render('people/views/contacts-add.njk', {
      pageTitle: 'Add someone to the circle of support',
      backLink: `/people/${personId}/contacts`,
      personId,
      name: form.name,
      values: form.values,
      kinds: CIRCLE_KINDS,
      authorityUntil: dateInputView('authority_until', form.values, form.errors, parseAuthorityUntil(ukDate(new Date()))),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/contacts', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const contacts = await people.circle.show(request.personData, personId, new Date());
    const describe = (member: (typeof contacts.current)[number]) => ({ ...member, kindName: circleKindName(member.kind) });
    return reply.render('people/views/contacts.njk', {
      pageTitle: `Contacts and circle of support – ${contacts.name}`,
      backLink: `/people/${personId}`,
      personId,
      ...contacts,
      current: contacts.current.map(describe),
      past: contacts.past.map(describe),
      addressLines: [contacts.contact.address_line_1, contacts.contact.address_line_2, contacts.contact.town, contacts.contact.postcode].filter(Boolean),
    });
  });

  app.get('/people/:personId/contacts/add', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const name = await people.circle.nameForAdding(request.personData, personId);
    return renderAddForm(reply, personId, { values: {}, name });
  });

  app.post('/people/:personId/contacts/add', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const form = checkForm(circleMemberForm(ukDate(new Date())), request.body);
    if (!form.ok) {
      await request.personData.require(personId, 'contacts', 'write', 'Your circle of support');
      return renderAddForm(reply.code(400), personId, { values: form.values, errors: form.errors });
    }
    await people.circle.add(request.personData, personId, form.data);
    return reply.redirect(`/people/${personId}/contacts`, 303);
  });

  /** The confirm page; `refused` when an end was asked for but the plan still needs them. */
  function renderEnd(reply: FastifyReply, personId: string, place: { member: { id: string; name: string }; duties: PlanDuty[] }, refused = false) {
    return reply.code(refused ? 400 : 200).render('people/views/contacts-end.njk', {
      pageTitle: `End ${place.member.name}’s place in the circle of support`, backLink: `/people/${personId}/contacts`, personId, ...place,
      errors: refused ? place.duties.map((duty) => ({ text: duty.summary, href: '#named-in-plan' })) : undefined,
    });
  }

  app.get('/people/:personId/contacts/:memberId/end', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const memberId = pathId(request, 'memberId');
    const place = await people.circle.memberToEnd(request.personData, personId, memberId);
    if (!place) throw notFound();
    return renderEnd(reply, personId, place);
  });

  app.post('/people/:personId/contacts/:memberId/end', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const memberId = pathId(request, 'memberId');
    const ending = await people.circle.end(request.personData, personId, memberId, new Date());
    if (ending.outcome === 'not-found') throw notFound();
    // The plan still needs them: the same page, saying why, and nothing changed.
    if (ending.outcome === 'named-in-plan') return renderEnd(reply, personId, ending, true);
    return reply.redirect(`/people/${personId}/contacts`, 303);
  });
}
