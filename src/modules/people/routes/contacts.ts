import type { FastifyInstance, FastifyReply } from 'fastify';
import type { PeopleService } from '../service.ts';
import { notFound } from '../../../errors.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { ukDate } from '../../../dates.ts';
import { requireSignedIn } from '../../identity/index.ts';
import {
  authorityFromInput,
  authorityUntilInput,
  CIRCLE_KINDS,
  circleKindName,
  circleMemberForm,
} from './circle-form.ts';
import { AUTHORITY_TYPES, authorityTypeName } from '../authority.ts';
import { dateInputView } from '../../../web/date-field.ts';
import { pathId } from '../../../web/params.ts';
import { PlaceStillNeeded, type PlaceDuty } from '../../../data/place-duties.ts';
import { unlessRefused } from '../../../web/refusals.ts';

/** The banner after adding someone or ending their place, named from the list: the address carries only their id. */
function changeMessage(
  query: unknown,
  current: { id: string; name: string }[],
  past: { id: string; name: string }[],
): string | undefined {
  const { added, ended } = (query ?? {}) as { added?: unknown; ended?: unknown };
  const addedName = current.find((member) => member.id === added)?.name;
  if (addedName) return `${addedName} has been added to the circle of support.`;
  const endedName = past.find((member) => member.id === ended)?.name;
  if (endedName) return `${endedName}’s place in the circle of support has ended.`;
  return undefined;
}

export function registerContactsRoutes(app: FastifyInstance, people: PeopleService): void {
  function renderAddForm(
    reply: FastifyReply,
    personId: string,
    form: { values: Record<string, unknown>; name?: string; errors?: FormErrors },
  ) {
    return reply.render('people/views/contacts-add.njk', {
      pageTitle: 'Add someone to the circle of support',
      backLink: `/people/${personId}/contacts`,
      personId,
      name: form.name,
      values: form.values,
      kinds: CIRCLE_KINDS,
      authorityTypes: AUTHORITY_TYPES.map((entry) => ({ value: entry.value, text: entry.text })),
      authorityFrom: dateInputView('authority_from', form.values, form.errors, authorityFromInput(ukDate(new Date()))),
      authorityUntil: dateInputView(
        'authority_until',
        form.values,
        form.errors,
        authorityUntilInput(ukDate(new Date())),
      ),
      errors: form.errors?.list,
      fieldErrors: form.errors?.byField ?? {},
    });
  }

  app.get('/people/:personId/contacts', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const contacts = await people.circle.show(request.personData, personId, new Date());
    const describe = (member: (typeof contacts.current)[number]) => ({
      ...member,
      kindName: circleKindName(member.kind),
      authorityName: member.authority_type ? authorityTypeName(member.authority_type) : member.authority,
    });
    return reply.render('people/views/contacts.njk', {
      flash: changeMessage(request.query, contacts.current, contacts.past),
      pageTitle: `Contacts and circle of support – ${contacts.name}`,
      backLink: `/people/${personId}`,
      personId,
      ...contacts,
      current: contacts.current.map(describe),
      past: contacts.past.map(describe),
      addressLines: [
        contacts.contact.address_line_1,
        contacts.contact.address_line_2,
        contacts.contact.town,
        contacts.contact.postcode,
      ].filter(Boolean),
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
      const name = await people.circle.nameForAdding(request.personData, personId);
      return renderAddForm(reply.code(400), personId, { values: form.values, name, errors: form.errors });
    }
    const added = await people.circle.add(request.personData, personId, form.data);
    return reply.redirect(`/people/${personId}/contacts?added=${added}`, 303);
  });

  /** The confirm page; `refused` when an end was asked for but the plan still needs them. */
  function renderEnd(
    reply: FastifyReply,
    personId: string,
    place: { member: { id: string; name: string }; duties: PlaceDuty[] },
    refused = false,
  ) {
    return reply.code(refused ? 400 : 200).render('people/views/contacts-end.njk', {
      pageTitle: `End ${place.member.name}’s place in the circle of support`,
      backLink: `/people/${personId}/contacts`,
      personId,
      ...place,
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
    const ending = async () => {
      if (!(await people.circle.end(request.personData, personId, memberId, new Date()))) throw notFound();
      return reply.redirect(`/people/${personId}/contacts?ended=${memberId}`, 303);
    };
    // The plan still needs them: the same page, saying why, and nothing changed.
    return unlessRefused(ending, 'CW_REFUSED', (error) =>
      error instanceof PlaceStillNeeded
        ? renderEnd(reply, personId, { member: error.holder, duties: error.duties }, true)
        : Promise.reject(error),
    );
  });
}
