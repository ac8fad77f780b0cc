import { z } from 'zod';
import type { DateInput } from '../../../web/date-input.ts';
import { checkDateRange, dateField, dateRangeFields, withDateFields } from '../../../web/date-field.ts';
import { optionalText, requiredText } from '../../../web/text-fields.ts';
import { parseOwner } from '../task-rules.ts';
import { TASK_STATUSES } from '../task-rules.ts';
import type { TimelineKind } from '../timeline-entry.ts';

// The forms of tasks and the timeline: what each field must hold, and the message when it does not.

const text = z.string().default('');
const keys = <K extends string>(record: Record<K, unknown>) => Object.keys(record) as [K, ...K[]];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DUE_DATE = { label: 'The due date', missing: 'Enter the date the task is due' } satisfies DateInput;

const owner = z
  .string({ message: 'Choose who the task is for' })
  .min(1, 'Choose who the task is for')
  .transform((value, context) => {
    const parsed = parseOwner(value);
    if (!parsed) {
      context.addIssue({ code: 'custom', message: 'Choose who the task is for from the list' });
      return z.NEVER;
    }
    return parsed;
  });

const basedOn = z.coerce
  .number({ message: 'The form was not complete: open the task again' })
  .int('The form was not complete: open the task again')
  .min(1, 'The form was not complete: open the task again');
const part = z.enum(['plan', 'notes'], { message: 'The form was not complete: open the task again' });

export const newTaskForm = () =>
  withDateFields(
    ['due'],
    z
      .object({
        plan_action: z
          .string()
          .default('none')
          .refine((value) => value === 'none' || UUID.test(value), 'Choose an action from the plan, or none')
          .transform((value) => (value === 'none' ? null : value.toLowerCase())),
        title: text.pipe(optionalText('the title', 200)),
        details: text.pipe(optionalText('the details', 2000)),
        owner,
        due: dateField(DUE_DATE),
      })
      .superRefine(
        (form, context) => {
          const noAction = form.plan_action === null || form.plan_action === 'none';
          if (noAction && !form.title?.trim())
            context.addIssue({ code: 'custom', path: ['title'], message: 'Enter what needs doing' });
        },
        // Checked alongside every other field's message, unless the title or the action has its own.
        { when: ({ issues }) => !issues.some((issue) => ['title', 'plan_action'].includes(String(issue.path?.[0]))) },
      ),
  );

export const STATUS_CHOICES = TASK_STATUSES;

export const statusForm = () =>
  z
    .object({
      based_on: basedOn,
      part,
      status: z.enum(keys(TASK_STATUSES), { message: 'Choose the task’s status' }),
      reason: text.pipe(optionalText('the reason', 1000)),
      note: text.pipe(optionalText('the note', 1000)),
    })
    .superRefine(
      (form, context) => {
        if (form.status === 'delayed' && !form.reason?.trim())
          context.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the task is delayed' });
      },
      // Checked alongside every other field's message, unless the reason has its own.
      { when: ({ issues }) => !issues.some((issue) => issue.path?.[0] === 'reason') },
    );

export const handOverForm = () =>
  z.object({
    based_on: basedOn,
    part,
    owner,
    note: text.pipe(requiredText('the note', 1000, 'Enter a note for whoever takes the task over')),
  });

export const TIMELINE_KINDS: Record<TimelineKind, string> = {
  plan: 'Plan changes',
  task: 'Tasks',
  episode: 'Hospital stays and moves',
  referral: 'Panel referrals and decisions',
  message: 'Messages',
  note: 'Notes',
};

export const timelineFilterForm = () =>
  withDateFields(
    ['from', 'to'],
    z
      .object({
        kind: z
          .union([z.string(), z.array(z.string())])
          .default([])
          .transform((value) => (Array.isArray(value) ? value : [value]))
          .pipe(z.array(z.enum(keys(TIMELINE_KINDS), { message: 'Choose what to show from the list' }))),
        ...dateRangeFields(),
      })
      .superRefine(checkDateRange),
  );

export const noteForm = () => z.object({ body: text.pipe(requiredText('the note', 2000, 'Enter the note')) });
