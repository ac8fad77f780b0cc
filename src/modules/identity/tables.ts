import type { Generated } from 'kysely';

export type OrganisationKind = 'nhs_trust' | 'gp_practice' | 'council' | 'voluntary_group' | 'care_provider';
/** The image types an organisation's logo may be: SVG is refused because it can carry scripts. */
export type LogoContentType = 'image/png' | 'image/jpeg';
import type { StaffRole } from '../../data/actor.ts';

export interface IdentityTables {
  organisation: {
    id: string;
    name: string;
    kind: OrganisationKind;
    ods_code: string | null;
    logo_url: string | null;
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
    password_hash: string;
    totp_secret: string | null;
    created_at: Generated<Date>;
    disabled_at: Date | null;
  };
  person_account: {
    id: string;
    email: string;
    display_name: string;
    password_hash: string;
    created_at: Generated<Date>;
    disabled_at: Date | null;
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
  sign_in_attempt: {
    id: string;
    email_key: string;
    client_key: string;
    succeeded: boolean;
    at: Date;
  };
}
