import type { Kysely } from 'kysely';
import { appendOnly, runStatements } from '../statements.ts';

const STEPS = `('admission', 'what_matters', 'fit_for_discharge', 'assessments', 'funding', 'where_and_support',
  'equipment', 'transport', 'discharge', 'follow_up')`;

/**
 * Transfer-of-care episodes (a stay in hospital, a move between home, hospital and a care home). Everything is
 * history: an episode is written once, each change to a step is a new event, a blocker is a new row, and closing is
 * one row that cannot be written twice. The ward staff named when an episode starts hold care-team places (access's
 * care_team_member) for its length; which places are the episode's is kept here.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(db, [
    `create table episode (
       person_id uuid not null references person (person_id),
       id uuid not null,
       organisation_id uuid not null references organisation (id),
       place_name text not null check (length(place_name) between 1 and 200),
       admitted_on date not null,
       expected_discharge_on date not null,
       follow_up_hours integer not null check (follow_up_hours between 1 and 720),
       started_by_id uuid not null,
       started_by_name text not null,
       started_at timestamptz not null,
       primary key (person_id, id),
       check (expected_discharge_on >= admitted_on)
     )`,
    ...appendOnly('episode'),
    `create table episode_ward_place (
       person_id uuid not null,
       episode_id uuid not null,
       care_team_member_id uuid not null,
       primary key (person_id, episode_id, care_team_member_id),
       foreign key (person_id, episode_id) references episode (person_id, id),
       foreign key (person_id, care_team_member_id) references care_team_member (person_id, id)
     )`,
    ...appendOnly('episode_ward_place'),
    `create table episode_step_event (
       person_id uuid not null,
       id uuid not null,
       episode_id uuid not null,
       step text not null check (step in ${STEPS}),
       status text not null check (status in ('not_started', 'in_progress', 'done', 'blocked')),
       responsible_id uuid references staff_account (id),
       expected_on date,
       note text not null check (length(note) <= 2000),
       recorded_by_id uuid not null,
       recorded_by_name text not null,
       recorded_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, episode_id) references episode (person_id, id)
     )`,
    `create index episode_step_event_latest on episode_step_event (person_id, episode_id, step, recorded_at)`,
    ...appendOnly('episode_step_event'),
    `create table episode_blocker (
       person_id uuid not null,
       id uuid not null,
       episode_id uuid not null,
       step text not null check (step in ${STEPS}),
       reason text not null check (reason in ('placement_lost', 'infection_outbreak', 'waiting_assessment',
         'waiting_funding', 'waiting_equipment', 'waiting_transport', 'not_well_enough', 'other')),
       what_happened text not null check (length(what_happened) between 1 and 2000),
       what_next text not null check (length(what_next) between 1 and 2000),
       who_decides text not null check (length(who_decides) between 1 and 200),
       happened_on date not null,
       new_date date not null,
       delay_days integer not null check (delay_days >= 0),
       recorded_by_id uuid not null,
       recorded_by_name text not null,
       recorded_at timestamptz not null,
       primary key (person_id, id),
       foreign key (person_id, episode_id) references episode (person_id, id),
       check (new_date > happened_on)
     )`,
    ...appendOnly('episode_blocker'),
    `create table episode_closure (
       person_id uuid not null,
       episode_id uuid not null,
       closed_on date not null,
       how_it_ended text not null check (length(how_it_ended) between 1 and 2000),
       closed_by_id uuid not null,
       closed_by_name text not null,
       closed_at timestamptz not null,
       primary key (person_id, episode_id),
       foreign key (person_id, episode_id) references episode (person_id, id)
     )`,
    ...appendOnly('episode_closure'),
  ]);
}
