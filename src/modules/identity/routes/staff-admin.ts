import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffActor } from '../../../data/actor.ts';
import { isRefusal } from '../../../errors.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import { pathId } from '../../../web/params.ts';
import { unlessRefused } from '../../../web/refusals.ts';
import type { StaffStatus } from '../directory.ts';
import { ROLE_NAMES } from '../roles.ts';
import type { IdentityService } from '../service.ts';
import { renderInvitationSent } from './invitation-sent.ts';
import { onlyFor, requireStaff } from './session-hook.ts';
import { roleItems, staffDetailsForm, staffInvitationForm } from './staff-forms.ts';
import { contactChange, dayItems } from './contact-form.ts';
import { contactFormValues, workContact } from '../contact-details.ts';

const forStaffAdministrators = { preHandler: [requireStaff, onlyFor('manageStaff')] };
const LIST = '/staff/organisation/staff';
const memberPath = (staffId: string) => `${LIST}/${staffId}`;

const FLASHES: Record<string, string> = {
  details: 'Their details have been changed.',
  withdrawn: 'The invitation has been withdrawn. Its link no longer works.',
};

/** A status in a few words, for the list and the member's page. */
const statusText = (status: StaffStatus): string => {
  switch (status.kind) {
    case 'active':
      return 'Active';
    case 'invited':
      return 'Invited';
    case 'invitation-ended':
      return 'Invitation ended';
    case 'left':
      return 'Left';
  }
};

const statusTag = (status: StaffStatus) => ({
  text: statusText(status),
  classes: {
    active: 'govuk-tag--green',
    invited: 'govuk-tag--blue',
    'invitation-ended': 'govuk-tag--yellow',
    left: 'govuk-tag--grey',
  }[status.kind],
});

/**
 * An organisation's administrator manages its staff: the list, inviting a new member, changing a member's role
 * and details, and resending or withdrawing an invitation. Members of another organisation answer 404.
 */
export function registerStaffAdministrationRoutes(app: FastifyInstance, identity: IdentityService): void {
  const { directory, invitations } = identity;
  const actorOf = (request: FastifyRequest) => request.actor as StaffActor;

  app.get(LIST, forStaffAdministrators, async (request, reply) => {
    const staff = await directory.listStaff(actorOf(request));
    const rows = staff.map((member) => ({
      ...member,
      href: memberPath(member.id),
      roleName: ROLE_NAMES[member.role],
      tag: statusTag(member.status),
    }));
    return reply.render('identity/views/staff-list.njk', {
      pageTitle: 'Staff',
      organisationName: actorOf(request).organisationName,
      current: rows.filter((member) => member.status.kind !== 'left'),
      left: rows.filter((member) => member.status.kind === 'left'),
    });
  });

  const renderInviteForm = (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) =>
    reply.code(errors ? 400 : 200).render('identity/views/staff-invite.njk', {
      pageTitle: 'Invite a member of staff',
      backLink: LIST,
      values,
      roles: roleItems(values.role),
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });

  app.get(`${LIST}/invite`, forStaffAdministrators, async (_request, reply) => renderInviteForm(reply, {}));

  app.post(`${LIST}/invite`, forStaffAdministrators, async (request, reply) => {
    const form = checkForm(staffInvitationForm, request.body);
    if (!form.ok) return renderInviteForm(reply, form.values, form.errors);
    const by = actorOf(request);
    const details = { ...form.data, organisationId: by.organisationId };
    return unlessRefused(
      async () => {
        const invitation = await invitations.inviteStaff(details, by);
        return renderInvitationSent(request, reply, {
          pageTitle: `Invitation for ${details.displayName}`,
          flash: `${details.displayName} has been invited as ${ROLE_NAMES[details.role].toLowerCase()}.`,
          invitation,
          name: details.displayName,
          email: details.email,
          next: { href: memberPath(invitation.accountId), text: `See ${details.displayName}’s details` },
        });
      },
      'CW_CONFLICT',
      (error) => renderInviteForm(reply, request.body as Record<string, unknown>, fieldError('email', error.message)),
    );
  });

  async function renderMember(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Record<string, unknown>; errors?: FormErrors; flash?: string } = {},
  ) {
    const by = actorOf(request);
    const member = await directory.staffMember(pathId(request, 'staffId'), by);
    const values = options.values ?? { role: member.role, jobTitle: member.job_title, ...contactFormValues(member) };
    return reply.code(options.errors ? 400 : 200).render('identity/views/staff-member.njk', {
      pageTitle: member.display_name,
      backLink: LIST,
      member,
      path: memberPath(member.id),
      isYou: member.id === by.id,
      roleName: ROLE_NAMES[member.role],
      tag: statusTag(member.status),
      values,
      // A platform administrator's role is not one an organisation's administrator gives or changes.
      mayChange: member.status.kind !== 'left' && member.role !== 'platform_administrator',
      roles: roleItems(values.role),
      days: dayItems(values.workingDays),
      contact: workContact(member),
      errors: options.errors?.list,
      fieldErrors: options.errors?.byField ?? {},
      flash: options.flash,
    });
  }

  app.get(`${LIST}/:staffId`, forStaffAdministrators, async (request, reply) => {
    const { changed } = request.query as { changed?: string };
    return renderMember(request, reply, { flash: changed ? FLASHES[changed] : undefined });
  });

  app.post(`${LIST}/:staffId`, forStaffAdministrators, async (request, reply) => {
    const staffId = pathId(request, 'staffId');
    const form = checkForm(staffDetailsForm, request.body);
    if (!form.ok) return renderMember(request, reply, { values: form.values, errors: form.errors });
    try {
      const { role, jobTitle } = form.data;
      await directory.changeStaffMember(staffId, { role, jobTitle, ...contactChange(form.data) }, actorOf(request));
    } catch (error) {
      if (!isRefusal(error, 'CW_REFUSED')) throw error;
      return renderMember(request, reply, {
        values: request.body as Record<string, unknown>,
        errors: fieldError('role', error.message),
      });
    }
    return reply.redirect(`${memberPath(staffId)}?changed=details`, 303);
  });

  app.post(`${LIST}/:staffId/invitation/resend`, forStaffAdministrators, async (request, reply) => {
    const by = actorOf(request);
    const member = await directory.staffMember(pathId(request, 'staffId'), by);
    const invitation = await invitations.resend(member.id, by);
    return renderInvitationSent(request, reply, {
      pageTitle: `New invitation for ${member.display_name}`,
      flash: `A new invitation has been made for ${member.display_name}. Any earlier link no longer works.`,
      invitation,
      name: member.display_name,
      email: member.email,
      next: { href: memberPath(member.id), text: `Back to ${member.display_name}’s details` },
    });
  });

  app.post(`${LIST}/:staffId/invitation/withdraw`, forStaffAdministrators, async (request, reply) => {
    const by = actorOf(request);
    const member = await directory.staffMember(pathId(request, 'staffId'), by);
    await invitations.withdraw(member.id, by);
    return reply.redirect(`${memberPath(member.id)}?changed=withdrawn`, 303);
  });
}
