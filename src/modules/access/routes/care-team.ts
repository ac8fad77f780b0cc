import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isUuid } from '../../../ids.ts';
import type { AccessService } from '../service.ts';
import { AppError, notFound } from '../../../errors.ts';
import type { StaffActor } from '../../../data/actor.ts';
import { addableOrganisation, mayEndPlace, mayOffer } from '../who-may-change.ts';
import { pathId } from '../../../web/params.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { dateBoxes, dateField, dateInputView, withDateFields } from '../../../web/date-field.ts';
import { withinAYear, type DateInput } from '../../../web/date-input.ts';
import { requireSignedIn, requireStaff } from '../../identity/index.ts';
import { ukDate } from '../../../dates.ts';
import { PlaceStillNeeded } from '../../../data/place-duties.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import type { CareTeamMember, TeamContact } from '../care-team-service.ts';
import type { StaffOption } from '../sharing.ts';
import { audiencePath } from './sharing.ts';

const TEAM_ROLE_MAX = 100;

/** When they joined: required, and within a year of today either way. */
const fromDateInput = (today: string) =>
  ({
    label: 'The date they joined',
    missing: 'Enter the date they joined the care team',
    check: withinAYear(today),
  }) satisfies DateInput;

const addForm = (today: string) =>
  withDateFields(
    ['fromDate'],
    z.object({
      staffId: z.string().refine(isUuid, 'Choose who to add to the care team'),
      teamRole: z
        .string()
        .trim()
        .min(1, 'Enter their role in the care team')
        .max(TEAM_ROLE_MAX, `Their role must be ${TEAM_ROLE_MAX} characters or fewer`),
      keyWorker: z.enum(['yes', 'no'], { message: 'Select yes if they are the key worker' }),
      fromDate: dateField(fromDateInput(today)),
    }),
  );

const staffOptionText = (staff: StaffOption) => `${staff.organisation_name}: ${staff.display_name}, ${staff.job_title}`;

export function registerCareTeamRoutes(app: FastifyInstance, access: AccessService): void {
  const sharing = access.sharing;

  app.get('/people/:personId/care-team', { preHandler: requireSignedIn }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const actor = request.actor!;
    const now = new Date();
    const page = await request.personData.read(personId, 'care_team', 'Your care team', async (stores, decision) => ({
      ...(await sharing.careTeam(stores, now)),
      isThePerson: decision.purpose === 'self',
      mayWrite: decision.may('care_team', 'write'),
      // Staff record a choice only for someone without an account (who-may-change.ts, rule 2).
      hasOwnAccount: actor.kind === 'staff' && !(await sharing.staffMayRecord(stores)),
      maySharingWrite: decision.may('sharing', 'write'),
      standing: actor.kind === 'staff' ? await sharing.standing(stores, actor, now) : null,
      // How to reach those the plan names, for whoever may read the plan: nobody else's details are shown.
      contacts: decision.may('plan') ? await sharing.planContacts(stores, now) : new Map<string, TeamContact>(),
    }));
    const standing = page.mayWrite ? page.standing : null;
    const mayChooseSharing = page.maySharingWrite && !page.hasOwnAccount;
    const sharingHref = (member: CareTeamMember) =>
      audiencePath(personId, { kind: 'staff', id: member.staff_account_id }, actor.kind === 'staff');
    const rows = page.members.map((member) => ({
      ...member,
      contact: member.status === 'current' ? (page.contacts.get(member.id)?.contact ?? null) : null,
      sharingHref: mayChooseSharing && member.status !== 'ended' ? sharingHref(member) : null,
      endHref:
        standing && member.status !== 'ended' && mayEndPlace(standing, member)
          ? `/people/${personId}/care-team/${member.id}/end`
          : null,
    }));
    const { added, ended } = request.query as { added?: string; ended?: string };
    const addedMember = isUuid(added) ? rows.find((member) => member.id === added) : undefined;
    const whose = page.isThePerson ? 'Your' : `${page.personName}'s`;
    return reply.render('access/views/care-team.njk', {
      pageTitle: `${whose} care team`,
      personId,
      personName: page.personName,
      isThePerson: page.isThePerson,
      backLink: `/people/${personId}`,
      current: rows.filter((member) => member.status !== 'ended'),
      past: rows.filter((member) => member.status === 'ended'),
      addHref: standing && addableOrganisation(standing) ? `/people/${personId}/care-team/add` : null,
      addedMember,
      staffRecording: actor.kind === 'staff',
      personHasAccount: page.hasOwnAccount,
      showActions: mayChooseSharing || rows.some((row) => row.endHref),
      flash: ended === '1' ? 'Their place in the care team has ended. They can no longer see the record.' : undefined,
    });
  });

  /**
   * The care team as the add form needs it, with whose places this member of staff may add; 404 for anyone who
   * may not change it, 403 (logged) for someone in the team who may not add places (who-may-change.ts, rule 4).
   */
  const readTeamForChange = async (request: FastifyRequest, personId: string, now: Date) => {
    const actor = request.actor as StaffActor;
    await request.personData.check(personId, 'care_team', 'write', 'Your care team');
    return request.personData.read(personId, 'care_team', 'Your care team, to add someone to it', async (stores) => {
      const addable = addableOrganisation(await sharing.standing(stores, actor, now));
      if (!addable)
        throw new AppError(
          'CW_FORBIDDEN',
          'Only the key worker, the lead professional or a manager of their organisation can add someone to the care team.',
        );
      return { ...(await sharing.careTeam(stores, now)), addable };
    });
  };

  const renderAdd = async (
    reply: FastifyReply,
    personId: string,
    team: Awaited<ReturnType<typeof readTeamForChange>>,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) => {
    const inTeam = new Set(
      team.members.filter((member) => member.status !== 'ended').map((member) => member.staff_account_id),
    );
    const options = (await sharing.staffOptions()).filter(
      (staff) => !inTeam.has(staff.id) && mayOffer(team.addable, staff.organisation_id),
    );
    return reply.code(errors ? 400 : 200).render('access/views/care-team-add.njk', {
      pageTitle: `Add someone to ${team.personName}'s care team`,
      personId,
      personName: team.personName,
      backLink: `/people/${personId}/care-team`,
      staffItems: [
        { value: '', text: 'Choose someone' },
        ...options.map((staff) => ({
          value: staff.id,
          text: staffOptionText(staff),
          selected: staff.id === values.staffId,
        })),
      ],
      values,
      fromDate: dateInputView('fromDate', values, errors, fromDateInput(ukDate(new Date()))),
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });
  };

  app.get('/people/:personId/care-team/add', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const now = new Date();
    const team = await readTeamForChange(request, personId, now);
    return renderAdd(reply, personId, team, dateBoxes('fromDate', ukDate(now)));
  });

  app.post('/people/:personId/care-team/add', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const now = new Date();
    const form = checkForm(addForm(ukDate(now)), request.body);
    const team = await readTeamForChange(request, personId, now);
    if (!form.ok) return renderAdd(reply, personId, team, form.values, form.errors);
    const staff = (await sharing.staffOptions()).find(
      (option) => option.id === form.data.staffId && mayOffer(team.addable, option.organisation_id),
    );
    const alreadyIn = team.members.some(
      (member) => member.status !== 'ended' && member.staff_account_id === form.data.staffId,
    );
    const problem = !staff
      ? 'Choose who to add to the care team'
      : alreadyIn
        ? `${staff.display_name} is already in the care team`
        : null;
    if (problem || !staff) {
      const values = { ...form.data, ...dateBoxes('fromDate', form.data.fromDate) };
      return renderAdd(reply, personId, team, values, {
        list: [{ text: problem!, href: '#staffId' }],
        byField: { staffId: { text: problem! } },
      });
    }
    const summary = `Your care team: added ${staff.display_name} (${staff.job_title}, ${staff.organisation_name}) as ${form.data.teamRole}`;
    const memberId = await request.personData.write(personId, 'care_team', summary, (stores) =>
      sharing.addCareTeamMember(stores, {
        staff,
        teamRole: form.data.teamRole,
        isKeyWorker: form.data.keyWorker === 'yes',
        fromDate: form.data.fromDate,
        actor: request.actor as StaffActor,
        now,
      }),
    );
    return reply.redirect(`/people/${personId}/care-team?added=${memberId}`, 303);
  });

  /** The place to end, with what the plan still asks of its holder; 404 for anyone who may not change the team, or no such place. */
  const findMemberToEnd = async (request: FastifyRequest, personId: string, now: Date, summary: string) => {
    const memberId = pathId(request, 'memberId');
    await request.personData.check(personId, 'care_team', 'write', 'Your care team');
    const place = await request.personData.read(personId, 'care_team', summary, async (stores, decision) => {
      const reader = { mayReadPlan: decision.may('plan'), mayChangePlan: decision.may('plan', 'write') };
      const found = await sharing.careTeamMemberToEnd(stores, memberId, now, reader);
      if (found && !mayEndPlace(await sharing.standing(stores, request.actor as StaffActor, now), found.member))
        throw new AppError(
          'CW_FORBIDDEN',
          'Only the key worker, the lead professional, a manager of their organisation or they themself can end their place.',
        );
      return found && { ...found, reader };
    });
    if (!place) throw notFound();
    return place;
  };

  /** The confirm page; `refused` when an end was asked for but the plan still needs them. */
  const renderEnd = (
    request: FastifyRequest,
    reply: FastifyReply,
    personId: string,
    place: Awaited<ReturnType<typeof findMemberToEnd>>,
    refused = false,
  ) =>
    reply.code(refused ? 400 : 200).render('access/views/care-team-end.njk', {
      pageTitle: `End ${place.member.staff_name}'s place in ${place.personName}'s care team`,
      personId,
      ...place,
      backLink: `/people/${personId}/care-team`,
      isYou: place.member.staff_account_id === request.actor!.id,
      errors: refused ? place.duties.map((duty) => ({ text: duty.summary, href: '#named-in-plan' })) : undefined,
    });

  const CHECKED = 'Your care team, and what your plan asks of the person whose place may end';

  app.get('/people/:personId/care-team/:memberId/end', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    return renderEnd(
      request,
      reply,
      personId,
      await findMemberToEnd(request, personId, new Date(), `${CHECKED}, to confirm ending it`),
    );
  });

  app.post('/people/:personId/care-team/:memberId/end', { preHandler: requireStaff }, async (request, reply) => {
    const personId = pathId(request, 'personId');
    const now = new Date();
    const place = await findMemberToEnd(request, personId, now, `${CHECKED}, checked before ending it`);
    // The plan still needs them: the same page, saying why, and nothing changed.
    if (place.duties.length) return renderEnd(request, reply, personId, place, true);
    const { member } = place;
    const summary = `Your care team: ended the place of ${member.staff_name} (${member.job_title}, ${member.organisation_name})`;
    const ending = async () => {
      await request.personData.write(personId, 'care_team', summary, (stores) =>
        sharing.endCareTeamMember(stores, member, now, place.reader, request.actor as StaffActor),
      );
      // Someone who ends their own place can no longer see the care team, so they go home instead.
      return reply.redirect(
        member.staff_account_id === request.actor!.id ? '/staff' : `/people/${personId}/care-team?ended=1`,
        303,
      );
    };
    // The plan still needs them: the same page, saying why, and nothing changed.
    return unlessRefused(ending, 'CW_REFUSED', (error) =>
      error instanceof PlaceStillNeeded
        ? renderEnd(request, reply, personId, { ...place, duties: error.duties }, true)
        : Promise.reject(error),
    );
  });
}
