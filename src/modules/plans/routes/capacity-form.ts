import { z } from 'zod';
import { dateField, withDateFields } from '../../../web/date-field.ts';
import type { DateInput } from '../../../web/date-input.ts';
import { normaliseLineEndings, requiredText } from '../../../web/text-fields.ts';
import type { CapacityFacts } from '../capacity-rule.ts';

// The capacity questions a representative answers before agreeing the plan for the person (Mental Capacity Act 2005).

export const CAPACITY_WORDS_MAX = 2000;
const NAME_MAX = 200;

/** Whether the form was sent as a representative's agreement with the capacity questions. */
export const CAPACITY_MARKER = 'capacity_asked';

const notInFuture = (today: string) => (date: string, label: string) =>
  date > today ? `${label} must be today or in the past` : undefined;

export const assessedOnInput = (today: string) =>
  ({ label: 'The date of the assessment', check: notInFuture(today) }) satisfies DateInput;

const text = z.string().default('');
const words = (name: string, enter: string) =>
  text.transform(normaliseLineEndings).pipe(requiredText(name, CAPACITY_WORDS_MAX, enter));

/** The capacity facts, each checked by its field. */
export const capacityForm = (today: string) =>
  withDateFields(
    ['assessed_on'],
    z
      .object({
        assessed_on: dateField(assessedOnInput(today)),
        assessor_name: text.pipe(requiredText('the name of who assessed it', NAME_MAX)),
        assessor_role: text.pipe(requiredText('the role of who assessed it', NAME_MAX)),
        capacity_outcome: z.enum(['cannot', 'can'], { message: 'Select what the assessment found' }),
        involvement: words('how they were involved', 'Enter how they were involved in the decision'),
        wishes: words('what they said they want', 'Enter what they said they want'),
      })
      .transform((form): CapacityFacts => ({
        assessedOn: form.assessed_on,
        assessorName: form.assessor_name,
        assessorRole: form.assessor_role,
        outcome: form.capacity_outcome,
        involvement: form.involvement,
        wishes: form.wishes,
      })),
  );
