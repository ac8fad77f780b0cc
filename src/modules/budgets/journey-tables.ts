import type { JourneyState, JourneyStepKey, Responsible } from './journey.ts';

/** The budget journey's table: each change to a step is a new version, and the newest version is the step. */
export interface JourneyTables {
  budget_journey_step: {
    person_id: string;
    budget_id: string;
    step: JourneyStepKey;
    version: number;
    state: JourneyState;
    /** What happens next, in plain words; required while the step is in progress. */
    next_action: string | null;
    responsible_kind: Responsible | null;
    /** The care-team place or the circle member, for those kinds. */
    responsible_id: string | null;
    /** Their name as it was when the step was saved, or the name typed for someone else. */
    responsible_name: string | null;
    /** A phone number or email typed for someone else. */
    responsible_contact: string | null;
    expected_on: string | null;
    changed_by_kind: 'staff' | 'citizen';
    changed_by_id: string;
    changed_by_name: string;
    changed_at: Date;
  };
}
