/** The roles a member of staff can hold. What each may do with a record is the access policy's business. */
export type StaffRole =
  | 'practitioner'
  | 'manager'
  | 'panel_member'
  | 'privacy_officer'
  | 'administrator'
  | 'platform_administrator'
  | 'directory_keeper';

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
  /**
   * The database's access stamp when this request began (src/db/access-stamp.ts): facts about access read under the
   * same stamp may be reused. Absent where the actor was not loaded with a session.
   */
  accessStamp?: string;
};

export type CitizenActor = {
  kind: 'citizen';
  id: string;
  name: string;
  email: string;
  sessionId: string;
};
