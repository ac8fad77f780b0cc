import { addMonths } from '../../dates.ts';

// The steps of a personal health budget as a journey the person can follow: what each step is, in words for the
// person, and which steps the record itself shows are done. Plain functions, no database.

export type JourneyState = 'not_started' | 'in_progress' | 'done';
export type Responsible = 'care_team_member' | 'person' | 'circle_member' | 'someone_else';

/** What the record shows about the budget, for the steps that are done when the record says so. */
export type JourneyFacts = {
  /** Whether an indicative amount has been worked out for the person. */
  hasAllocation: boolean;
  planLines: number;
  /** The money each funding stream has given the budget. */
  streamsGivenPence: number[];
};

type Step = {
  title: string;
  description: string;
  /** When the step is done because of what the record holds, not because someone said so. */
  doneWhen?: { words: string; isDone: (facts: JourneyFacts) => boolean };
};

export const JOURNEY_STEPS = {
  eligibility: {
    title: 'Check you can have a personal health budget',
    description: 'Your care team checks that a personal health budget is right for you and that you can have one.',
  },
  needs: {
    title: 'Talk about your needs and what matters to you',
    description: 'You and your team talk about your health, your life and what you want to change.',
  },
  indicative_amount: {
    title: 'Find out roughly how much money there is',
    description: 'Your team works out about how much money you can expect, so you can plan with a real figure.',
    doneWhen: {
      words: 'This step is done once the amount has been worked out and recorded.',
      isDone: (facts) => facts.hasAllocation,
    },
  },
  plan: {
    title: 'Plan how the money is spent',
    description: 'You and your team write down the support you want, who gives it and what it costs.',
    doneWhen: {
      words: 'This step is done once the support plan has something in it.',
      isDone: (facts) => facts.planLines > 0,
    },
  },
  approval: {
    title: 'Get the plan agreed',
    description: 'The NHS or the council checks the plan is safe and meets your needs, then agrees to pay for it.',
  },
  money: {
    title: 'Set up the money',
    description:
      'The money is set up the way you chose: arranged for you, held by a provider, or paid to you as a direct payment.',
    doneWhen: {
      words: 'This step is done once every source of funding has put money into the budget.',
      isDone: (facts) => facts.streamsGivenPence.length > 0 && facts.streamsGivenPence.every((given) => given > 0),
    },
  },
  support: {
    title: 'Arrange your support',
    description: 'Your support is booked and starts: carers or assistants taken on, services booked, equipment bought.',
  },
  review: {
    title: 'Check how it is going',
    description:
      'Your team checks the support is working for you. A direct payment is reviewed within 6 months of the first payment, then at least once a year.',
  },
} as const satisfies Record<string, Step>;

export type JourneyStepKey = keyof typeof JOURNEY_STEPS;
export const JOURNEY_STEP_KEYS = Object.keys(JOURNEY_STEPS) as JourneyStepKey[];
export const isJourneyStep = (value: unknown): value is JourneyStepKey =>
  typeof value === 'string' && Object.hasOwn(JOURNEY_STEPS, value);

export const JOURNEY_STATES: Record<JourneyState, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
};

/** Whether the record shows the step is done: true or false for a step the record decides, null for one the team marks. */
export function doneByRecord(step: JourneyStepKey, facts: JourneyFacts): boolean | null {
  const rule: Step = JOURNEY_STEPS[step];
  return rule.doneWhen ? rule.doneWhen.isDone(facts) : null;
}

/** What a step says about when it is done, for a step the record decides. */
export function doneWhenWords(step: JourneyStepKey): string | null {
  const rule: Step = JOURNEY_STEPS[step];
  return rule.doneWhen?.words ?? null;
}

/**
 * A step's state. A step the record decides is done exactly when the record says so; until then it is in progress
 * once someone has started it. Any other step is what was last saved, or not started.
 */
export function stepState(step: JourneyStepKey, saved: JourneyState | undefined, facts: JourneyFacts): JourneyState {
  const done = doneByRecord(step, facts);
  if (done === null) return saved ?? 'not_started';
  if (done) return 'done';
  return saved === undefined || saved === 'not_started' ? 'not_started' : 'in_progress';
}

export type ReviewDue = {
  /** The date the next review is due by; null while no money has been paid into the direct-payment account. */
  dueOn: string | null;
  /** Whether the next review is the first one, due within 6 months of the first payment. */
  first: boolean;
  overdue: boolean;
};

/**
 * When a direct payment is next reviewed: within 6 months of the first payment into the direct-payment account, then
 * at least every 12 months after the last review. A review held before the first payment does not count. A month
 * without the day moves to its last day (31 August + 6 months is the end of February). Overdue the day after.
 */
export function nextReview(firstPaymentOn: string | null, lastReviewOn: string | null, today: string): ReviewDue {
  if (!firstPaymentOn) return { dueOn: null, first: true, overdue: false };
  const reviewedSince = lastReviewOn !== null && lastReviewOn >= firstPaymentOn ? lastReviewOn : null;
  const dueOn = reviewedSince ? addMonths(reviewedSince, 12) : addMonths(firstPaymentOn, 6);
  return { dueOn, first: reviewedSince === null, overdue: today > dueOn };
}
