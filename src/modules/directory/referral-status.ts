import { formatUkDate, formatUkDateTime } from '../../dates.ts';
import type { CommunityReferralRow, ReferralEventRow } from './store-referrals.ts';
import type { DeclineReason, ReferralOutcome, SharedCopy } from './tables-referrals.ts';

// Plain rules about a referral: what the person may choose to share, where a referral stands from its events, how it
// reads on a page, and a service's response figures in words. No database here.

/** What the person may let the service see, each explained. Their name and why they are referred always go. */
export const SHARE_CHOICES = {
  contact: {
    you: 'How to contact you: your phone number, email address and home address',
    them: 'How to contact them: their phone number, email address and home address',
  },
  what_matters: {
    you: 'What matters to you, from your care and support plan',
    them: 'What matters to them, from their care and support plan',
  },
  goal: { you: 'The goal in your plan this referral is for', them: 'The goal in their plan this referral is for' },
  about_me: {
    you: 'Your About me: what you have written for people who support you',
    them: 'Their About me: what they have written for people who support them',
  },
  referrer_note: { you: 'The note written below for the service', them: 'The note written below for the service' },
} as const;
export type ShareChoice = keyof typeof SHARE_CHOICES;

export const DECLINE_REASONS: Record<DeclineReason, string> = {
  full: 'We have no space at the moment',
  not_eligible: 'The person is not eligible for this service',
  out_of_area: 'The person lives outside the area we cover',
  cannot_meet_need: 'We cannot meet this need',
  not_contactable: 'We could not contact the person',
  other: 'Another reason',
};

export const OUTCOMES: Record<ReferralOutcome, string> = {
  helped: 'It helped',
  partly: 'It helped a little',
  did_not_help: 'It did not help',
};

/** How many days the service has to answer a referral before it is reminded. */
export const DAYS_TO_ANSWER = 5;

export type ReferralStage = 'waiting' | 'accepted' | 'started' | 'declined' | 'ended' | 'withdrawn' | 'expired';

/** Where a referral stands: its latest step, and whether the service may still see it today. */
export function referralStage(referral: CommunityReferralRow, events: readonly ReferralEventRow[], today: string) {
  const own = events.filter((event) => event.referral_id === referral.id);
  const has = (kind: ReferralEventRow['kind']) => own.some((event) => event.kind === kind);
  const closedBy = own.find(
    (event) => event.kind === 'declined' || event.kind === 'ended' || event.kind === 'withdrawn',
  );
  const expired = referral.until_date < today;
  let stage: ReferralStage = 'waiting';
  if (closedBy) stage = closedBy.kind as ReferralStage;
  else if (expired) stage = 'expired';
  else if (has('started')) stage = 'started';
  else if (has('accepted')) stage = 'accepted';
  return { stage, open: !closedBy && !expired, answered: has('accepted') || has('declined'), events: own };
}

const STAGE_WORDS: Record<ReferralStage, string> = {
  waiting: 'Waiting for an answer',
  accepted: 'Accepted',
  started: 'Started',
  declined: 'Declined',
  ended: 'Ended',
  withdrawn: 'Stopped',
  expired: 'Sharing has ended',
};

const eventWords = (event: ReferralEventRow): string => {
  switch (event.kind) {
    case 'accepted':
      return `Accepted by ${event.by_name}`;
    case 'declined':
      return `Declined by ${event.by_name}: ${DECLINE_REASONS[event.decline_reason!]}`;
    case 'started':
      return `Support started, recorded by ${event.by_name}`;
    case 'outcome':
      return `${OUTCOMES[event.outcome!]}, recorded by ${event.by_name}`;
    case 'ended':
      return `Support ended, recorded by ${event.by_name}`;
    case 'reminded':
      return 'The service was reminded to answer';
    case 'withdrawn':
      return `Stopped by ${event.by_name}: the service can no longer see what was shared`;
  }
};

/** A referral as a page shows it: what was shared, with whom, until when, and what happened, in words. */
export function describeReferral(referral: CommunityReferralRow, events: readonly ReferralEventRow[], today: string) {
  const { stage, open, answered, events: own } = referralStage(referral, events, today);
  const shared = referral.shared;
  return {
    id: referral.id,
    service: referral.service_name,
    organisation: referral.organisation_name,
    goal: referral.goal,
    reason: referral.reason,
    until: formatUkDate(referral.until_date),
    referredOn: formatUkDate(referral.referred_at),
    referredBy: referral.referred_by_name,
    agreedBy: referral.agreed_by,
    answerDue: formatUkDate(referral.answer_due),
    overdue: !answered && open && referral.answer_due < today,
    stage,
    status: STAGE_WORDS[stage],
    open,
    mayAnswer: open && !answered,
    mayRecord: open && (stage === 'accepted' || stage === 'started'),
    mayStart: open && stage === 'accepted',
    shared: {
      name: shared.name,
      contact: shared.contact,
      whatMatters: shared.whatMatters,
      goal: shared.goal,
      aboutMe: shared.aboutMe,
      referrerNote: shared.referrerNote,
    } satisfies SharedCopy,
    sharedList: [
      'Your name',
      'Why you were referred',
      ...(shared.contact ? ['How to contact you'] : []),
      ...(shared.whatMatters !== undefined ? ['What matters to you'] : []),
      ...(shared.goal !== undefined ? ['The goal it is for'] : []),
      ...(shared.aboutMe ? ['Your About me'] : []),
      ...(shared.referrerNote !== undefined ? ['A note from whoever referred you'] : []),
    ],
    events: own.map((event) => ({ when: formatUkDateTime(event.at), text: eventWords(event), words: event.words })),
  };
}

export type DescribedReferral = ReturnType<typeof describeReferral>;

/** Fewer answered referrals than this and a service's figures are not shown (small numbers). */
export const FEWEST_FIGURES = 8;

/**
 * A service's response over the last year in words: "Usually answers in 2 days. Accepts 8 in 10 referrals." Nothing
 * with fewer than 8 answered referrals.
 */
export function responseFiguresText(figures: { answered: number; accepted: number; medianDays: number | null }) {
  if (figures.answered < FEWEST_FIGURES || figures.medianDays === null) return null;
  const days = Math.round(figures.medianDays);
  const answers =
    days < 1 ? 'Usually answers within a day.' : `Usually answers in ${days} day${days === 1 ? '' : 's'}.`;
  const inTen = Math.round((figures.accepted / figures.answered) * 10);
  return `${answers} Accepts ${inTen} in 10 referrals.`;
}
