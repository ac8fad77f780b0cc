import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dateField } from '../../../web/date-field.ts';
import { notInPast, type DateInput } from '../../../web/date-input.ts';
import type { Action } from '../content.ts';
import type { PlanPeople } from '../editing-service.ts';

// The form fields the plan's question pages are built from.

const count = (max: number) => max.toLocaleString('en-GB');

/** Text from a text box or area: line breaks counted once, trimmed; `required` gives the message for an empty one. */
export const words = (label: string, max: number, required?: string) =>
  z
    .string({ message: required ?? `${label} must be text` })
    .default('')
    .transform((typed) => typed.replace(/\r\n?/g, '\n').trim())
    .pipe(
      required
        ? z
            .string()
            .min(1, required)
            .max(max, `${label} must be ${count(max)} characters or fewer`)
        : z.string().max(max, `${label} must be ${count(max)} characters or fewer`),
    );

/** One text field for each label, all at most `max` long; those in `required` must be filled in. */
export const withTrimmedLabels = <K extends string>(labels: Record<K, string>, max: number, required: K[] = []) =>
  z.object(
    Object.fromEntries(
      Object.entries<string>(labels).map(([field, label]) => [
        field,
        words(label, max, required.includes(field as K) ? `Enter ${label.toLowerCase()}` : undefined),
      ]),
    ) as Record<K, ReturnType<typeof words>>,
  );

/** A score from 0 to 10, or nothing. */
export const score = (message: string) =>
  z
    .string()
    .default('')
    .refine((typed) => typed === '' || /^(10|[0-9])$/.test(typed), message)
    .transform((typed) => (typed === '' ? null : Number(typed)));

/** A saved score as the radios show it: nothing chosen for no score. */
export const scoreValue = (saved: number | null): string => (saved === null ? '' : String(saved));

/** One value from a list, such as a select built from the care team. */
export const oneOf = (allowed: string[], message: string) =>
  z.string({ message }).refine((value) => allowed.includes(value), message);

/** Boxes ticked: none, one (a string) or several (an array), each from the list. */
export const ticked = (allowed: string[], message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => [value].flat())
    .refine((values) => values.every((value) => allowed.includes(value)), message);

/** A date typed into three boxes, checked by the product's one date input (web/date-input.ts). */
export type DateRule = DateInput;
/** A real date; `notPast` refuses one before today; `required` is the message for empty boxes, else empty means no date. */
export const dateRule = (
  label: string,
  today: string,
  options: { notPast?: boolean; required?: string },
): DateRule => ({
  label,
  optional: !options.required,
  missing: options.required,
  check: options.notPast ? notInPast(today) : undefined,
});
/** The answer to a date question: 'YYYY-MM-DD', or null when an optional date is left empty. */
export const dateAnswer = (rule: DateRule) => dateField(rule);

/** A saved date (YYYY-MM-DD) in the three boxes of the date input named `prefix`. */
export { dateBoxes } from '../../../web/date-field.ts';

// ---------- who can be named ----------

type ActionOwner = Action['owner'];
export type OwnerChoice = { value: string; text: string; name: string; kind: ActionOwner['kind']; id: string | null };

/** The select value that stands for an action's owner. */
const ownerValue = (owner: ActionOwner): string =>
  owner.kind === 'person'
    ? 'person'
    : owner.kind === 'circle_member'
      ? `circle:${owner.id}`
      : owner.kind === 'care_team_member'
        ? `team:${owner.id}`
        : owner.kind === 'other'
          ? 'other'
          : 'kept';

/**
 * Select options for "who": the person, their circle, their care team, or someone else. When an action is
 * changed, its owner stays a choice even if they have left the team or circle since, so changing the date does
 * not change who does it.
 */
export function ownerChoices(people: PlanPeople, current?: ActionOwner): OwnerChoice[] {
  const choices: OwnerChoice[] = [
    { value: 'person', text: `${people.personName} (the person)`, name: people.personName, kind: 'person', id: null },
    ...people.circle.map((member) => ({
      value: `circle:${member.id}`,
      text: `${member.name} (${member.description})`,
      name: member.name,
      kind: 'circle_member' as const,
      id: member.id,
    })),
    ...people.careTeam.map((member) => ({
      value: `team:${member.id}`,
      text: `${member.name} (${member.description})`,
      name: member.name,
      kind: 'care_team_member' as const,
      id: member.id,
    })),
  ];
  if (current && current.kind !== 'other' && !choices.some((choice) => choice.value === ownerValue(current))) {
    choices.push({
      value: 'kept',
      text: `${current.name} (as now)`,
      name: current.name,
      kind: current.kind,
      id: current.id,
    });
  }
  return [...choices, { value: 'other', text: 'Someone else, or an organisation', name: '', kind: 'other', id: null }];
}

/** What the owner fields of the action form show for a saved action. */
export const ownerFields = (people: PlanPeople, owner: ActionOwner) => {
  const value = ownerChoices(people, owner).some((choice) => choice.value === ownerValue(owner))
    ? ownerValue(owner)
    : 'kept';
  return { owner: value, owner_name: owner.kind === 'other' ? owner.name : '' };
};

export const nameOf = (people: PlanPeople, id: string | null) =>
  [...people.careTeam, ...people.circle].find((member) => member.id === id)?.name;

/** The plan version a form was opened on (`based_on`); 0, which is no version and so a conflict, when absent or malformed. */
export function basedOnFrom(request: FastifyRequest): number {
  const typed = Number((request.body as Record<string, unknown> | undefined)?.based_on);
  return Number.isInteger(typed) && typed > 0 ? typed : 0;
}
