import type { BlockerReason, EpisodeStep, StepStatus } from './episode-steps.ts';

/** The episodes tables of the teamwork module, as Kysely sees them: every one is history, never changed. */
export interface EpisodeTables {
  /** A transfer of care: where the person is, since when, and when they are expected to leave. */
  episode: {
    person_id: string;
    id: string;
    organisation_id: string;
    place_name: string;
    admitted_on: string;
    expected_discharge_on: string;
    follow_up_hours: number;
    started_by_id: string;
    started_by_name: string;
    started_at: Date;
  };
  /** The care-team places the episode gave the ward staff, ended when it closes. */
  episode_ward_place: { person_id: string; episode_id: string; care_team_member_id: string };
  /** One change to a step: its newest event is the step as it stands. */
  episode_step_event: {
    person_id: string;
    id: string;
    episode_id: string;
    step: EpisodeStep;
    status: StepStatus;
    responsible_id: string | null;
    expected_on: string | null;
    note: string;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
  };
  /** Something that held a step up: what happened, what happens next, who decides and the new date. */
  episode_blocker: {
    person_id: string;
    id: string;
    episode_id: string;
    step: EpisodeStep;
    reason: BlockerReason;
    what_happened: string;
    what_next: string;
    who_decides: string;
    happened_on: string;
    new_date: string;
    delay_days: number;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
  };
  /** How and when an episode ended; one row, so it cannot close twice. */
  episode_closure: {
    person_id: string;
    episode_id: string;
    closed_on: string;
    how_it_ended: string;
    closed_by_id: string;
    closed_by_name: string;
    closed_at: Date;
  };
}
