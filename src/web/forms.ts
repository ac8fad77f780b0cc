import type { z } from 'zod';

export type FormErrors = {
  /** For the error summary at the top of the page. */
  list: { text: string; href: string }[];
  /** For the message beside each field, keyed by field name. */
  byField: Record<string, { text: string }>;
};

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/** Checks a submitted form against its schema. On failure, keeps what was typed so the page can show it again. */
export function checkForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FormErrors = { list: [], byField: {} };
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    if (errors.byField[field]) continue;
    errors.byField[field] = { text: issue.message };
    errors.list.push({ text: issue.message, href: `#${field}` });
  }
  return { ok: false, errors, values };
}

/** Turns a single message about one field into the same shape as a failed form. */
export function fieldError(field: string, text: string): FormErrors {
  return { list: [{ text, href: `#${field}` }], byField: { [field]: { text } } };
}
