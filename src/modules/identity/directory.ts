import type { StaffActor } from '../../data/actor.ts';
import { uniqueKeyClash } from '../../db/errors.ts';
import { notFound, refused } from '../../errors.ts';
import { isUuid, newId } from '../../ids.ts';
import { EMAIL_CLASH, normaliseEmail, type InvitationMaker, type InvitationSent } from './invitations.ts';
import { mayDo, type OrganisationRole } from './roles.ts';
import type { IdentityStore } from './store.ts';
import type { OrganisationKind } from './tables.ts';
import type { ContactChange } from './contact-change.ts';

export type NewOrganisation = {
  name: string;
  kind: OrganisationKind;
  /** Already checked and in capitals, or null. */
  odsCode: string | null;
  /** The NHS trust a hospital ward belongs to; null for every other kind. */
  parentId: string | null;
};

export type FirstAdministrator = { displayName: string; email: string; jobTitle: string };

/** A refusal that belongs beside one field of the form. */
export type FieldRefusal = { ok: false; field: string; message: string };

export type StaffStatus =
  { kind: 'active' } | { kind: 'invited'; until: Date } | { kind: 'invitation-ended' } | { kind: 'left'; since: Date };

/** A member's role and job title, and how people reach them at work. */
export type StaffChange = { role: OrganisationRole; jobTitle: string } & ContactChange;

const statusOf = (row: {
  disabled_at: Date | null;
  set_up: unknown;
  invitation_expires_at: Date | string | null;
}): StaffStatus => {
  if (row.disabled_at) return { kind: 'left', since: row.disabled_at };
  if (row.set_up) return { kind: 'active' };
  if (row.invitation_expires_at) return { kind: 'invited', until: new Date(row.invitation_expires_at) };
  return { kind: 'invitation-ended' };
};

/**
 * The organisations in Careweave, added by platform administrators; and each organisation's staff, seen and
 * changed by its own administrators. Anyone else, and staff of another organisation, get 404.
 */
export function createDirectory(store: IdentityStore, maker: InvitationMaker) {
  const platformAdministrator = (by: StaffActor) => {
    if (!mayDo(by, 'addOrganisations')) throw notFound();
  };
  const staffAdministrator = (by: StaffActor) => {
    if (!mayDo(by, 'manageStaff')) throw notFound();
  };

  /** A member of `by`'s own organisation; 404 for anyone else. */
  async function memberOf(by: StaffActor, staffId: string) {
    staffAdministrator(by);
    const member = await store.findStaffMember(staffId);
    if (!member || member.organisation_id !== by.organisationId) throw notFound();
    return member;
  }

  return {
    /** Every organisation, for a platform administrator: wards are listed under their trust. */
    async listOrganisations(by: StaffActor) {
      platformAdministrator(by);
      const rows = (await store.listOrganisations()).map((row) => ({ ...row, staffCount: Number(row.staff_count) }));
      const wardsOf = new Map<string, typeof rows>();
      for (const row of rows)
        if (row.parent_id) wardsOf.set(row.parent_id, [...(wardsOf.get(row.parent_id) ?? []), row]);
      return rows.filter((row) => !row.parent_id).map((row) => ({ ...row, wards: wardsOf.get(row.id) ?? [] }));
    },

    /** The NHS trusts a new ward may belong to. */
    async trusts(by: StaffActor) {
      platformAdministrator(by);
      return (await store.listOrganisations()).filter((row) => row.kind === 'nhs_trust');
    },

    /**
     * Adds an organisation and invites its first administrator, in one transaction: a clash on the ODS code or
     * the email, or a ward's trust that is not a trust, changes nothing and names the field to fix.
     */
    async addOrganisation(
      organisation: NewOrganisation,
      administrator: FirstAdministrator,
      by: StaffActor,
      now = new Date(),
    ): Promise<{ ok: true; organisationId: string; invitation: InvitationSent } | FieldRefusal> {
      platformAdministrator(by);
      if (organisation.kind === 'hospital_ward') {
        const trust = isUuid(organisation.parentId) ? await store.findOrganisation(organisation.parentId) : undefined;
        if (trust?.kind !== 'nhs_trust')
          return { ok: false, field: 'parentId', message: 'Select the NHS trust the ward belongs to' };
      }
      const parentId = organisation.kind === 'hospital_ward' ? organisation.parentId : null;
      if (organisation.odsCode) {
        const holder = await store.findOrganisationByOdsCode(organisation.odsCode);
        if (holder)
          return { ok: false, field: 'odsCode', message: `${holder.name} already has this ODS code. Check the code` };
      }
      const email = normaliseEmail(administrator.email);
      if (await store.accountWithEmail(email)) return { ok: false, field: 'email', message: EMAIL_CLASH.staff };

      const organisationId = newId();
      const accountId = newId();
      const invitation = maker.newInvitation('staff', accountId, email, by, now);
      try {
        await store.insertOrganisationWithAdministrator(
          {
            id: organisationId,
            name: organisation.name,
            kind: organisation.kind,
            ods_code: organisation.odsCode,
            logo_url: null,
            parent_id: parentId,
          },
          {
            id: accountId,
            organisation_id: organisationId,
            email,
            display_name: administrator.displayName,
            job_title: administrator.jobTitle,
            role: 'administrator',
            work_phone: null,
            team: null,
            password_hash: null,
            totp_secret: null,
            disabled_at: null,
          },
          invitation.row,
        );
      } catch (error) {
        const clash = uniqueKeyClash(error);
        if (clash === 'organisation_ods_code')
          return { ok: false, field: 'odsCode', message: 'Another organisation has just been given this ODS code' };
        if (clash !== undefined) return { ok: false, field: 'email', message: EMAIL_CLASH.staff };
        throw error;
      }
      const purpose = maker.staffPurpose(by, organisation.name, 'administrator');
      return {
        ok: true,
        organisationId,
        invitation: await maker.deliver(invitation, administrator.displayName, purpose),
      };
    },

    /** The administrator's own organisation's staff, by name, each with their status. */
    async listStaff(by: StaffActor, now = new Date()) {
      staffAdministrator(by);
      const rows = await store.listStaffOf(by.organisationId, now);
      return rows.map((row) => ({ ...row, status: statusOf(row) }));
    },

    /** One member of the administrator's own organisation, with their status; 404 for anyone else. */
    async staffMember(staffId: string, by: StaffActor, now = new Date()) {
      const member = await memberOf(by, staffId);
      const invitation = await store.findOpenInvitationFor(staffId, now);
      return {
        ...member,
        status: statusOf({ ...member, invitation_expires_at: invitation?.expires_at ?? null }),
      };
    },

    /**
     * Changes a member's role and details. Refused when they have left, or when it would leave the organisation
     * with no administrator.
     */
    async changeStaffMember(staffId: string, change: StaffChange, by: StaffActor): Promise<void> {
      const member = await memberOf(by, staffId);
      if (member.disabled_at) throw refused(`${member.display_name} has left, so their details cannot change.`);
      if (member.role === 'platform_administrator')
        throw refused(
          `${member.display_name} is a platform administrator, whose role and details are not changed here.`,
        );
      const { role, jobTitle, ...contact } = change;
      // A work email the same as the sign-in email is kept as none, so it follows a change of sign-in email.
      const outcome = await store.updateStaffMember(
        staffId,
        by.organisationId,
        { role, job_title: jobTitle },
        { ...contact, workEmail: contact.workEmail === member.email ? null : contact.workEmail },
      );
      if (outcome === 'not-found') throw notFound();
      if (outcome === 'last-administrator')
        throw refused(
          `${member.display_name} is the only administrator of ${member.organisation_name}. Make someone else an administrator first.`,
        );
    },
  };
}

export type Directory = ReturnType<typeof createDirectory>;
