import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../../ids.ts';
import type { Services } from '../../../services.ts';
import { notFound } from '../../../web/errors.ts';
import type { FormErrors } from '../../../web/forms.ts';
import { requireSignedIn, requireStaff } from '../../identity/session-hook.ts';
import { ukDate } from '../../../dates.ts';
import { NamedInPlan } from '../../plans/index.ts';
import { addDays, type CareTeamMember } from '../sharing.ts';
import type { StaffOption } from '../sharing-store.ts';
import { audiencePath, checkFormWithDates, dateField, dateFieldsOf, personIdFrom } from './sharing.ts';

const TEAM_ROLE_MAX = 100;

const addForm = (today: string) =>
  z.object({
    staffId: z.string().refine(isUuid, 'Choose who to add to the care team'),
    teamRole: z.string().trim().min(1, 'Enter their role in the care team').max(TEAM_ROLE_MAX, `Their role must be ${TEAM_ROLE_MAX} characters or fewer`),
    keyWorker: z.enum(['yes', 'no'], { message: 'Select yes if they are the key worker' }),
    fromDate: dateField({
      label: 'The date they joined',
      missing: 'Enter the date they joined the care team',
      check: (date) =>
        date < addDays(today, -365) ? 'The date they joined must be within the last year'
        : date > addDays(today, 365) ? 'The date they joined must be within the next year'
        : undefined,
    }),
  });

const memberIdFrom = (request: FastifyRequest): string => {
  const { memberId } = request.params as { memberId: string };
  if (!isUuid(memberId)) throw notFound();
  return memberId;
};

const staffOptionText = (staff: StaffOption) => `${staff.organisation_name}: ${staff.display_name}, ${staff.job_title}`;

export function registerCareTeamRoutes(app: FastifyInstance, services: Services): void {
  const sharing = services.access.sharing;

  app.get('/people/:personId/care-team', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = personIdFrom(request);
    const actor = request.actor!;
    const now = new Date();
    const page = await request.personData.read(personId, 'care_team', 'Your care team', async (trx, decision) => ({
      ...(await sharing.careTeam(trx, personId, now)),
      isThePerson: decision.purpose === 'self',
    }));
    const mayChange = actor.kind === 'staff' && (await request.personData.may(personId, 'care_team', 'write'));
    const mayChooseSharing = actor.kind === 'citizen' || mayChange;
    const sharingHref = (member: CareTeamMember) => audiencePath(personId, { kind: 'staff', id: member.staff_account_id }, actor.kind === 'staff');
    const rows = page.members.map((member) => ({
      ...member, sharingHref: mayChooseSharing && member.status !== 'ended' ? sharingHref(member) : null,
      endHref: mayChange && member.status !== 'ended' ? `/people/${personId}/care-team/${member.id}/end` : null,
    }));
    const { added, ended } = request.query as { added?: string; ended?: string };
    const addedMember = isUuid(added) ? rows.find((member) => member.id === added) : undefined;
    const whose = page.isThePerson ? 'Your' : `${page.personName}'s`;
    return reply.render('access/views/care-team.njk', {
      pageTitle: `${whose} care team`, personId, personName: page.personName, isThePerson: page.isThePerson, backLink: `/people/${personId}`,
      current: rows.filter((member) => member.status !== 'ended'),
      past: rows.filter((member) => member.status === 'ended'),
      addHref: mayChange ? `/people/${personId}/care-team/add` : null,
      addedMember, staffRecording: actor.kind === 'staff', showActions: mayChooseSharing || mayChange,
      flash: ended === '1' ? 'Their place in the care team has ended. They can no longer see the record.' : undefined,
    });
  });

  /** The care team as the add form needs it; 404 for anyone who may not change it. */
  const readTeamForChange = async (request: FastifyRequest, personId: string, now: Date) => {
    await request.personData.require(personId, 'care_team', 'write', 'Your care team');
    return request.personData.read(personId, 'care_team', 'Your care team, to change it', (trx) => sharing.careTeam(trx, personId, now));
  };

  const renderAdd = async (
    reply: FastifyReply,
    personId: string,
    team: Awaited<ReturnType<typeof readTeamForChange>>,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const inTeam = new Set(team.members.filter((member) => member.status !== 'ended').map((member) => member.staff_account_id));
    const options = (await sharing.staffOptions()).filter((staff) => !inTeam.has(staff.id));
    return reply.code(errors ? 400 : 200).render('access/views/care-team-add.njk', {
      pageTitle: `Add someone to ${team.personName}'s care team`, personId, personName: team.personName, backLink: `/people/${personId}/care-team`,
      staffItems: [
        { value: '', text: 'Choose someone' },
        ...options.map((staff) => ({ value: staff.id, text: staffOptionText(staff), selected: staff.id === values.staffId })),
      ],
      values, errors: errors?.list, fieldErrors: errors?.byField ?? {},
    });
  };

  app.get('/people/:personId/care-team/add', { preHandler: requireStaff }, async (request, reply) => {
    const personId = personIdFrom(request);
    const now = new Date();
    const team = await readTeamForChange(request, personId, now);
    return renderAdd(reply, personId, team, { fromDate: dateFieldsOf(ukDate(now)) });
  });

  app.post('/people/:personId/care-team/add', { preHandler: requireStaff }, async (request, reply) => {
    const personId = personIdFrom(request);
    const now = new Date();
    const form = checkFormWithDates(addForm(ukDate(now)), request.body, ['fromDate']);
    const team = await readTeamForChange(request, personId, now);
    if (!form.ok) return renderAdd(reply, personId, team, form.values, form.errors);
    const staff = (await sharing.staffOptions()).find((option) => option.id === form.data.staffId);
    const alreadyIn = team.members.some((member) => member.status !== 'ended' && member.staff_account_id === form.data.staffId);
    const problem = !staff ? 'Choose who to add to the care team' : alreadyIn ? `${staff.display_name} is already in the care team` : null;
    if (problem || !staff) {
      const values = { ...form.data, fromDate: dateFieldsOf(form.data.fromDate) };
      return renderAdd(reply, personId, team, values, { list: [{ text: problem!, href: '#staffId' }], byField: { staffId: { text: problem! } } });
    }
    const summary = `Your care team: added ${staff.display_name} (${staff.job_title}, ${staff.organisation_name}) as ${form.data.teamRole}`;
    const memberId = await request.personData.write(personId, 'care_team', summary, (trx) =>
      sharing.addCareTeamMember(trx, { personId, staff, teamRole: form.data.teamRole, isKeyWorker: form.data.keyWorker === 'yes', fromDate: form.data.fromDate!, now }),
    );
    return reply.redirect(`/people/${personId}/care-team?added=${memberId}`, 303);
  });

  /** The place to end, with what the plan still asks of its holder; 404 for anyone who may not change the team, or no such place. */
  const findMemberToEnd = async (request: FastifyRequest, personId: string, now: Date, summary: string) => {
    const memberId = memberIdFrom(request);
    await request.personData.require(personId, 'care_team', 'write', 'Your care team');
    // Asked before the read: the data context's own checks must not wait on the read's transaction.
    const mayChangePlan = await request.personData.may(personId, 'plan', 'write');
    const place = await request.personData.read(personId, 'care_team', summary, async (trx, decision) => {
      const reader = { mayReadPlan: decision.readableParts.includes('plan'), mayChangePlan };
      const found = await sharing.careTeamMemberToEnd(trx, personId, memberId, now, reader);
      return found && { ...found, reader };
    });
    if (!place) throw notFound();
    return place;
  };

  /** The confirm page; `refused` when an end was asked for but the plan still needs them. */
  const renderEnd = (request: FastifyRequest, reply: FastifyReply, personId: string, place: Awaited<ReturnType<typeof findMemberToEnd>>, refused = false) =>
    reply.code(refused ? 400 : 200).render('access/views/care-team-end.njk', {
      pageTitle: `End ${place.member.staff_name}'s place in ${place.personName}'s care team`, personId, ...place,
      backLink: `/people/${personId}/care-team`, isYou: place.member.staff_account_id === request.actor!.id,
      errors: refused ? place.duties.map((duty) => ({ text: duty.summary, href: '#named-in-plan' })) : undefined,
    });

  const CHECKED = 'Your care team, and what your plan asks of the person whose place may end';

  app.get('/people/:personId/care-team/:memberId/end', { preHandler: requireStaff }, async (request, reply) => {
    const personId = personIdFrom(request);
    return renderEnd(request, reply, personId, await findMemberToEnd(request, personId, new Date(), `${CHECKED}, to confirm ending it`));
  });

  app.post('/people/:personId/care-team/:memberId/end', { preHandler: requireStaff }, async (request, reply) => {
    const personId = personIdFrom(request);
    const now = new Date();
    const place = await findMemberToEnd(request, personId, now, `${CHECKED}, checked before ending it`);
    // The plan still needs them: the same page, saying why, and nothing changed.
    if (place.duties.length) return renderEnd(request, reply, personId, place, true);
    const { member } = place;
    const summary = `Your care team: ended the place of ${member.staff_name} (${member.job_title}, ${member.organisation_name})`;
    try {
      await request.personData.write(personId, 'care_team', summary, (trx) => sharing.endCareTeamMember(trx, personId, member, now, place.reader));
    } catch (error) {
      if (error instanceof NamedInPlan) return renderEnd(request, reply, personId, { ...place, duties: error.duties }, true);
      throw error;
    }
    // Someone who ends their own place can no longer see the care team, so they go home instead.
    return reply.redirect(member.staff_account_id === request.actor!.id ? '/staff' : `/people/${personId}/care-team?ended=1`, 303);
  });
}
