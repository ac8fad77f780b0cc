import type { z } from 'zod';
import { hasControlCharacters, hiddenCharacterMessage } from '../text.ts';

export type FormErrors = {
  /** For the error summary at the top of the page. */
  list: { text: string; href: string }[];
  /** For the message beside each field, keyed by field name. */
  byField: Record<string, { text: string }>;
};

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> };

/**
 * Checks a submitted form against its schema. On failure, keeps what was typed so the page can show it again.
 * A field holding a control character (a null character and the like) is refused first, whatever its schema,
 * with the field's own message when its schema has one (see src/web/text-fields.ts).
 */
export function checkForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const parsed = schema.safeParse(values);
  const hidden = fieldsWithControlCharacters(values);
  if (parsed.success && hidden.length === 0) return { ok: true, data: parsed.data };
  const errors: FormErrors = { list: [], byField: {} };
  const add = (field: string, text: string) => {
    if (errors.byField[field]) return;
    errors.byField[field] = { text };
    errors.list.push({ text, href: `#${field}` });
  };
  const issues = parsed.success ? [] : parsed.error.issues;
  if (hidden.length > 0) {
    for (const field of hidden) {
      const own = issues.find((issue) => String(issue.path[0]) === field && isHiddenCharacterIssue(issue));
      add(field, own?.message ?? hiddenCharacterMessage());
    }
    return { ok: false, errors, values };
  }
  for (const issue of issues) add(String(issue.path[0] ?? 'form'), issue.message);
  return { ok: false, errors, values };
}

/** The fields of a form, in the order sent, with a control character anywhere in their text. */
function fieldsWithControlCharacters(values: Record<string, unknown>): string[] {
  return Object.keys(values).filter((field) => holdsControlCharacters(values[field]));
}

/**
 * Whether a value sent with a request holds a control character in any text, or in the name of any field:
 * text, lists, and fields within fields to any depth (walked without recursion, as a JSON body may nest deeply).
 * Uploaded files' bytes are not text and are not looked into.
 */
export function holdsControlCharacters(value: unknown): boolean {
  const waiting: unknown[] = [value];
  const seen = new Set<object>();
  while (waiting.length > 0) {
    const next = waiting.pop();
    if (typeof next === 'string') {
      if (hasControlCharacters(next)) return true;
    } else if (typeof next === 'object' && next !== null && !ArrayBuffer.isView(next) && !seen.has(next)) {
      seen.add(next);
      for (const [key, inner] of Object.entries(next)) {
        if (hasControlCharacters(key)) return true;
        waiting.push(inner);
      }
    }
  }
  return false;
}

const isHiddenCharacterIssue = (issue: z.core.$ZodIssue): boolean =>
  issue.code === 'custom' && (issue.params as { hiddenCharacter?: boolean } | undefined)?.hiddenCharacter === true;

/** Turns a single message about one field into the same shape as a failed form. */
export function fieldError(field: string, text: string): FormErrors {
  return { list: [{ text, href: `#${field}` }], byField: { [field]: { text } } };
}
