import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { StaffActor } from '../../../data/actor.ts';
import { checkForm, fieldError, type FormErrors } from '../../../web/forms.ts';
import type { IdentityService } from '../service.ts';
import type { OrganisationKind } from '../tables.ts';
import { renderInvitationSent } from './invitation-sent.ts';
import { onlyFor, requireStaff } from './session-hook.ts';
import { KIND_NAMES, organisationForm } from './staff-forms.ts';

const forPlatformAdministrators = { preHandler: [requireStaff, onlyFor('addOrganisations')] };
const LIST = '/admin/organisations';

/** Adds a form-level message to what the schema found, for a field the schema cannot check alone. */
const withFieldError = (errors: FormErrors | undefined, field: string, text: string): FormErrors => {
  const extra = fieldError(field, text);
  if (!errors) return extra;
  if (errors.byField[field]) return errors;
  return { list: [...errors.list, ...extra.list], byField: { ...errors.byField, ...extra.byField } };
};

/**
 * A platform administrator adds organisations of every kind (a hospital ward under its NHS trust), each with a
 * first administrator who is invited at once, and sees them all, grouped by kind. Nobody else sees these pages.
 */
export function registerOrganisationAdministrationRoutes(app: FastifyInstance, identity: IdentityService): void {
  const { directory } = identity;
  const actorOf = (request: FastifyRequest) => request.actor as StaffActor;

  app.get(LIST, forPlatformAdministrators, async (request, reply) => {
    const organisations = await directory.listOrganisations(actorOf(request));
    const groups = (Object.keys(KIND_NAMES) as OrganisationKind[])
      .filter((kind) => kind !== 'hospital_ward')
      .map((kind) => ({
        kind,
        name: KIND_NAMES[kind],
        organisations: organisations.filter((organisation) => organisation.kind === kind),
      }))
      .filter((group) => group.organisations.length > 0);
    return reply.render('identity/views/admin-organisations.njk', {
      pageTitle: 'Organisations',
      groups,
      count: organisations.reduce((total, organisation) => total + 1 + organisation.wards.length, 0),
    });
  });

  async function renderAddForm(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FormErrors,
  ) {
    const trusts = await directory.trusts(actorOf(request));
    return reply.code(errors ? 400 : 200).render('identity/views/admin-organisation-add.njk', {
      pageTitle: 'Add an organisation',
      backLink: LIST,
      values,
      kinds: Object.entries(KIND_NAMES).map(([value, text]) => ({ value, text, checked: values.kind === value })),
      trusts: [
        { value: '', text: 'Not a hospital ward' },
        ...trusts.map((trust) => ({ value: trust.id, text: trust.name, selected: values.parentId === trust.id })),
      ],
      errors: errors?.list,
      fieldErrors: errors?.byField ?? {},
    });
  }

  app.get(`${LIST}/add`, forPlatformAdministrators, async (request, reply) => renderAddForm(request, reply, {}));

  app.post(`${LIST}/add`, forPlatformAdministrators, async (request, reply) => {
    const form = checkForm(organisationForm, request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    // A ward needs its trust; the schema checks each field alone, so this is checked beside it.
    const wardWithoutTrust = body.kind === 'hospital_ward' && !body.parentId;
    if (!form.ok || wardWithoutTrust) {
      const errors = wardWithoutTrust
        ? withFieldError(form.ok ? undefined : form.errors, 'parentId', 'Select the NHS trust the ward belongs to')
        : (form as { errors: FormErrors }).errors;
      return renderAddForm(request, reply, body, errors);
    }
    const { name, kind, parentId, odsCode, adminName, adminEmail, adminJobTitle } = form.data;
    const added = await directory.addOrganisation(
      { name, kind, odsCode, parentId: parentId || null },
      { displayName: adminName, email: adminEmail, jobTitle: adminJobTitle },
      actorOf(request),
    );
    if (!added.ok) {
      const field = added.field === 'email' ? 'adminEmail' : added.field;
      return renderAddForm(request, reply, body, fieldError(field, added.message));
    }
    return renderInvitationSent(request, reply, {
      pageTitle: `${name} has been added`,
      flash: `${name} has been added, and ${adminName} invited as its administrator.`,
      invitation: added.invitation,
      name: adminName,
      email: adminEmail,
      next: { href: LIST, text: 'Back to organisations' },
    });
  });
}
