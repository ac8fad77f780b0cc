import { z } from 'zod';
import { dateBoxes, dateField, withDateFields } from '../../../web/date-field.ts';
import type { DateInput } from '../../../web/date-input.ts';
import type { FormErrors } from '../../../web/forms.ts';
import { optionalText } from '../../../web/text-fields.ts';
import type { JourneyStepRow, StepAnswer } from '../journey-service.ts';

// The form that changes a step of the budget journey: its state, what happens next, who and by when.

const text = z.string().default('');
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const WHO = new RegExp(`^(person|other|(team|circle):${UUID})$`);

/** Nothing typed, or only spaces. */
const blank = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

export const EXPECTED_INPUT = { label: 'The date it is expected', optional: true } satisfies DateInput;

export const stepForm = () =>
  withDateFields(
    ['expected_on'],
    z
      .object({
        state: z.enum(['not_started', 'in_progress', 'done'], { message: 'Select where this step is up to' }),
        next_action: text.pipe(optionalText('what happens next', 500)),
        who: text.pipe(z.string().refine((typed) => typed === '' || WHO.test(typed), 'Select who is doing it')),
        who_name: text.pipe(optionalText('their name', 200)),
        who_contact: text.pipe(optionalText('how to contact them', 200)),
        expected_on: dateField(EXPECTED_INPUT),
        version: text.pipe(z.string().regex(/^\d{1,6}$/, 'This form is out of date. Open it again.')).transform(Number),
      })
      // Checked even when another field has a problem, so that every problem is named at once.
      .superRefine(
        (sent: unknown, context) => {
          const form = sent as Record<string, unknown>;
          const problem = (path: string, message: string) =>
            context.addIssue({ code: 'custom', path: [path], message });
          const inProgress = form.state === 'in_progress';
          if (inProgress && blank(form.next_action))
            problem('next_action', 'Enter what happens next, as the step is in progress');
          if (inProgress && blank(form.who)) problem('who', 'Select who is doing it, as the step is in progress');
          if (form.who === 'other' && blank(form.who_name)) problem('who_name', 'Enter the name of who is doing it');
        },
        { when: () => true },
      ),
  );

const FIELD_ORDER = ['state', 'next_action', 'who', 'who_name', 'who_contact', 'expected_on', 'version'];

/** The form's problems in the order its fields are on the page: the checks across fields come last otherwise. */
export function inPageOrder(errors: FormErrors): FormErrors {
  const rank = (href: string) => {
    const index = FIELD_ORDER.indexOf(href.slice(1));
    return index === -1 ? FIELD_ORDER.length : index;
  };
  return { ...errors, list: [...errors.list].sort((one, other) => rank(one.href) - rank(other.href)) };
}

export type StepFormAnswer = z.infer<ReturnType<typeof stepForm>>;

export const answerOf = (form: StepFormAnswer): StepAnswer => ({
  state: form.state,
  nextAction: form.next_action,
  who: form.who === '' ? null : form.who.toLowerCase(),
  otherName: form.who === 'other' ? form.who_name : null,
  otherContact: form.who === 'other' ? form.who_contact : null,
  expectedOn: form.expected_on,
});

/** A saved step as the form's values, to change it from. */
export const valuesOf = (row: JourneyStepRow | undefined, version: number): Record<string, unknown> => ({
  version: String(version),
  state: row?.state ?? 'not_started',
  next_action: row?.next_action ?? '',
  who:
    row?.responsible_kind === 'care_team_member'
      ? `team:${row.responsible_id}`
      : row?.responsible_kind === 'circle_member'
        ? `circle:${row.responsible_id}`
        : row?.responsible_kind === 'person'
          ? 'person'
          : row?.responsible_kind === 'someone_else'
            ? 'other'
            : '',
  who_name: row?.responsible_kind === 'someone_else' ? row.responsible_name : '',
  who_contact: row?.responsible_contact ?? '',
  ...dateBoxes('expected_on', row?.expected_on ?? null),
});
