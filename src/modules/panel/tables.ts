// The panel's tables. A case is stored as it was sent, so its shape is written out here in plain types.

export type CaseSection = 'what_matters' | 'needs' | 'crisis' | 'risks' | 'budget';

/** What a case sent to the panel holds: the sections the person agreed to send, copied as they were that day. */
export type CaseContent = {
  personName: string;
  sections: CaseSection[];
  whatMatters?: string;
  needs?: {
    description: string;
    goals: { words: string; status: string; actions: { what: string; who: string; byWhen: string | null }[] }[];
  }[];
  crisis?: { triggers: string; earlyWarningSigns: string; whatShouldHappen: string; whoToContact: string };
  risks?: { risk: string; gains: string; couldGoWrong: string; safeguards: string; personView: string }[];
  budget?: {
    startsOn: string;
    endsOn: string;
    givenPence: number;
    spentPence: number;
    plannedPence: number;
    streams: { funder: string; kind: string; managedAs: string; givenPence: number }[];
    lines: { what: string; provider: string; costPence: number; goal: string | null }[];
  };
};

export type PanelOutcome = 'approved' | 'approved_with_conditions' | 'not_approved';

export interface PanelTables {
  /** What was sent to a panel, as it was sent: the panel reads this, never the live record. */
  panel_submission: {
    person_id: string;
    id: string;
    organisation_id: string;
    asking_for: string;
    person_view: string;
    agreed_by: string;
    content: CaseContent;
    submitted_by_id: string;
    submitted_by_name: string;
    submitted_at: Date;
  };
  panel_decision: {
    person_id: string;
    submission_id: string;
    id: string;
    outcome: PanelOutcome;
    reasons: string;
    conditions: string;
    risks: string;
    decided_by_id: string;
    decided_by_name: string;
    decided_at: Date;
  };
  panel_reconsideration: {
    person_id: string;
    submission_id: string;
    id: string;
    reason: string;
    asked_by_kind: 'staff' | 'citizen';
    asked_by_id: string;
    asked_by_name: string;
    asked_at: Date;
  };
}
