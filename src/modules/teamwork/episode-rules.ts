import { addDays, daysBetween } from '../../dates.ts';
import { STEP_KEYS, type EpisodeStep, type StepStatus } from './episode-steps.ts';

// The rules of a transfer of care, as plain functions: how a step stands from its history, what comes next, how
// long a blocker holds things up, and when the follow-up call is due.

/** One change to a step, as its history holds it. */
export type StepEvent = {
  step: EpisodeStep;
  status: StepStatus;
  responsible_id: string | null;
  expected_on: string | null;
};

/** A step as it stands: its newest event, or not started with nobody named when it has none. */
export type StepState<E extends StepEvent> = { step: EpisodeStep; status: StepStatus; latest: E | null };

/** Every step in order, each as its newest event (events come oldest first) leaves it. */
export function currentSteps<E extends StepEvent>(eventsOldestFirst: readonly E[]): StepState<E>[] {
  const latest = new Map<EpisodeStep, E>();
  for (const event of eventsOldestFirst) latest.set(event.step, event);
  return STEP_KEYS.map((step) => {
    const event = latest.get(step) ?? null;
    return { step, status: event?.status ?? 'not_started', latest: event };
  });
}

/** The step that comes next: a blocked one first (nothing moves until it is cleared), else the first not done. */
export const nextStep = <E extends StepEvent>(steps: readonly StepState<E>[]): StepState<E> | undefined =>
  steps.find((state) => state.status === 'blocked') ?? steps.find((state) => state.status !== 'done');

/** Days a blocker holds a step up: from the date it was expected (or the day it happened) to the new date. */
export const delayDays = (expectedOn: string | null, happenedOn: string, newDate: string): number =>
  Math.max(0, daysBetween(expectedOn ?? happenedOn, newDate));

/** The day the follow-up call is due: within the agreed hours of leaving, counted in whole days. */
export const followUpDue = (dischargeOn: string, followUpHours: number): string =>
  addDays(dischargeOn, Math.ceil(followUpHours / 24));

/**
 * The events a change to the discharge date brings with it: the follow-up call moves with it, unless it is done.
 * `steps` is how the steps stand before the change.
 */
export function followUpMoves<E extends StepEvent>(
  steps: readonly StepState<E>[],
  newDischargeOn: string,
  followUpHours: number,
): StepEvent[] {
  const followUp = steps.find((state) => state.step === 'follow_up')!;
  const due = followUpDue(newDischargeOn, followUpHours);
  if (followUp.status === 'done' || followUp.latest?.expected_on === due) return [];
  return [
    {
      step: 'follow_up',
      status: followUp.status,
      responsible_id: followUp.latest?.responsible_id ?? null,
      expected_on: due,
    },
  ];
}

/** Whether a step's date is late: past and not done. */
export const isLate = (state: StepState<StepEvent>, today: string): boolean =>
  state.status !== 'done' && state.latest?.expected_on != null && state.latest.expected_on < today;
