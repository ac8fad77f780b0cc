import { z } from 'zod';
import { optionalEmail, optionalText, optionalUkPhone } from '../../../web/text-fields.ts';
import type { ContactChange } from '../contact-change.ts';
import { dayName, parseTime, WORKING_DAYS } from '../working-hours.ts';

/** A field that a hand-made request left out counts as left empty. */
const leftOutIsEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((value) => value ?? '', schema);

/** Ticked days: one value or several, each a day of the week, in week order. */
const workingDays = z
  .preprocess(
    (value) => (value === undefined || value === '' ? [] : [value].flat()),
    z.array(z.enum(WORKING_DAYS, { error: 'Select the days you work from the list' })).max(7),
  )
  .transform((days) => WORKING_DAYS.filter((day) => days.includes(day)));

const time = (name: string) =>
  leftOutIsEmpty(optionalText(name, 20)).refine(
    (typed) => typed === null || parseTime(typed) !== null,
    `Enter ${name} as a time, like 9am, 5:30pm or 17:30`,
  );

/**
 * How people reach a member of staff at work: phone, email, team, the days they work and their hours. Used on their
 * own page (/account/contact) and, with their role and job title, on their administrator's.
 */
export const contactFields = {
  workPhone: leftOutIsEmpty(optionalUkPhone),
  workEmail: leftOutIsEmpty(optionalEmail),
  team: leftOutIsEmpty(optionalText('team', 200)),
  workingDays,
  workingFrom: time('the time you start'),
  workingUntil: time('the time you finish'),
};

/** The hours make sense together: both or neither, and the end after the start. */
export function checkHours(
  fields: { workingFrom: string | null; workingUntil: string | null },
  context: z.RefinementCtx,
): void {
  const from = fields.workingFrom && parseTime(fields.workingFrom);
  const until = fields.workingUntil && parseTime(fields.workingUntil);
  if (from && !fields.workingUntil)
    context.addIssue({ code: 'custom', path: ['workingUntil'], message: 'Enter the time you finish' });
  if (until && !fields.workingFrom)
    context.addIssue({ code: 'custom', path: ['workingFrom'], message: 'Enter the time you start' });
  if (from && until && until <= from)
    context.addIssue({
      code: 'custom',
      path: ['workingUntil'],
      message: 'The time you finish must be after the time you start',
    });
}

export const contactDetailsForm = z.object(contactFields).superRefine(checkHours);

/** The form's answers as the change to save: times on the 24-hour clock. */
export const contactChange = (answers: ContactChange): ContactChange => ({
  workPhone: answers.workPhone,
  workEmail: answers.workEmail?.toLowerCase() ?? null,
  team: answers.team,
  workingDays: answers.workingDays,
  workingFrom: answers.workingFrom && parseTime(answers.workingFrom),
  workingUntil: answers.workingUntil && parseTime(answers.workingUntil),
});

/** Checkbox items for the days, with those given ticked. */
export const dayItems = (ticked: unknown) => {
  const days = [ticked ?? []].flat();
  return WORKING_DAYS.map((day) => ({ value: day, text: dayName(day), checked: days.includes(day) }));
};
