// Social-prescribing referrals as Kysely sees them (migration 0025). A referral is person data: `person_id` is in
// each primary key. Which Careweave organisation runs a listed service is reference data.

/** What the person chose to let the service see, copied on the day they agreed. Their name is always in it. */
export type SharedCopy = {
  name: string;
  contact?: { phone: string | null; email: string | null; address: string | null };
  whatMatters?: string;
  goal?: string;
  aboutMe?: { heading: string; body: string }[];
  referrerNote?: string;
};

export type ReferralEventKind = 'accepted' | 'declined' | 'started' | 'outcome' | 'ended' | 'reminded' | 'withdrawn';
export type DeclineReason = 'full' | 'not_eligible' | 'out_of_area' | 'cannot_meet_need' | 'not_contactable' | 'other';
export type ReferralOutcome = 'helped' | 'partly' | 'did_not_help';

export interface ReferralTables {
  directory_organisation_link: { dir_organization_id: string; organisation_id: string };
  community_referral: {
    person_id: string;
    id: string;
    service_id: string;
    service_name: string;
    organisation_id: string;
    organisation_name: string;
    /** The plan goal it is for, in the person's words; null when none was chosen. */
    goal: string | null;
    reason: string;
    shared: SharedCopy;
    /** The last day the service may see what was shared. */
    until_date: string;
    agreed_by: string;
    referred_by_kind: 'staff' | 'citizen';
    referred_by_id: string;
    referred_by_name: string;
    referred_at: Date;
    answer_due: string;
  };
  community_referral_event: {
    person_id: string;
    referral_id: string;
    id: string;
    kind: ReferralEventKind;
    decline_reason: DeclineReason | null;
    outcome: ReferralOutcome | null;
    words: string;
    by_kind: 'staff' | 'citizen' | 'system';
    by_id: string | null;
    by_name: string;
    at: Date;
  };
}
