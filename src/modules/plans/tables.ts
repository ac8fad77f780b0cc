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
