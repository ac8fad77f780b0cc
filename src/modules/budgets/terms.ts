// The words of a personal budget: the kinds of funding, how money is managed, what it is spent on and the kinds of
// transaction in the ledger, each with the plain name pages show.

export const STREAM_KINDS = {
  nhs_personal_health_budget: 'NHS personal health budget',
  nhs_continuing_healthcare: 'NHS continuing healthcare',
  council_personal_budget: 'Council personal budget',
  mental_health_aftercare: 'Mental health aftercare (section 117)',
  grant: 'Grant',
  own_contribution: 'Your own contribution or top-up',
  other: 'Other funding',
} as const;
export type StreamKind = keyof typeof STREAM_KINDS;

/** How the money of a stream is managed, in words the person reads. */
export const MANAGED_AS = {
  notional: { name: 'Arranged for you', hint: 'The organisation that pays holds the money and arranges the support.' },
  third_party: { name: 'Held by a provider', hint: 'A provider you choose holds the money and arranges the support.' },
  direct_payment: {
    name: 'Direct payment',
    hint: 'The money is paid to you, or to someone acting for you, and you arrange and pay for the support.',
  },
} as const;
export type ManagedAs = keyof typeof MANAGED_AS;

/** What money is spent on. A funder's rules name the categories its money may pay for. */
export const SPENDING_CATEGORIES = {
  personal_care: 'Help at home and personal care',
  personal_assistant: 'A personal assistant',
  activities: 'Activities, clubs and days out',
  short_breaks: 'Short breaks for you or your carer',
  equipment: 'Equipment and adaptations',
  transport: 'Transport',
  therapy: 'Therapies and health support',
  learning_and_work: 'Learning, volunteering and work',
  other: 'Something else',
} as const;
export type SpendingCategory = keyof typeof SPENDING_CATEGORIES;
export const isSpendingCategory = (value: string): value is SpendingCategory => value in SPENDING_CATEGORIES;

export const FREQUENCIES = {
  once: 'once',
  weekly: 'every week',
  every_four_weeks: 'every 4 weeks',
  monthly: 'every month',
  yearly: 'every year',
} as const;
export type Frequency = keyof typeof FREQUENCIES;

/** A stream's accounts: what the funder committed, what is held, what was paid to the person, what was spent. */
export type LedgerAccount = 'funding' | 'held' | 'direct_payment' | 'spent';

export const TRANSACTION_KINDS = {
  allocation: 'Money added',
  payment: 'Paid into the direct-payment account',
  spend: 'Spent',
  refund: 'Refund',
  clawback: 'Money taken back',
  reversal: 'Correction',
} as const;
export type TransactionKind = keyof typeof TRANSACTION_KINDS;
