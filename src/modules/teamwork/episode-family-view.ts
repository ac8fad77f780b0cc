import type { AllowedDecision } from '../../data/person-data.ts';
import { formatUkDate, ukDate } from '../../dates.ts';
import { isLate, nextStep, type StepState } from './episode-rules.ts';
import { EPISODE_STEPS, type StepStatus } from './episode-steps.ts';
import type { BlockerRow, EpisodeRow, StepEventRow } from './store-episodes.ts';
import type { TeamworkStores } from './stores.ts';

// What the person and their family read about a stay, in plain words and "you": where things are, what happens
// next, who to call, and any form they are asked to sign, explained.

const FAMILY_STATUS: Record<StepStatus, string> = {
  not_started: 'Not started yet',
  in_progress: 'Happening now',
  done: 'Done',
  blocked: 'Held up',
};

/** Who a step names, with their job and where they work, and the phone number to call them on. */
const contactOf = (event: StepEventRow | null) =>
  event?.responsible_name
    ? {
        name: event.responsible_name,
        role: `${event.responsible_job_title}, ${event.responsible_organisation}`,
        phone: event.responsible_phone,
      }
    : null;

/** The agreements about money the person has not yet answered: forms they are asked to sign, each explained. */
async function formsToSign(stores: TeamworkStores, personId: string, today: string) {
  const budget = await stores.budgets.budgetFor(today);
  if (!budget) return [];
  const agreements = await stores.budgets.agreements(budget.id);
  const answered = new Set(
    (await stores.budgets.decisions(agreements.map((agreement) => agreement.id))).map((row) => row.agreement_id),
  );
  return agreements
    .filter((agreement) => !answered.has(agreement.id))
    .map((agreement) => ({
      title: agreement.kind === 'top_up' ? 'Care home top-up agreement' : 'Direct payment agreement',
      explained:
        agreement.kind === 'top_up'
          ? 'The care home costs more than the council pays. This form asks whether someone will pay the difference each week, and what happens if they stop. Read it, in plain words, before you sign.'
          : 'This form says how you get money to pay for your own support, and what you agree to do with it. Read it, in plain words, before you sign.',
      href: `/people/${personId}/budget/agreements/${agreement.id}`,
    }));
}

/** The stay as the person and their family read it. */
export async function episodeFamilyView(
  loaded: { episode: EpisodeRow; steps: StepState<StepEventRow>[]; blockers: BlockerRow[] },
  stores: TeamworkStores,
  decision: AllowedDecision,
  now: Date,
) {
  const { episode, steps, blockers } = loaded;
  const today = ukDate(now);
  const next = nextStep(steps);
  const blocker = next?.status === 'blocked' ? blockers.filter((row) => row.step === next.step).at(-1) : undefined;
  const leaving =
    steps.find((state) => state.step === 'discharge')!.latest?.expected_on ?? episode.expected_discharge_on;
  const contact =
    contactOf(next?.latest ?? null) ?? contactOf(steps.find((state) => state.latest?.responsible_name)?.latest ?? null);
  return {
    episodeId: episode.id,
    closed: episode.closed_at !== null,
    whereNow: episode.closed_at
      ? `Your stay at ${episode.place_name} (${episode.organisation_name}) ended on ${formatUkDate(episode.closed_on)}.`
      : `You are at ${episode.place_name}, ${episode.organisation_name}. You went in on ${formatUkDate(episode.admitted_on)}. You are expected to leave on ${formatUkDate(leaving)}.`,
    next: next && {
      title: EPISODE_STEPS[next.step].family,
      status: FAMILY_STATUS[next.status],
      by: next.latest?.expected_on ? formatUkDate(next.latest.expected_on) : null,
      blocker: blocker && {
        whatHappened: blocker.what_happened,
        whatNext: blocker.what_next,
        whoDecides: blocker.who_decides,
        newDate: formatUkDate(blocker.new_date),
        delayDays: blocker.delay_days,
      },
    },
    contact,
    steps: steps.map((state) => ({
      title: EPISODE_STEPS[state.step].family,
      status: FAMILY_STATUS[state.status],
      by: state.latest?.expected_on ? formatUkDate(state.latest.expected_on) : null,
      late: isLate(state, today),
      who: state.latest?.responsible_name ?? null,
    })),
    forms: decision.may('budget', 'read') ? await formsToSign(stores, episode.person_id, today) : [],
    mayAddWhatYouKnow: !episode.closed_at && decision.may('about_me', 'write'),
  };
}
