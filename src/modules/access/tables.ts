import type { Generated } from 'kysely';
import type { ShareablePart } from '../../data/person-data.ts';

export type AudienceKind = 'organisation' | 'staff' | 'circle_member';

/** How a person without an account told staff their choice. */
export type ToldHow = 'in_person' | 'phone' | 'in_writing' | 'advocate';

export interface AccessTables {
  care_team_member: {
    person_id: string;
    id: string;
    staff_account_id: string;
    organisation_id: string;
    team_role: string;
    is_key_worker: Generated<boolean>;
    from_date: string;
    until_date: string | null;
    created_at: Generated<Date>;
  };
  sharing_choice: {
    person_id: string;
    id: string;
    part: ShareablePart;
    audience_kind: AudienceKind;
    audience_id: string;
    decision: 'share' | 'withhold';
    until_date: string | null;
    made_by_kind: 'staff' | 'citizen' | 'system';
    made_by_id: string | null;
    made_by_name: string;
    made_at: Date;
    /** How the person told the member of staff who recorded this; null when the person chose it themself. */
    told_how: ToldHow | null;
    /** The second member of staff who confirmed a choice that widened the recorder's own access. */
    confirmed_by_name: string | null;
  };
  /** A choice staff recorded that widens their own or their organisation's access, until a colleague settles it. */
  sharing_choice_waiting: {
    person_id: string;
    id: string;
    audience_kind: 'organisation' | 'staff';
    audience_id: string;
    parts: ShareablePart[];
    until_date: string | null;
    told_how: ToldHow;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
    settled_at: Date | null;
    settled_by_id: string | null;
    settled_by_name: string | null;
    outcome: 'confirmed' | 'declined' | null;
  };
  break_glass_grant: {
    person_id: string;
    id: string;
    staff_account_id: string;
    organisation_id: string;
    reason: string;
    granted_at: Date;
    expires_at: Date;
    reviewed_at: Date | null;
    reviewed_by: string | null;
    review_note: string | null;
  };
  person_account_link: {
    person_id: string;
    person_account_id: string;
    acting_as: 'self' | 'circle_member';
    circle_member_id: string | null;
    created_at: Generated<Date>;
  };
  /** One part of a person's record opened to another organisation's staff while the referral is open. */
  referral: {
    person_id: string;
    id: string;
    organisation_id: string;
    part: 'panel_case' | 'community_referral';
    opened_by_id: string;
    opened_by_name: string;
    opened_at: Date;
    closed_at: Date | null;
    /** The last day the referral is open, as the person chose; null for as long as it is open. */
    until_date: string | null;
  };
  access_log: {
    person_id: string;
    id: string;
    at: Date;
    actor_kind: 'staff' | 'citizen' | 'system';
    actor_id: string | null;
    actor_name: string;
    actor_role: string;
    organisation_name: string | null;
    action: 'read' | 'write' | 'refused';
    part: string;
    purpose: string;
    summary: string;
    break_glass_grant_id: string | null;
  };
  staff_alert: {
    person_id: string;
    id: string;
    staff_account_id: string;
    message: string;
    created_at: Date;
    read_at: Date | null;
  };
}
