import { formatUkDate } from '../../dates.ts';
import { authorityCovers, authorityTypeName } from '../people/index.ts';
import { formatPence } from './money.ts';
import { FREQUENCIES } from './terms.ts';
import type { AgreementTerms } from './agreement-kinds.ts';

// Money agreements in plain words: a direct payment (a funder pays money to the person, or to someone for them, to
// arrange their own support) and a top-up (someone pays the difference between what the council pays for a care
// home and the home's fee). The terms are what was agreed; the text is made from them, so the words the person read
// are the words that were agreed. Who may agree follows the Mental Capacity Act 2005.

/** The kind of authority a member of the circle of support holds (the people module's words). */
type AuthorityType = NonNullable<Parameters<typeof authorityCovers>[0]>;

export {
  AGREEMENT_FREQUENCIES,
  AGREEMENT_KINDS,
  isAgreementKind,
  type AgreementFrequency,
  type AgreementKind,
  type AgreementTerms,
  type DirectPaymentTerms,
  type TopUpTerms,
} from './agreement-kinds.ts';

/** A problem with terms, by the form field it belongs to. */
export type TermsProblem = { field: string; message: string };

/** What is wrong with terms that each field alone cannot tell: a top-up is exactly the difference between the fee and what the council pays. */
export function termsProblems(terms: AgreementTerms): TermsProblem[] {
  if (terms.kind !== 'top_up') return [];
  if (terms.homeFeePence <= terms.councilPaysPence)
    return [
      {
        field: 'home_fee',
        message: `The home’s fee must be more than the ${formatPence(terms.councilPaysPence)} the council pays, or there is no top-up`,
      },
    ];
  const difference = terms.homeFeePence - terms.councilPaysPence;
  if (terms.amountPence !== difference)
    return [
      {
        field: 'amount',
        message: `The top-up must be the difference between the home’s fee and what the council pays: ${formatPence(difference)} a week`,
      },
    ];
  return [];
}

const weeks = (count: number) => (count === 1 ? '1 week’s' : `${count} weeks’`);
/** Ends a sentence typed by someone with a full stop unless it has one. */
export const sentence = (typed: string) => (/[.!?]$/.test(typed.trim()) ? typed.trim() : `${typed.trim()}.`);

export type AgreementSection = { heading: string; sentences: string[] };

/**
 * The agreement in plain English, spoken to the person ("you"): short sentences, each money word explained the
 * first time it is used. The same text is shown on the page, put in the PDF and agreed to.
 */
export function agreementText(terms: AgreementTerms): AgreementSection[] {
  const amount = formatPence(terms.amountPence);
  const how = FREQUENCIES[terms.frequency];
  const starts = formatUkDate(terms.startsOn);
  const parties = terms.kind === 'top_up' ? `You, ${terms.payer} or ${terms.payee}` : `You or ${terms.payer}`;
  const ending = {
    heading: 'How to end this agreement',
    sentences: [
      `${parties} can end this agreement by giving ${weeks(terms.noticeWeeks)} notice.`,
      `Notice means telling the others in writing when it will end, at least ${terms.noticeWeeks === 1 ? '1 week' : `${terms.noticeWeeks} weeks`} before.`,
      sentence(terms.howToEnd),
      'Ending this agreement does not end your care. Your social worker will talk with you about what happens next.',
    ],
  };
  if (terms.kind === 'top_up') {
    const fee = formatPence(terms.homeFeePence);
    const council = formatPence(terms.councilPaysPence);
    return [
      {
        heading: 'What this agreement is about',
        sentences: [
          `This agreement is about paying for your place at ${terms.payee}.`,
          `${terms.payee} charges ${fee} a week.`,
          `${terms.councilName} pays ${council} a week. That is what the council pays for a care home that meets your needs.`,
          `The difference is ${amount} a week. This extra payment is called a top-up.`,
          'You chose a home that costs more than the council pays, so someone has to pay the difference.',
        ],
      },
      {
        heading: 'Who pays, and when',
        sentences: [
          `${terms.payer} will pay the top-up of ${amount} ${how} to ${terms.payee}.`,
          `The first payment is for the week that starts on ${starts}.`,
          `That is ${formatPence(terms.amountPence * 52)} over a year.`,
          'The top-up can go up when the home’s fee goes up. You will be asked again before it changes.',
        ],
      },
      {
        heading: 'If the top-up cannot be paid',
        sentences: [
          `If ${terms.payer} cannot keep paying, tell your social worker straight away.`,
          sentence(terms.ifItStops),
        ],
      },
      ending,
    ];
  }
  return [
    {
      heading: 'What this agreement is about',
      sentences: [
        'A direct payment is money paid to you, or to someone for you, so you can arrange your own support.',
        `The money is for: ${sentence(terms.paysFor)}`,
      ],
    },
    {
      heading: 'Who pays, and when',
      sentences: [
        `${terms.payer} will pay ${amount} ${how} to ${terms.payee}.`,
        `The first payment is for the period that starts on ${starts}.`,
      ],
    },
    {
      heading: 'What you agree to do',
      sentences: [
        'Use the money only for the support in your plan.',
        'Keep receipts and bank statements for everything you pay for.',
        'Tell your social worker if your needs change, or if money is left over.',
        'Your direct payment will be looked at again within 6 months, then at least once a year.',
      ],
    },
    {
      heading: 'If the payments stop',
      sentences: [sentence(terms.ifItStops)],
    },
    ending,
  ];
}

/** What Mental Capacity Act 2005 facts a representative records before agreeing for the person. */
export type CapacityAssessment = {
  /** When the person's capacity to make this decision was assessed, 'YYYY-MM-DD'. */
  assessedOn: string;
  /** Who assessed it, and their role. */
  assessedBy: string;
  /** Whether the person can make this decision themselves. */
  outcome: 'can' | 'cannot';
  /** How the person was involved in the decision. */
  involvement: string;
  /** What the person said they want. */
  wishes: string;
};

/** Who is trying to agree, as the rules need to know them. */
export type WouldBeAgreer =
  | { as: 'self' }
  | { as: 'staff' }
  /** Someone in the circle of support who may only read what the person shares with them. */
  | { as: 'circle' }
  | {
      as: 'representative';
      authorityType: AuthorityType | null;
      /** Whether their authority counts today (its dates). */
      authorityInForce: boolean;
      /** The capacity facts they recorded for this decision, if any yet. */
      capacity: CapacityAssessment | null;
    };

export type MayAgree = { may: true; as: 'self' | 'representative' } | { may: false; reason: string };

/**
 * Whether this authority lets a representative agree about money at all, before any capacity facts: a lasting power
 * of attorney for property and financial affairs, or a deputy for property and affairs, in force today. An
 * appointee manages benefits only.
 */
export function representativeMayAgree(
  personName: string,
  authorityType: AuthorityType | null,
  authorityInForce: boolean,
): MayAgree {
  const needed = `So you cannot agree to this for ${personName}. Only ${personName} can agree to it, or someone with a lasting power of attorney for property and financial affairs, or a deputy for property and affairs appointed by the court.`;
  if (authorityType === 'appointee')
    return {
      may: false,
      reason: `As an appointee you manage ${personName}’s benefits only. ${needed}`,
    };
  if (!authorityCovers(authorityType, 'money'))
    return {
      may: false,
      reason: authorityType
        ? `Your ${lowerFirst(authorityTypeName(authorityType))} covers decisions about care and health, not money. ${needed}`
        : `You do not have a recorded authority to make decisions about ${personName}’s money. ${needed}`,
    };
  if (!authorityInForce)
    return {
      may: false,
      reason: `Your authority to act for ${personName} is not in force today, so you cannot agree for them.`,
    };
  return { may: true, as: 'representative' };
}

/**
 * Who may agree a money agreement: the person for themselves; a representative only with authority over money in
 * force and a capacity assessment for this decision finding the person cannot make it; never staff. A refusal
 * carries the sentence to show.
 */
export function whoMayAgree(personName: string, agreer: WouldBeAgreer): MayAgree {
  switch (agreer.as) {
    case 'self':
      return { may: true, as: 'self' };
    case 'staff':
      return {
        may: false,
        reason: `Staff cannot agree a money agreement for ${personName}. ${personName}, or someone with authority over their money, must agree it.`,
      };
    case 'circle':
      return {
        may: false,
        reason: `Only ${personName}, or someone with authority over their money, can agree this.`,
      };
    case 'representative': {
      const authority = representativeMayAgree(personName, agreer.authorityType, agreer.authorityInForce);
      if (!authority.may) return authority;
      if (!agreer.capacity)
        return {
          may: false,
          reason: `Before you agree for ${personName}, record the assessment of whether they can make this decision themselves.`,
        };
      if (agreer.capacity.outcome === 'can')
        return {
          may: false,
          reason: `The assessment found that ${personName} can make this decision. They must agree or say no for themselves.`,
        };
      return { may: true, as: 'representative' };
    }
  }
}

/** Nobody agrees to something that was not explained, and each agreement is decided once. */
export function mayDecideNow(facts: { explained: boolean; decided: boolean }): string | null {
  if (facts.decided)
    return 'This agreement has already been answered. Ask for a new agreement if something has changed.';
  if (!facts.explained)
    return 'Nobody has recorded explaining this agreement yet. Ask your social worker to go through it with you first.';
  return null;
}

const lowerFirst = (words: string) => words.charAt(0).toLowerCase() + words.slice(1);
