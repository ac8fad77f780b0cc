import type { Generated } from 'kysely';

export type CircleMemberKind = 'family' | 'friend' | 'unpaid_carer' | 'advocate' | 'legal_representative';

/** The legal standing that lets someone act for the person; what each covers is in authority.ts. */
export type AuthorityType =
  'lpa_health_welfare' | 'lpa_property_finance' | 'deputy_personal_welfare' | 'deputy_property_affairs' | 'appointee';

export interface PeopleTables {
  person: {
    person_id: string;
    given_name: string;
    family_name: string;
    preferred_name: string | null;
    date_of_birth: string;
    nhs_number: string | null;
    address_line_1: string | null;
    address_line_2: string | null;
    town: string | null;
    postcode: string | null;
    phone: string | null;
    email: string | null;
    gp_practice_id: string | null;
    language: Generated<string>;
    communication_needs: string | null;
    interpreter_needed: Generated<boolean>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  about_me_revision: {
    person_id: string;
    id: string;
    heading: string;
    body: string;
    written_by_kind: 'staff' | 'citizen';
    written_by_id: string;
    written_by_name: string;
    written_at: Date;
  };
  circle_member: {
    person_id: string;
    id: string;
    name: string;
    relationship: string;
    kind: CircleMemberKind;
    phone: string | null;
    email: string | null;
    may_act_for_person: Generated<boolean>;
    /** Free words from before the type was recorded; new members have the type's name here. */
    authority: string | null;
    authority_type: AuthorityType | null;
    authority_reference: string | null;
    authority_from: string | null;
    authority_until: string | null;
    created_at: Generated<Date>;
    ended_at: Date | null;
  };
  /** Something the person, and everyone acting for them, is told until they have seen it. */
  person_notice: {
    person_id: string;
    id: string;
    message: string;
    created_at: Date;
  };
  person_notice_seen: {
    person_id: string;
    notice_id: string;
    person_account_id: string;
    seen_at: Date;
  };
}
