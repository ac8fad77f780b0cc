import { z } from 'zod';
import { addDays } from '../../../dates.ts';
import { reasonText } from '../../../text.ts';
import { checkDateRange, dateField, dateRangeFields, withDateFields } from '../../../web/date-field.ts';
import type { DateCheck, DateInput } from '../../../web/date-input.ts';
import { optionalText } from '../../../web/text-fields.ts';
import { DECLINE_REASONS, OUTCOMES, SHARE_CHOICES } from '../referral-status.ts';

// The referral forms: what each field must hold, and the message when it does not.

const text = z.string().default('');
const keys = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];
const list = z
  .union([z.string(), z.array(z.string())])
  .default([])
  .transform((value) => (Array.isArray(value) ? value : [value]));

/** Today up to a year ahead: a referral shares a copy of the record for a while, never for ever. */
const withinTheNextYear =
  (today: string): DateCheck =>
  (date, label) =>
    date < today
      ? `${label} must be today or in the future`
      : date > addDays(today, 366)
        ? `${label} must be within the next year`
        : undefined;

export const untilInput = (today: string) =>
  ({
    label: 'The last day the service may see it',
    missing: 'Enter the last day the service may see what you share',
    check: withinTheNextYear(today),
  }) satisfies DateInput;

export const referForm = (today: string) =>
  withDateFields(
    ['until'],
    z
      .object({
        goal: z.string().default(''),
        reason: text.pipe(
          reasonText(10, 2000, {
            enter: 'Enter why this service could help',
            tooShort: 'Say why this service could help in at least 10 characters',
            tooLong: 'Why this service could help must be 2,000 characters or fewer',
          }),
        ),
        share: list.pipe(z.array(z.enum(keys(SHARE_CHOICES), { message: 'Select what to share from the list' }))),
        note: text.pipe(optionalText('the note for the service', 2000)),
        until: dateField(untilInput(today)),
        agreed_by: z
          .string({ message: 'Select who agreed to this referral' })
          .min(1, 'Select who agreed to this referral'),
      })
      .superRefine((form, context) => {
        if (form.share.includes('referrer_note') && !form.note)
          context.addIssue({ code: 'custom', path: ['note'], message: 'Write the note, or do not choose to share it' });
        if (form.share.includes('goal') && !form.goal)
          context.addIssue({
            code: 'custom',
            path: ['goal'],
            message: 'Choose the goal, or do not choose to share it',
          });
      }),
  );

export const answerForm = () =>
  z
    .object({
      answer: z.enum(['accept', 'decline'], { message: 'Select whether you accept the referral' }),
      reason: z.string().default(''),
      words: text.pipe(optionalText('more about why', 2000)),
    })
    .superRefine((form, context) => {
      if (form.answer !== 'decline') return;
      if (!Object.hasOwn(DECLINE_REASONS, form.reason))
        context.addIssue({ code: 'custom', path: ['reason'], message: 'Select why you are declining the referral' });
      else if (form.reason === 'other' && !form.words)
        context.addIssue({ code: 'custom', path: ['words'], message: 'Say why you are declining the referral' });
    });

export const stepForm = () =>
  z
    .object({
      step: z.enum(['started', 'outcome', 'ended'], { message: 'Select what happened' }),
      outcome: z.string().default(''),
      words: text.pipe(optionalText('the person’s own words', 2000)),
    })
    .superRefine((form, context) => {
      if (form.step !== 'outcome') return;
      if (!Object.hasOwn(OUTCOMES, form.outcome))
        context.addIssue({ code: 'custom', path: ['outcome'], message: 'Select whether it helped' });
      if (!form.words)
        context.addIssue({ code: 'custom', path: ['words'], message: 'Enter how it went, in the person’s own words' });
    });

export const gapsForm = withDateFields(['from', 'to'], z.object(dateRangeFields()).superRefine(checkDateRange));
