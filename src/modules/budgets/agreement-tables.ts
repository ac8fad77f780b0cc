import type { ColumnType } from 'kysely';
import type { AgreementKind, AgreementTerms } from './agreement-kinds.ts';

/** Money agreements: the terms, who explained them, and the one answer. */
export interface MoneyAgreementTables {
  money_agreement: {
    person_id: string;
    id: string;
    budget_id: string;
    kind: AgreementKind;
    /** Written as JSON text. */
    terms: ColumnType<AgreementTerms, string, never>;
    drafted_by_kind: 'staff';
    drafted_by_id: string;
    drafted_by_name: string;
    drafted_at: Date;
  };
  money_agreement_explanation: {
    person_id: string;
    agreement_id: string;
    id: string;
    explained_on: string;
    explained_to: string;
    how: string;
    explained_by_kind: 'staff';
    explained_by_id: string;
    explained_by_name: string;
    recorded_at: Date;
  };
  money_agreement_decision: {
    person_id: string;
    agreement_id: string;
    outcome: 'agreed' | 'declined';
    acting_as: 'self' | 'representative';
    decided_by_kind: 'citizen';
    decided_by_id: string;
    decided_by_name: string;
    circle_member_id: string | null;
    authority_type: string | null;
    capacity_assessed_on: string | null;
    capacity_assessed_by: string | null;
    capacity_outcome: 'can' | 'cannot' | null;
    person_involvement: string | null;
    person_wishes: string | null;
    decided_at: Date;
  };
}
