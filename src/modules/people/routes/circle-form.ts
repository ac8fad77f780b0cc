import { z } from 'zod';
import type { CircleMemberKind } from '../tables.ts';
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

/** The "add someone to the circle of support" form. `today` is the UK date. */
export function circleMemberForm(today: string) {
  const text = z.string().default('');
  const kinds = CIRCLE_KINDS.map((entry) => entry.value) as [CircleMemberKind, ...CircleMemberKind[]];
  return withDateFields(
    ['authority_until'],
    z
      .object({
        name: text.pipe(requiredText('name', 200, 'Enter their name')),
        relationship: text.pipe(
          requiredText('relationship', 100, 'Enter how they know the person, like daughter or neighbour'),
        ),
        kind: z.enum(kinds, { message: 'Select the kind of support they give' }),
        phone: text.pipe(optionalPhone),
        email: text.pipe(optionalEmail),
        may_act_for_person: yesNo('Select yes if they may act for the person'),
        authority: text.pipe(optionalText('authority', 500)),
        authority_until: z.object({ day: z.string(), month: z.string(), year: z.string() }),
      })
      // Checked as a whole so these messages show alongside any others, not only once the rest is right.
      .superRefine((form, ctx) => {
        if (!form.may_act_for_person) return;
        if (!form.authority) {
          ctx.addIssue({
            code: 'custom',
            path: ['authority'],
            message: 'Say what gives them authority, like a lasting power of attorney',
          });
        }
        const until = parseDateInput(form.authority_until, authorityUntilInput(today));
        if (!until.ok) ctx.addIssue({ code: 'custom', path: ['authority_until'], message: until.message });
      })
      // Authority only means something for someone who may act; otherwise what was typed there is dropped.
      .transform((form) => {
        const until = form.may_act_for_person
          ? parseDateInput(form.authority_until, authorityUntilInput(today))
          : undefined;
        return {
          ...form,
          authority: form.may_act_for_person ? form.authority : null,
          authority_until: until?.ok ? until.date : null,
        };
      }),
  );
}

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
