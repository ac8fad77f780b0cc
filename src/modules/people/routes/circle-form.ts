import { z } from 'zod';
import type { AuthorityType, CircleMemberKind } from '../tables.ts';
import { AUTHORITY_REFERENCE, AUTHORITY_TYPES, authorityTypeName } from '../authority.ts';
import { withDateFields } from '../../../web/date-field.ts';
import { inFuture, parseDateInput, type DateInput } from '../../../web/date-input.ts';
import { optionalEmail, optionalPhone, optionalText, requiredText, yesNo } from '../../../web/text-fields.ts';

/** The kinds of people in a circle of support, in the order offered. */
export const CIRCLE_KINDS: { value: CircleMemberKind; text: string }[] = [
  { value: 'family', text: 'Family' },
  { value: 'friend', text: 'Friend or neighbour' },
  { value: 'unpaid_carer', text: 'Unpaid carer' },
  { value: 'advocate', text: 'Advocate' },
  { value: 'legal_representative', text: 'Legal representative' },
];

export const circleKindName = (kind: CircleMemberKind): string =>
  CIRCLE_KINDS.find((entry) => entry.value === kind)?.text ?? kind;

export const AUTHORITY_UNTIL_LABEL = 'The date their authority ends';
export const AUTHORITY_FROM_LABEL = 'The date their authority started';

const AUTHORITY_VALUES = AUTHORITY_TYPES.map((entry) => entry.value) as [AuthorityType, ...AuthorityType[]];

/** The "add someone to the circle of support" form. `today` is the UK date. */
export function circleMemberForm(today: string) {
  const text = z.string().default('');
  const kinds = CIRCLE_KINDS.map((entry) => entry.value) as [CircleMemberKind, ...CircleMemberKind[]];
  const dateBoxes = z.object({ day: z.string(), month: z.string(), year: z.string() });
  return withDateFields(
    ['authority_from', 'authority_until'],
    z
      .object({
        name: text.pipe(requiredText('name', 200, 'Enter their name')),
        relationship: text.pipe(
          requiredText('relationship', 100, 'Enter their relationship, like daughter or neighbour'),
        ),
        kind: z.enum(kinds, { message: 'Select the kind of support they give' }),
        phone: text.pipe(optionalPhone),
        email: text.pipe(optionalEmail),
        may_act_for_person: yesNo('Select yes or no'),
        authority_type: z.string().default(''),
        authority_reference: text.pipe(optionalText('reference', 40)),
        authority_from: dateBoxes,
        authority_until: dateBoxes,
      })
      // Checked as a whole so these messages show alongside any others, not only once the rest is right.
      .superRefine((form, ctx) => {
        if (!form.may_act_for_person) return;
        if (!(AUTHORITY_VALUES as string[]).includes(form.authority_type))
          ctx.addIssue({ code: 'custom', path: ['authority_type'], message: 'Select what gives them authority' });
        if (!form.authority_reference)
          ctx.addIssue({
            code: 'custom',
            path: ['authority_reference'],
            message: 'Enter the reference on their authority, like 7000-1234-5678',
          });
        else if (!AUTHORITY_REFERENCE.test(form.authority_reference))
          ctx.addIssue({
            code: 'custom',
            path: ['authority_reference'],
            message: 'The reference must be letters, numbers, spaces, hyphens or slashes, like 7000-1234-5678',
          });
        for (const [field, input] of [
          ['authority_from', authorityFromInput(today)],
          ['authority_until', authorityUntilInput(today)],
        ] as const) {
          const date = parseDateInput(form[field], input);
          if (!date.ok) ctx.addIssue({ code: 'custom', path: [field], message: date.message });
        }
      })
      // Authority only means something for someone who may act; otherwise what was typed there is dropped.
      .transform((form) => {
        const acts = form.may_act_for_person;
        const date = (field: 'authority_from' | 'authority_until', input: DateInput) => {
          const parsed = acts ? parseDateInput(form[field], input) : undefined;
          return parsed?.ok ? parsed.date : null;
        };
        const type = acts ? (form.authority_type as AuthorityType) : null;
        return {
          ...form,
          authority: type && authorityTypeName(type),
          authority_type: type,
          authority_reference: acts ? form.authority_reference : null,
          authority_from: date('authority_from', authorityFromInput(today)),
          authority_until: date('authority_until', authorityUntilInput(today)),
        };
      }),
  );
}

/** When their authority started: required, and not in the future. */
export const authorityFromInput = (today: string): DateInput => ({
  label: AUTHORITY_FROM_LABEL,
  missing: 'Enter the date their authority started',
  check: (date, label) => (date > today ? `${label} must be today or in the past` : undefined),
});

/** When their authority ends: optional, and after today. The form and the boxes marked in error both use it. */
export const authorityUntilInput = (today: string): DateInput => ({
  label: AUTHORITY_UNTIL_LABEL,
  optional: true,
  check: inFuture(today),
});

/** The form's answer, as the circle service saves it. */
export type CircleMemberAnswer = Extract<
  ReturnType<ReturnType<typeof circleMemberForm>['safeParse']>,
  { success: true }
>['data'];
