import { z } from 'zod';
import { addDays } from '../../../dates.ts';
import { dateField, withDateFields } from '../../../web/date-field.ts';
import type { DateInput } from '../../../web/date-input.ts';
import { optionalText, requiredText } from '../../../web/text-fields.ts';
import { MOST_PENCE, formatPence, parsePounds } from '../money.ts';
import { FREQUENCIES, MANAGED_AS, SPENDING_CATEGORIES, STREAM_KINDS } from '../terms.ts';

// The budget's forms: what each field must hold, and the message when it does not.

const text = z.string().default('');
const keys = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];

/** An amount of money typed in pounds, as whole pence above nothing. */
export const poundsField = (name: string) =>
  text.transform((typed, context) => {
    if (typed.trim() === '') {
      context.addIssue({ code: 'custom', message: `Enter ${name}` });
      return z.NEVER;
    }
    const pence = parsePounds(typed);
    if (pence === null) {
      context.addIssue({
        code: 'custom',
        message: `${capitalFirst(name)} must be an amount of money up to ${formatPence(MOST_PENCE)}, like 125.50`,
      });
      return z.NEVER;
    }
    if (pence === 0) {
      context.addIssue({ code: 'custom', message: `${capitalFirst(name)} must be more than £0` });
      return z.NEVER;
    }
    return pence;
  });

const capitalFirst = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

/** An id chosen from radios or a list: one of those offered, or the message. */
const chosenId = (message: string) => z.string({ message }).uuid({ message });

/** A budget's period: a start, and an end after it and no more than two years on. */
export const PERIOD_INPUTS = {
  starts_on: { label: 'The first day of the budget' } satisfies DateInput,
  ends_on: { label: 'The last day of the budget' } satisfies DateInput,
};
export const periodForm = () =>
  withDateFields(
    ['starts_on', 'ends_on'],
    z
      .object({ starts_on: dateField(PERIOD_INPUTS.starts_on), ends_on: dateField(PERIOD_INPUTS.ends_on) })
      .superRefine((form, context) => {
        if (form.ends_on <= form.starts_on)
          context.addIssue({
            code: 'custom',
            path: ['ends_on'],
            message: 'The last day of the budget must be after the first day',
          });
        else if (form.ends_on > addDays(form.starts_on, 731))
          context.addIssue({
            code: 'custom',
            path: ['ends_on'],
            message: 'A budget can cover two years at most: start another for the years after',
          });
      }),
  );

export const REVIEW_INPUT = { label: 'The date this funding is reviewed' } satisfies DateInput;

export const streamForm = () =>
  withDateFields(
    ['review_on'],
    z.object({
      kind: z.enum(keys(STREAM_KINDS), { message: 'Select the kind of funding' }),
      funder_name: text.pipe(requiredText('who gives the money', 200, 'Enter who gives the money')),
      amount: poundsField('the amount for the budget period'),
      managed_as: z.enum(keys(MANAGED_AS), { message: 'Select how the money is managed' }),
      allowed_categories: z
        .union([z.string(), z.array(z.string())])
        .default([])
        .transform((value) => (Array.isArray(value) ? value : [value]))
        .pipe(
          z.array(z.enum(keys(SPENDING_CATEGORIES), { message: 'Select what the money may pay for from the list' })),
        ),
      review_on: dateField(REVIEW_INPUT),
    }),
  );

export const lineForm = () =>
  z.object({
    what: text.pipe(requiredText('what the support is', 300, 'Enter what the support is')),
    provider: text.pipe(requiredText('who provides it', 200, 'Enter who provides it, or “You” if you arrange it')),
    unit_cost: poundsField('the cost each time'),
    quantity: text.pipe(
      z
        .string()
        .trim()
        .regex(/^\d{1,4}$/, 'Enter how many each time as a whole number, like 2')
        .transform(Number)
        .refine((value) => value >= 1, 'How many each time must be 1 or more'),
    ),
    frequency: z.enum(keys(FREQUENCIES), { message: 'Select how often' }),
    category: z.enum(keys(SPENDING_CATEGORIES), { message: 'Select what kind of support it is' }),
    goal: z
      .string()
      .default('')
      .transform((value) => (value === '' || value === 'none' ? null : value))
      .pipe(chosenId('Select the goal it serves').nullable()),
    stream: chosenId('Select which funding pays for it'),
    version: text
      .pipe(z.string().regex(/^\d{1,6}$/, 'This form is out of date. Open it again.'))
      .transform((typed) => Number(typed || '0')),
  });

export type LineFormAnswer = z.infer<ReturnType<typeof lineForm>>;

export const OCCURRED_INPUT = { label: 'The date' } satisfies DateInput;

/** Money in, out or moved: which funding, how much, when, and for spending what it paid for and to whom. */
export const moneyForm = (kind: string, today: string) =>
  withDateFields(
    ['occurred_on'],
    z
      .object({
        stream: chosenId('Select which funding'),
        amount: poundsField('the amount'),
        occurred_on: dateField({
          ...OCCURRED_INPUT,
          check: (date, label) => (date > today ? `${label} must be today or in the past` : undefined),
        }),
        description: text.pipe(requiredText('what it was for', 300, 'Enter what it was for')),
        payee: text.pipe(optionalText('who was paid', 200)),
        category: z.string().default(''),
        line: z.string().default(''),
        receipt: text.pipe(optionalText('the receipt reference', 100)),
        idempotency_key: chosenId('This form has expired. Open it again and send it once more.'),
      })
      .superRefine((form, context) => {
        if (kind !== 'spend') return;
        if (!form.payee) context.addIssue({ code: 'custom', path: ['payee'], message: 'Enter who was paid' });
        if (!(form.category in SPENDING_CATEGORIES))
          context.addIssue({ code: 'custom', path: ['category'], message: 'Select what it paid for' });
        if (form.line !== '' && form.line !== 'none' && !z.uuid().safeParse(form.line).success)
          context.addIssue({ code: 'custom', path: ['line'], message: 'Select a line of the support plan' });
      }),
  );

export const reverseForm = () =>
  z.object({
    reason: text.pipe(requiredText('why it is being corrected', 300, 'Enter why this is being corrected')),
  });
