import { z } from 'zod';
import type { FormErrors } from './forms.ts';
import type { DateInputResult, DatePart } from './date-input.ts';

/** What was typed into the three boxes of the date input named `prefix` (`prefix-day` and so on). */
export function typedDate(values: Record<string, unknown>, prefix: string): Record<DatePart, string> {
  const text = (part: DatePart) => {
    const value = values[`${prefix}-${part}`];
    return typeof value === 'string' ? value : '';
  };
  return { day: text('day'), month: text('month'), year: text('year') };
}

/**
 * A form schema that first gathers each date input's three boxes under the date's own name, so a date
 * is checked as one field and its message sits in the error summary in page order.
 */
export function withDateFields<S extends z.ZodType>(prefixes: string[], schema: S) {
  return z.preprocess((body) => {
    const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const gathered: Record<string, unknown> = { ...values };
    for (const prefix of prefixes) gathered[prefix] = typedDate(values, prefix);
    return gathered;
  }, schema);
}

/** A zod field for a gathered date, checked by one of the rules in date-input.ts. */
export const dateField = (parse: (day: string, month: string, year: string) => DateInputResult) =>
  z.object({ day: z.string(), month: z.string(), year: z.string() }).transform((typed, ctx) => {
    const result = parse(typed.day, typed.month, typed.year);
    if (result.ok) return result.date;
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  });

/**
 * What a GOV.UK date input needs to show a date again: the typed values, and which boxes to mark
 * when there is a problem. Also points the error summary's link at the first marked box.
 */
export function dateInputView(
  prefix: string,
  values: Record<string, unknown>,
  errors: FormErrors | undefined,
  parse: (day: string, month: string, year: string) => DateInputResult,
) {
  const typed = typedDate(values, prefix);
  const result = errors?.byField[prefix] ? parse(typed.day, typed.month, typed.year) : undefined;
  const marked = result && !result.ok ? result.parts : [];
  if (errors && marked.length) {
    for (const item of errors.list) if (item.href === `#${prefix}`) item.href = `#${prefix}-${marked[0]}`;
  }
  return {
    values: typed,
    items: (['day', 'month', 'year'] as const).map((part) => ({ name: part, error: marked.includes(part) })),
  };
}
