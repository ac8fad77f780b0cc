import { formatUkDate, ukDate } from '../../../dates.ts';
import { isLate } from '../episode-rules.ts';
import { BLOCKER_REASONS, EPISODE_STEPS, STEP_STATUSES, type BlockerReason } from '../episode-steps.ts';
import type { EpisodeService } from '../episodes-service.ts';

// What the staff pages of episodes show, shaped from what the service read: a summary row per step, the
// blockers with their delays, and the history of changes.

/** The staff page of one episode, as the service reads it. */
type StaffEpisode = Extract<Awaited<ReturnType<EpisodeService['episode']>>, { isCitizen: false }>;

const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;

/** The staff page of one episode. */
export function describeEpisode(page: StaffEpisode, now: Date) {
  const today = ukDate(now);
  const path = `/people/${page.episode.person_id}/episodes/${page.episode.id}`;
  return {
    name: page.name,
    episode: page.episode,
    closed: page.episode.closed_at !== null,
    mayChange: page.mayChange,
    path,
    dischargeOn: formatUkDate(page.dischargeOn),
    totalDelay: page.totalDelayDays ? days(page.totalDelayDays) : null,
    wardStaff: page.wardStaff.map((member) => `${member.staff_name}, ${member.job_title}`),
    steps: page.steps.map((state) => {
      const latest = state.latest;
      return {
        key: state.step,
        title: EPISODE_STEPS[state.step].staff,
        status: STEP_STATUSES[state.status],
        blocked: state.status === 'blocked',
        late: isLate(state, today),
        expected: latest?.expected_on ? formatUkDate(latest.expected_on) : 'No date yet',
        who: latest?.responsible_name
          ? `${latest.responsible_name}, ${latest.responsible_job_title}${latest.responsible_phone ? ` (${latest.responsible_phone})` : ''}`
          : 'Nobody named yet',
        href: `${path}/steps/${state.step}`,
      };
    }),
    blockers: page.blockers.map((blocker) => ({
      step: EPISODE_STEPS[blocker.step].staff,
      reason: BLOCKER_REASONS[blocker.reason],
      whatHappened: blocker.what_happened,
      whatNext: blocker.what_next,
      whoDecides: blocker.who_decides,
      happenedOn: formatUkDate(blocker.happened_on),
      newDate: formatUkDate(blocker.new_date),
      delay: days(blocker.delay_days),
      recordedBy: blocker.recorded_by_name,
    })),
    history: [...page.events].reverse().map((event) => ({
      what: `${EPISODE_STEPS[event.step].staff}: ${STEP_STATUSES[event.status].toLowerCase()}${
        event.expected_on ? `, expected ${formatUkDate(event.expected_on)}` : ''
      }`,
      note: event.note,
      by: event.recorded_by_name,
      at: event.recorded_at,
    })),
  };
}

/** A manager's delays by reason, as table rows. */
export const managerRows = (delays: { reason: BlockerReason; count: number; days: number }[]) =>
  delays.map((row) => [
    { text: BLOCKER_REASONS[row.reason] },
    { text: row.count.toLocaleString('en-GB'), format: 'numeric' },
    { text: row.days.toLocaleString('en-GB'), format: 'numeric' },
  ]);
