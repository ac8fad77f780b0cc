// Suggestions from anyone and the keepers' decisions on them, as Kysely sees them (migration 0024). Nothing here is
// about a person in care: a suggester's e-mail address is kept only until the suggestion is decided.

export type SuggestionKind = 'new' | 'correction' | 'closed' | 'out_of_date';

export interface CommunityTables {
  directory_suggestion: {
    id: string;
    kind: SuggestionKind;
    /** The listing it is about; null for a new resource. */
    service_id: string | null;
    /** Each field suggested (see listing-fields.ts) and the value suggested for it. */
    proposed: Record<string, string | null>;
    note: string | null;
    suggester_name: string;
    /** Cleared when the suggestion is decided: the only change ever made to a suggestion. */
    suggester_email: string | null;
    suggested_at: Date;
  };
  /** One per suggestion, only ever added to. */
  directory_suggestion_decision: {
    suggestion_id: string;
    outcome: 'accepted' | 'rejected';
    reason: string | null;
    /** The listing changed, or made from a new resource. */
    service_id: string | null;
    decided_by_id: string;
    decided_by_name: string;
    decided_at: Date;
  };
}
