import { z } from 'zod';
import { dateField, withDateFields } from '../../../web/date-field.ts';
import type { DateInput } from '../../../web/date-input.ts';
import { requiredText } from '../../../web/text-fields.ts';
import { AGREEMENT_FREQUENCIES, termsProblems, type AgreementKind, type AgreementTerms } from '../agreement-terms.ts';
import { poundsField } from './forms.ts';

// The money-agreement forms: the terms as a practitioner writes them, that they explained them, and the answer.

const text = z.string().default('');
const notInFuture = (today: string) => (date: string, label: string) =>
  date > today ? `${label} must be today or in the past` : undefined;

export const STARTS_INPUT = { label: 'The date of the first payment' } satisfies DateInput;

const noticeWeeks = text.pipe(
  z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, 'Enter how many weeks’ notice as a whole number, like 4')
    .transform(Number)
    .refine((weeks) => weeks >= 1 && weeks <= 52, 'Notice must be between 1 and 52 weeks'),
);

const shared = {
  payer: text.pipe(requiredText('who pays', 200, 'Enter who pays')),
  payee: text.pipe(requiredText('who is paid', 200, 'Enter who is paid')),
  starts_on: dateField(STARTS_INPUT),
  if_it_stops: text.pipe(requiredText('what happens if the payments stop', 1000)),
  how_to_end: text.pipe(requiredText('how to end the agreement', 1000)),
  notice_weeks: noticeWeeks,
};

/** The terms of an agreement of one kind; the top-up's amount must be the difference the form names. */
export const draftForm = (kind: AgreementKind) =>
  withDateFields(
    ['starts_on'],
    kind === 'top_up'
      ? z
          .object({
            ...shared,
            payee: text.pipe(requiredText('the care home', 200, 'Enter the name of the care home')),
            council_name: text.pipe(requiredText('who pays the rest of the fee', 200)),
            home_fee: poundsField('the home’s weekly fee'),
            council_pays: poundsField('what the council pays each week'),
            amount: poundsField('the weekly top-up'),
          })
          .transform((form): AgreementTerms => ({
            kind: 'top_up',
            payer: form.payer,
            payee: form.payee,
            amountPence: form.amount,
            frequency: 'weekly',
            startsOn: form.starts_on,
            ifItStops: form.if_it_stops,
            howToEnd: form.how_to_end,
            noticeWeeks: form.notice_weeks,
            councilName: form.council_name,
            councilPaysPence: form.council_pays,
            homeFeePence: form.home_fee,
          }))
      : z
          .object({
            ...shared,
            pays_for: text.pipe(requiredText('what the money is for', 500)),
            amount: poundsField('the amount of each payment'),
            frequency: z.enum(AGREEMENT_FREQUENCIES, { message: 'Select how often it is paid' }),
          })
          .transform((form): AgreementTerms => ({
            kind: 'direct_payment',
            payer: form.payer,
            payee: form.payee,
            amountPence: form.amount,
            frequency: form.frequency,
            startsOn: form.starts_on,
            ifItStops: form.if_it_stops,
            howToEnd: form.how_to_end,
            noticeWeeks: form.notice_weeks,
            paysFor: form.pays_for,
          })),
  ).superRefine((terms, context) => {
    for (const problem of termsProblems(terms))
      context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

export const EXPLAINED_INPUT = { label: 'The date you explained it' } satisfies DateInput;

export const explainForm = (today: string) =>
  withDateFields(
    ['explained_on'],
    z.object({
      explained_on: dateField({ ...EXPLAINED_INPUT, check: notInFuture(today) }),
      explained_to: text.pipe(requiredText('who you explained it to', 200)),
      how: text.pipe(requiredText('how you explained it', 500)),
    }),
  );

export const ASSESSED_INPUT = { label: 'The date of the assessment' } satisfies DateInput;

const capacityFields = (today: string) => ({
  capacity_assessed_on: dateField({ ...ASSESSED_INPUT, check: notInFuture(today) }),
  capacity_assessed_by: text.pipe(requiredText('who assessed it', 200, 'Enter who assessed it, and their role')),
  capacity_outcome: z.enum(['can', 'cannot'], { message: 'Select what the assessment found' }),
  person_involvement: text.pipe(requiredText('how they were involved', 1000)),
  person_wishes: text.pipe(requiredText('what they said they want', 1000)),
});

/** The answer: agreed (the box ticked) or not, and for a representative the capacity facts of this decision. */
export const answerForm = (asRepresentative: boolean, today: string) => {
  const answer = z.object({
    outcome: z.enum(['agreed', 'declined'], { message: 'Choose whether you agree' }),
    understood: z.string().optional(),
  });
  const checked = <T extends { outcome: string; understood?: string | undefined }>(
    form: T,
    context: z.RefinementCtx,
  ) => {
    if (form.outcome === 'agreed' && form.understood !== 'yes')
      context.addIssue({
        code: 'custom',
        path: ['understood'],
        message: 'Tick “I understand and agree” to agree, or choose “I do not agree”',
      });
  };
  if (!asRepresentative)
    return answer.superRefine(checked).transform((form) => ({ outcome: form.outcome, capacity: null }));
  return withDateFields(
    ['capacity_assessed_on'],
    answer
      .extend(capacityFields(today))
      .superRefine(checked)
      .transform((form) => ({
        outcome: form.outcome,
        capacity: {
          assessedOn: form.capacity_assessed_on,
          assessedBy: form.capacity_assessed_by,
          outcome: form.capacity_outcome,
          involvement: form.person_involvement,
          wishes: form.person_wishes,
        },
      })),
  );
};
