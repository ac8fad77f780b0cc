import { z } from 'zod';
import { reasonText } from '../../../text.ts';
import { optionalText, requiredText } from '../../../web/text-fields.ts';
import { CASE_SECTIONS } from '../case-content.ts';

// The panel's forms: what each field must hold, and the message when it does not.

const text = z.string().default('');
const keys = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];

export const submitForm = () =>
  z.object({
    panel: z.uuid({ message: 'Select which panel to send it to' }),
    sections: z
      .union([z.string(), z.array(z.string())])
      .default([])
      .transform((value) => (Array.isArray(value) ? value : [value]))
      .pipe(
        z
          .array(z.enum(keys(CASE_SECTIONS), { message: 'Select what to send from the list' }))
          .min(1, 'Select at least one part of the plan or budget to send'),
      ),
    asking_for: text.pipe(
      requiredText('what the panel is asked to agree', 2000, 'Enter what the panel is asked to agree'),
    ),
    person_view: text.pipe(
      requiredText(
        'what the person wants the panel to know',
        2000,
        'Enter what the person wants the panel to know, in their words',
      ),
    ),
    agreed_by: z
      .string({ message: 'Select who agreed to send this to the panel' })
      .min(1, 'Select who agreed to send this to the panel'),
  });

export const OUTCOMES = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  not_approved: 'Not approved',
} as const;

export const decisionForm = () =>
  z
    .object({
      outcome: z.enum(keys(OUTCOMES), { message: 'Select the panel’s decision' }),
      reasons: text.pipe(
        reasonText(10, 4000, {
          enter: 'Enter the reasons for the decision',
          tooShort: 'The reasons must say why, in at least 10 characters',
          tooLong: 'The reasons must be 4,000 characters or fewer',
        }),
      ),
      conditions: text.pipe(optionalText('the conditions', 4000)),
      risks: text.pipe(optionalText('the positive risks agreed', 4000)),
    })
    .superRefine((form, context) => {
      if (form.outcome === 'approved_with_conditions' && !form.conditions)
        context.addIssue({ code: 'custom', path: ['conditions'], message: 'Enter the conditions of the approval' });
    });

export const askAgainForm = () =>
  z.object({
    reason: text.pipe(
      reasonText(10, 2000, {
        enter: 'Enter why the panel should look again',
        tooShort: 'Say why in at least 10 characters',
        tooLong: 'The reason must be 2,000 characters or fewer',
      }),
    ),
  });
