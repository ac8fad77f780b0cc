import { z } from 'zod';
import { addDays } from '../../../dates.ts';
import { dateField, withDateFields } from '../../../web/date-field.ts';
import { withinAYear, type DateInput } from '../../../web/date-input.ts';
import { optionalText, requiredText } from '../../../web/text-fields.ts';
import { BLOCKER_REASONS, STEP_KEYS, STEP_STATUSES } from '../episode-steps.ts';

// The forms of episodes: what each field must hold, and the message when it does not. Dates out of order are
// refused here, by the later date's field, before anything is saved.

const text = z.string().default('');
const keys = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : [value].flat()));

export const admittedInput = (today: string) =>
  ({ label: 'The date of admission', check: withinAYear(today) }) satisfies DateInput;
export const expectedDischargeInput = (today: string) =>
  ({ label: 'The expected date of leaving', check: withinAYear(today) }) satisfies DateInput;

export const startForm = (today: string) =>
  withDateFields(
    ['admitted', 'expected_discharge'],
    z
      .object({
        organisation: z.uuid({ message: 'Select where the stay is from the list' }),
        place_name: text.pipe(requiredText('the ward or place', 200, 'Enter the ward or place, like Elm Ward')),
        admitted: dateField(admittedInput(today)),
        expected_discharge: dateField(expectedDischargeInput(today)),
        follow_up_hours: z.coerce
          .number({ message: 'Enter the hours as a number, like 48' })
          .int('Enter the hours as a whole number, like 48')
          .min(1, 'The follow-up call must be within 1 to 720 hours of leaving')
          .max(720, 'The follow-up call must be within 1 to 720 hours of leaving'),
        ward_staff: list.pipe(
          z
            .array(z.uuid({ message: 'Select the ward staff from the list' }))
            .min(1, 'Select at least one member of the ward staff'),
        ),
      })
      .superRefine((form, context) => {
        if (form.expected_discharge < form.admitted)
          context.addIssue({
            code: 'custom',
            path: ['expected_discharge'],
            message: 'The expected date of leaving must be the same as or after the date of admission',
          });
      }),
  );

export const stepDateInput = (today: string) =>
  ({ label: 'The expected date', optional: true, check: withinAYear(today) }) satisfies DateInput;

export const stepForm = (today: string) =>
  withDateFields(
    ['expected'],
    z.object({
      status: z.enum(keys(STEP_STATUSES), { message: 'Select where this step is' }),
      responsible: z
        .string()
        .default('')
        .pipe(
          z.union([
            z.literal('').transform(() => null),
            z.uuid({ message: 'Select who is responsible from the list' }),
          ]),
        ),
      expected: dateField(stepDateInput(today)),
      note: text.pipe(optionalText('the note', 2000)),
    }),
  );

export const happenedInput = (today: string) =>
  ({
    label: 'The date it happened',
    check: (date, label) =>
      date > today
        ? `${label} must be today or in the past`
        : date < addDays(today, -365)
          ? `${label} must be within the last year`
          : undefined,
  }) satisfies DateInput;
export const newDateInput = (today: string) =>
  ({ label: 'The new date', check: withinAYear(today) }) satisfies DateInput;

export const blockerForm = (today: string) =>
  withDateFields(
    ['happened', 'new_date'],
    z
      .object({
        step: z.enum(STEP_KEYS, { message: 'Select which step is held up' }),
        reason: z.enum(keys(BLOCKER_REASONS), {
          message: 'Select why it is held up',
        }),
        what_happened: text.pipe(requiredText('what happened', 2000)),
        what_next: text.pipe(requiredText('what happens next', 2000)),
        who_decides: text.pipe(requiredText('who decides', 200)),
        happened: dateField(happenedInput(today)),
        new_date: dateField(newDateInput(today)),
      })
      .superRefine((form, context) => {
        if (form.new_date <= form.happened)
          context.addIssue({
            code: 'custom',
            path: ['new_date'],
            message: 'The new date must be after the date it happened',
          });
      }),
  );

export const closeForm = () =>
  z.object({
    how_it_ended: text.pipe(
      requiredText('how the stay ended', 2000, 'Enter how the stay ended, like “Went home with support”'),
    ),
  });

export const whatYouKnowForm = () =>
  z.object({
    what_you_know: text.pipe(
      requiredText('what you know', 1000, 'Enter what you know, like what they can do for themselves'),
    ),
  });
