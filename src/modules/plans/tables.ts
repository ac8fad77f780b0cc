import type { PlanContent } from './content.ts';

export interface PlanTables {
  plan_version: {
    person_id: string;
    number: number;
    id: string;
    content: PlanContent;
    based_on: number | null;
    change_summary: string;
    saved_by_kind: 'staff' | 'citizen';
    saved_by_id: string;
    saved_by_name: string;
    saved_at: Date;
  };
  plan_agreement: {
    person_id: string;
    version_number: number;
    party: 'person' | 'lead_professional';
    agreed_by_kind: 'staff' | 'citizen';
    agreed_by_id: string;
    agreed_by_name: string;
    agreed_at: Date;
    /** Whose agreement this was; null for agreements made before this was recorded (migration 0027). */
    acting_as: 'self' | 'representative' | 'lead_professional' | null;
    /** For a representative's agreement: the person's name, as it was when they agreed for them. */
    agreed_for_name: string | null;
    /** For a representative's agreement: the authority they acted under (the people module's types). */
    authority_type: string | null;
    /** For a representative's agreement: the capacity assessment it rests on. */
    capacity_assessment_id: string | null;
  };
  /** A decision-specific capacity assessment (Mental Capacity Act 2005), as recorded; never changed. */
  capacity_assessment: {
    person_id: string;
    id: string;
    decision: 'plan_agreement';
    plan_version_number: number;
    assessed_on: string;
    assessor_name: string;
    assessor_role: string;
    outcome: 'cannot' | 'can';
    involvement: string;
    wishes: string;
    recorded_by_kind: 'staff' | 'citizen';
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
  };
  plan_comment: {
    person_id: string;
    id: string;
    section: string;
    body: string;
    kind: 'comment' | 'suggestion';
    written_by_kind: 'staff' | 'citizen';
    written_by_id: string;
    written_by_name: string;
    written_at: Date;
  };
  /** The person's answer to a suggestion: used in a new version, or not used. One per suggestion; none means it is waiting. */
  plan_suggestion_answer: {
    person_id: string;
    suggestion_id: string;
    answer: 'accepted' | 'declined';
    /** The version the acceptance made; null for a suggestion not used. */
    version_number: number | null;
    answered_by_kind: 'staff' | 'citizen';
    answered_by_id: string;
    answered_by_name: string;
    answered_at: Date;
  };
}
