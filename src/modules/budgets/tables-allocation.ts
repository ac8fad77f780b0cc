import type { ColumnType } from 'kysely';
import type { AllocationScheme } from './allocation-scheme.ts';
import type { Answers } from './allocation.ts';

/** Who wrote a row about a person: a member of staff, or the person or someone acting for them. */
type Writer = 'staff' | 'citizen';

/** The indicative allocation's tables. Nothing in them is ever changed or deleted. */
export interface AllocationTables {
  /** An organisation's resource-allocation scheme, version by version: the newest version is in force. Reference data. */
  allocation_scheme: {
    organisation_id: string;
    id: string;
    version: number;
    name: string;
    published_on: string;
    /** The whole scheme as checked by allocationSchemeSchema. Written as JSON text. */
    scheme: ColumnType<AllocationScheme, string, never>;
    published_at: Date;
    /** Who or what published it, in plain words: the demo, or the careweave command and the file it read. */
    published_by: string;
  };
  /** The questionnaire answered for a person, and the figure it gave under the scheme version it was answered on. */
  allocation_assessment: {
    person_id: string;
    id: string;
    scheme_organisation_id: string;
    scheme_id: string;
    scheme_version: number;
    /** The option chosen for each question, by key. Written as JSON text. */
    answers: ColumnType<Answers, string, never>;
    points: number;
    amount_pence: number;
    assessed_by_kind: Writer;
    assessed_by_id: string;
    assessed_by_name: string;
    assessed_at: Date;
  };
  /** The person, or someone acting for them, asking for a figure to be looked at again; a newer figure answers it. */
  allocation_review_request: {
    person_id: string;
    id: string;
    assessment_id: string;
    reason: string;
    asked_by_kind: Writer;
    asked_by_id: string;
    asked_by_name: string;
    asked_at: Date;
  };
}
