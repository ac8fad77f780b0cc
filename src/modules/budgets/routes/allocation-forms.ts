import { z } from 'zod';
import { reasonText } from '../../../text.ts';
import type { AllocationScheme } from '../allocation-scheme.ts';
import type { Answers } from '../allocation.ts';
import { REVIEW_REASON_LENGTH } from '../allocation-service.ts';

// The allocation's forms: the questionnaire, made from the scheme in force, and asking for a figure to be looked at
// again.

/** The hidden field that says which version of the scheme the questions came from. */
export const SCHEME_VERSION_FIELD = '_scheme_version';

/** One answer per question, each one of that question's options, sent as its place in the list. */
export function answersForm(scheme: AllocationScheme): z.ZodType<{ schemeVersion: number; answers: Answers }> {
  const shape: Record<string, z.ZodType<number>> = {};
  for (const question of scheme.questions) {
    const message = `Select an answer about ${question.topic}`;
    const options = question.options.map((_, index) => String(index)) as [string, ...string[]];
    shape[question.key] = z.enum(options, { message }).transform(Number);
  }
  return z
    .object({
      [SCHEME_VERSION_FIELD]: z
        .string({ message: 'This form is out of date. Open it again.' })
        .regex(/^\d{1,9}$/, 'This form is out of date. Open it again.')
        .transform(Number),
    })
    .extend(shape)
    .transform((form: Record<string, number>) => ({
      schemeVersion: form[SCHEME_VERSION_FIELD]!,
      answers: Object.fromEntries(scheme.questions.map((question) => [question.key, form[question.key]!])),
    }));
}

export const lookAgainForm = () =>
  z.object({
    assessment: z.uuid({ message: 'This form is out of date. Open it again.' }),
    reason: z
      .string()
      .default('')
      .pipe(
        reasonText(REVIEW_REASON_LENGTH.min, REVIEW_REASON_LENGTH.max, {
          enter: 'Enter why you think the figure should be looked at again',
          tooShort: `Say a little more about why: at least ${REVIEW_REASON_LENGTH.min} characters`,
          tooLong: `Your reason must be ${REVIEW_REASON_LENGTH.max.toLocaleString('en-GB')} characters or fewer`,
        }),
      ),
  });
