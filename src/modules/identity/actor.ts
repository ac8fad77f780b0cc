import type { StaffRole } from './tables.ts';

/** Who is asking: a member of staff, or a person (or someone acting for them) signed in to their own account. */
export type Actor = StaffActor | CitizenActor;

export type StaffActor = {
  kind: 'staff';
  id: string;
  name: string;
  email: string;
  role: StaffRole;
  jobTitle: string;
  organisationId: string;
  organisationName: string;
  organisationLogoUrl: string | null;
  sessionId: string;
};

export type CitizenActor = {
  kind: 'citizen';
  id: string;
  name: string;
  email: string;
  sessionId: string;
};

export const ROLE_NAMES: Record<StaffRole, string> = {
  practitioner: 'Practitioner',
  manager: 'Manager',
  panel_member: 'Panel member',
  privacy_officer: 'Privacy officer',
  administrator: 'Administrator',
};
