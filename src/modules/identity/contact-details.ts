import type { StaffActor } from '../../data/actor.ts';
import { notFound } from '../../errors.ts';
import type { IdentityStore } from './store.ts';
import { workingHoursInWords, type WorkingDay } from './working-hours.ts';
import type { ContactChange } from './contact-change.ts';

export type { ContactChange } from './contact-change.ts';

/** The columns of `staff_account` a contact is made from. */
export type ContactColumns = {
  email: string;
  work_email: string | null;
  work_phone: string | null;
  team: string | null;
  working_days: WorkingDay[];
  working_from: string | null;
  working_until: string | null;
};

/** How to reach a member of staff, as pages show it. */
export type WorkContact = {
  phone: string | null;
  /** For a `tel:` link: the digits, and a leading + when there is one. */
  phoneHref: string | null;
  email: string;
  team: string | null;
  /** 'Monday to Thursday, 9am to 5pm', or null when not given. */
  hours: string | null;
};

export const telHref = (phone: string): string => `tel:${phone.replace(/[^\d+]/g, '')}`;

export const workContact = (row: ContactColumns): WorkContact => ({
  phone: row.work_phone,
  phoneHref: row.work_phone && telHref(row.work_phone),
  email: row.work_email ?? row.email,
  team: row.team,
  hours: workingHoursInWords(row.working_days, row.working_from, row.working_until),
});

/** The form's values from what is saved: the work email starts as the sign-in email. */
export const contactFormValues = (row: ContactColumns) => ({
  workPhone: row.work_phone ?? '',
  workEmail: row.work_email ?? row.email,
  team: row.team ?? '',
  workingDays: row.working_days,
  workingFrom: row.working_from ?? '',
  workingUntil: row.working_until ?? '',
});

/** A member of staff's own contact details: seen and changed by them alone (their administrator has its own page). */
export function createContactDetails(store: IdentityStore) {
  const own = async (by: StaffActor) => {
    const row = await store.findStaffContact(by.id);
    if (!row || row.disabled_at) throw notFound();
    return row;
  };
  return {
    own,
    /** A work email the same as the sign-in email is kept as none, so it follows a change of sign-in email. */
    async changeOwn(by: StaffActor, change: ContactChange): Promise<void> {
      const row = await own(by);
      const workEmail = change.workEmail === row.email ? null : change.workEmail;
      if (!(await store.updateStaffContact(by.id, { ...change, workEmail }))) throw notFound();
    },
  };
}

export type ContactDetails = ReturnType<typeof createContactDetails>;
