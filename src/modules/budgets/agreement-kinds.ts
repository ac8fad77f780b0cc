// The terms of a money agreement as they are kept: no imports, so the tables can name them.

export const AGREEMENT_KINDS = {
  direct_payment: 'Direct payment agreement',
  top_up: 'Care home top-up agreement',
} as const;
export type AgreementKind = keyof typeof AGREEMENT_KINDS;
export const isAgreementKind = (value: unknown): value is AgreementKind =>
  typeof value === 'string' && value in AGREEMENT_KINDS;

/** How often a payment is made under an agreement: regular payments only. */
export const AGREEMENT_FREQUENCIES = ['weekly', 'every_four_weeks', 'monthly'] as const;
export type AgreementFrequency = (typeof AGREEMENT_FREQUENCIES)[number];

type Shared = {
  /** Who pays. */
  payer: string;
  /** Who is paid. */
  payee: string;
  amountPence: number;
  frequency: AgreementFrequency;
  /** The first day payments are for, 'YYYY-MM-DD'. */
  startsOn: string;
  /** What happens if the payments stop, in the practitioner's words. */
  ifItStops: string;
  /** How to end the agreement, in the practitioner's words. */
  howToEnd: string;
  /** How many weeks' notice ending it needs. */
  noticeWeeks: number;
};

export type DirectPaymentTerms = Shared & {
  kind: 'direct_payment';
  /** What the money is for. */
  paysFor: string;
};

export type TopUpTerms = Shared & {
  kind: 'top_up';
  frequency: 'weekly';
  /** Who pays the rest of the fee: the council. */
  councilName: string;
  /** What the council pays the home each week. */
  councilPaysPence: number;
  /** The home's weekly fee. */
  homeFeePence: number;
};

export type AgreementTerms = DirectPaymentTerms | TopUpTerms;
