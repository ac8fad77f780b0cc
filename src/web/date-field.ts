import { z } from 'zod';
import type { FormErrors } from './forms.ts';
import { DATE_PARTS, parseDateInput, type DateInput, type DatePart, type TypedDate } from './date-input.ts';

/** What was typed into the three boxes of the date input named `prefix` (`prefix-day` and so on). */
export function typedDate(values: Record<string, unknown>, prefix: string): TypedDate {
  const text = (part: DatePart) => {
    const value = values[`${prefix}-${part}`];
    return typeof value === 'string' ? value : '';
  };
  return { day: text('day'), month: text('month'), year: text('year') };
}

/** A saved date ('YYYY-MM-DD', or null for none) as form values for the boxes of the date input named `prefix`. */
export const dateBoxes = (prefix: string, date: string | null): Record<string, string> =>
  date
    ? {
        [`${prefix}-day`]: String(Number(date.slice(8, 10))),
        [`${prefix}-month`]: String(Number(date.slice(5, 7))),
        [`${prefix}-year`]: date.slice(0, 4),
      }
    : {};

/**
 * A form schema that first gathers each date input's three boxes under the date's own name, so a date
 * is checked as one field (see dateField) and its message sits in the error summary in page order.
 */
export function withDateFields<S extends z.ZodType>(prefixes: string[], schema: S) {
  return z.preprocess((body) => {
    const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const gathered: Record<string, unknown> = { ...values };
    for (const prefix of prefixes) gathered[prefix] = typedDate(values, prefix);
    return gathered;
  }, schema);
}

/** What a date field gives: a date, or null too when the input may be optional and nothing was typed. */
type DateOf<I extends DateInput> = 'optional' extends keyof I
  ? I['optional'] extends false
    ? string
    : string | null
  : string;

/**
 * A zod field for a date gathered by withDateFields: 'YYYY-MM-DD', or null for an optional one left empty.
 * Declare a required input with `satisfies DateInput` (not `: DateInput`) so its field is typed as a string.
 */
export function dateField<const I extends DateInput>(input: I) {
  return z.object({ day: z.string(), month: z.string(), year: z.string() }).transform((typed, context): DateOf<I> => {
    const result = parseDateInput(typed, input);
    if (result.ok) return result.date as DateOf<I>;
    context.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });
}

/**
 * What a GOV.UK date input needs to show a date again (pass `values` and `items` to govukDateInput):
 * the typed values, and which boxes to mark when the date has a problem. Also points the error summary's
 * link at the first marked box.
 */
export function dateInputView(
  prefix: string,
  values: Record<string, unknown>,
  errors: FormErrors | undefined,
  input: DateInput,
) {
  const typed = typedDate(values, prefix);
  const result = errors?.byField[prefix] ? parseDateInput(typed, input) : undefined;
  const marked = result && !result.ok ? result.parts : [];
  const first = DATE_PARTS.find((part) => marked.includes(part));
  if (errors && first) {
    for (const item of errors.list) if (item.href === `#${prefix}`) item.href = `#${prefix}-${first}`;
  }
  return {
    values: typed,
    items: DATE_PARTS.map((part) => ({ name: part, error: marked.includes(part) })),
  };
}

/** The two dates of a list's date filter ("from" and "to", both optional), in the product's one wording. */
export const FROM_DATE = { label: 'The from date', optional: true } satisfies DateInput;
export const TO_DATE = { label: 'The to date', optional: true } satisfies DateInput;

/** The fields of a from–to date filter, for a schema made with withDateFields(['from', 'to'], …). */
export const dateRangeFields = () => ({ from: dateField(FROM_DATE), to: dateField(TO_DATE) });

/** For a schema's superRefine: the to date may not come before the from date. */
export function checkDateRange(range: { from: string | null; to: string | null }, context: z.RefinementCtx): void {
  if (range.from && range.to && range.to < range.from)
    context.addIssue({
      code: 'custom',
      path: ['to'],
      message: 'The to date must be the same as or after the from date',
    });
}

/** What the two date inputs of a from–to filter show again: the typed values and any boxes with a problem. */
export const dateRangeView = (values: Record<string, unknown>, errors: FormErrors | undefined) => ({
  from: dateInputView('from', values, errors, FROM_DATE),
  to: dateInputView('to', values, errors, TO_DATE),
});
