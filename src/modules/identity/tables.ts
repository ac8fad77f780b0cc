import type { Generated } from 'kysely';

export type OrganisationKind =
  | 'nhs_trust'
  | 'hospital_ward'
  | 'gp_practice'
  | 'council'
  | 'community_health'
  | 'voluntary_group'
  | 'care_home'
  | 'home_care_provider';
/** What is limited by counting attempts. */
export type LimitedAction = 'one_time_code' | 'find_person';
/** The image types an organisation's logo may be: SVG is refused because it can carry scripts. */
export type LogoContentType = 'image/png' | 'image/jpeg';
import type { StaffRole } from '../../data/actor.ts';
import type { WorkingDay } from './working-hours.ts';

export interface IdentityTables {
  organisation: {
    id: string;
    name: string;
    kind: OrganisationKind;
    ods_code: string | null;
    logo_url: string | null;
    /** The NHS trust a hospital ward belongs to; null for every other kind. */
    parent_id: string | null;
    created_at: Generated<Date>;
  };
  organisation_logo: {
    organisation_id: string;
    content_type: LogoContentType;
    bytes: Uint8Array;
    updated_at: Date;
  };
  staff_account: {
    id: string;
    organisation_id: string;
    email: string;
    display_name: string;
    job_title: string;
    role: StaffRole;
    work_phone: string | null;
    team: string | null;
    /** How people reach them at work, when it is not their sign-in email (migration 0026). */
    work_email: string | null;
    /** The days they work, by name in lower case ('monday'), in week order; empty when not given. */
    working_days: Generated<WorkingDay[]>;
    /** Their hours, 'HH:MM' on the 24-hour clock; both or neither, the end after the start. */
    working_from: string | null;
    working_until: string | null;
    /** Null until the invitation is accepted. */
    password_hash: string | null;
    totp_secret: string | null;
    /** The time step of the last one-time code used: only a later code is accepted, so each works once. */
    totp_last_step: number | null;
    created_at: Generated<Date>;
    disabled_at: Date | null;
  };
  person_account: {
    id: string;
    email: string;
    display_name: string;
    /** Null until the invitation is accepted. */
    password_hash: string | null;
    created_at: Generated<Date>;
    disabled_at: Date | null;
  };
  invitation: {
    id: string;
    /** A hash of the link's token: a copy of the database cannot accept an invitation. */
    token_hash: string;
    account_kind: 'staff' | 'citizen';
    /** The staff_account or person_account the invitation opens. */
    account_id: string;
    email: string;
    invited_by_id: string;
    invited_by_name: string;
    created_at: Date;
    expires_at: Date;
    accepted_at: Date | null;
    withdrawn_at: Date | null;
    /** While the invitation is being accepted: the chosen password's hash, until the account takes it. */
    password_hash: Generated<string | null>;
    /** Staff: the one-time-code app's secret being enrolled, made once on the server. */
    totp_secret: Generated<string | null>;
    /** Staff: the time step of the code that proved the app, once it has. */
    totp_step: Generated<number | null>;
    /** Staff: when their recovery codes were shown. */
    recovery_codes_at: Generated<Date | null>;
  };
  staff_recovery_code: {
    staff_account_id: string;
    code_hash: string;
    created_at: Date;
    used_at: Date | null;
  };
  session: {
    id: string;
    account_kind: 'staff' | 'citizen';
    account_id: string;
    pending_second_factor: Generated<boolean>;
    user_agent: Generated<string>;
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    ended_at: Date | null;
  };
  /** An attempt at something limited: a one-time code at sign-in, or finding a person. */
  limited_attempt: {
    id: string;
    action: LimitedAction;
    account_id: string;
    /** The sign-in a one-time code was tried for; null for other actions. */
    session_id: string | null;
    client_key: string;
    succeeded: boolean;
    at: Date;
  };
  sign_in_attempt: {
    id: string;
    email_key: string;
    client_key: string;
    succeeded: boolean;
    at: Date;
  };
}
