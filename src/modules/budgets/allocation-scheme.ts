import { z } from 'zod';
import { capitalise, hasControlCharacters, hasVisibleCharacters } from '../../text.ts';
import { MOST_PENCE, formatPence } from './money.ts';

// A resource-allocation scheme as an organisation publishes it: questions whose answers give points, and how points
// become money. Checked here, field by field, before anything is stored, with messages that say where and what.

/** What any one answer may be worth; keeps the most anyone can score, and so every amount, well within range. */
export const MOST_POINTS_PER_ANSWER = 1000;

const isMissing = (input: unknown) => input === undefined;

const text = (what: string, max: number, optional = false) =>
  z
    .string({ error: (issue) => (isMissing(issue.input) ? `Give ${what}` : `${capitalise(what)} must be text`) })
    .refine((typed) => !hasControlCharacters(typed), `${capitalise(what)} holds a hidden control character`)
    .transform((typed) => typed.trim())
    .refine((typed) => optional || hasVisibleCharacters(typed), `${capitalise(what)} must not be empty`)
    .refine((typed) => typed.length <= max, `${capitalise(what)} must be ${max} characters or fewer`);

const wholeNumber = (what: string, least: number, most: number) =>
  z
    .number({
      error: (issue) =>
        isMissing(issue.input)
          ? `Give ${what}`
          : `${capitalise(what)} must be a whole number from ${least} to ${most}, written without quotes`,
    })
    .int(`${capitalise(what)} must be a whole number`)
    .min(least, `${capitalise(what)} must be ${least} or more`)
    .max(most, `${capitalise(what)} must be ${most.toLocaleString('en-GB')} or less`);

const list = <T extends z.ZodType>(what: string, item: T, least: number, most: number) =>
  z
    .array(item, {
      error: (issue) => (isMissing(issue.input) ? `Give ${what}` : `${capitalise(what)} must be a list`),
    })
    .min(least, least === 1 ? `Give at least one ${what.replace(/s$/, '')}` : `Give at least ${least} ${what}`)
    .max(most, `Give at most ${most} ${what}`);

/** An object that names any field it does not know, so a misspelt field is not silently ignored. */
const fields = <T extends z.core.$ZodLooseShape>(what: string, shape: T) =>
  z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${capitalise(what)} has no field called ${issue.keys.map((key) => `“${key}”`).join(' or ')}`
        : `${capitalise(what)} must be an object with its fields in braces`,
  });

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

const option = fields('an option', {
  label: text('the option’s label', 200),
  points: wholeNumber('the option’s points', 0, MOST_POINTS_PER_ANSWER),
});

const question = fields('a question', {
  key: z
    .string({ error: (issue) => (isMissing(issue.input) ? 'Give the question a key' : 'The key must be text') })
    .regex(KEY, 'The key must start with a small letter and hold only small letters, digits and _ (up to 40)'),
  topic: text('the topic', 100),
  question: text('the question', 300),
  hint: text('the hint', 500, true).default(''),
  options: list('options', option, 2, 12).superRefine((options, context) => {
    const seen = new Map<string, number>();
    options.forEach((answer, index) => {
      const label = answer.label.toLowerCase();
      const first = seen.get(label);
      if (first !== undefined)
        context.addIssue({
          code: 'custom',
          path: [index, 'label'],
          message: `The label “${answer.label}” is already used by options[${first}] of this question`,
        });
      else seen.set(label, index);
    });
  }),
});

const pence = (what: string) => wholeNumber(what, 0, MOST_PENCE);

const conversion = z.discriminatedUnion(
  'kind',
  [
    fields('the conversion', {
      kind: z.literal('price_per_point'),
      pencePerPoint: wholeNumber('the price of a point in pence', 1, MOST_PENCE),
    }),
    fields('the conversion', {
      kind: z.literal('bands'),
      bands: list(
        'bands',
        fields('a band', {
          fromPoints: wholeNumber('the points a band starts from', 0, 1_000_000),
          amountPence: pence('the band’s amount in pence'),
        }),
        1,
        100,
      ).superRefine((bands, context) => {
        if (bands[0] && bands[0].fromPoints !== 0)
          context.addIssue({
            code: 'custom',
            path: [0, 'fromPoints'],
            message: 'The first band must start from 0 points, so that every score falls in a band',
          });
        bands.forEach((band, index) => {
          const before = bands[index - 1];
          if (!before) return;
          if (band.fromPoints <= before.fromPoints)
            context.addIssue({
              code: 'custom',
              path: [index, 'fromPoints'],
              message: `The bands must go up: this band starts from ${band.fromPoints} points, but the band before starts from ${before.fromPoints}`,
            });
          if (band.amountPence < before.amountPence)
            context.addIssue({
              code: 'custom',
              path: [index, 'amountPence'],
              message: `More points must never mean less money: this band is ${formatPence(band.amountPence)}, less than the ${formatPence(before.amountPence)} of the band before`,
            });
        });
      }),
    }),
  ],
  {
    error: (issue) =>
      isMissing(issue.input) ? 'Give the conversion' : 'The conversion’s kind must be “price_per_point” or “bands”',
  },
);

/** Questions sharing a key, found in whatever was sent, however wrong its other parts. */
function duplicateKeys(scheme: unknown): { path: (string | number)[]; message: string }[] {
  const questions = (scheme as { questions?: unknown } | null)?.questions;
  if (!Array.isArray(questions)) return [];
  const seen = new Map<string, number>();
  const found: { path: (string | number)[]; message: string }[] = [];
  questions.forEach((asked: unknown, index) => {
    const key = (asked as { key?: unknown } | null)?.key;
    if (typeof key !== 'string') return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else
      found.push({
        path: ['questions', index, 'key'],
        message: `The key “${key}” is already used by questions[${first}]`,
      });
  });
  return found;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (typed: string) =>
  ISO_DATE.test(typed) && new Date(`${typed}T00:00:00Z`).toISOString().slice(0, 10) === typed;

export const allocationSchemeSchema = fields('the scheme', {
  name: text('the scheme’s name', 200),
  publishedOn: z
    .string({
      error: (issue) => (isMissing(issue.input) ? 'Give the date the scheme is published' : 'The date must be text'),
    })
    .refine(isCalendarDate, 'The date the scheme is published must be a real date written like 2026-04-01'),
  questions: list('questions', question, 1, 50),
  conversion,
})
  // Checked even when other parts of the scheme have problems, so that every problem is named at once.
  .superRefine(
    (scheme: unknown, context) => {
      for (const issue of duplicateKeys(scheme)) context.addIssue({ code: 'custom', ...issue });
    },
    { when: () => true },
  )
  // Only for a scheme whose every part is right: the most points depend on every option.
  .superRefine(
    (scheme, context) => {
      const most = scheme.questions.reduce(
        (sum, asked) => sum + Math.max(...asked.options.map((answer) => answer.points)),
        0,
      );
      const { conversion: rule } = scheme;
      if (rule.kind === 'price_per_point' && most * rule.pencePerPoint > MOST_PENCE)
        context.addIssue({
          code: 'custom',
          path: ['conversion', 'pencePerPoint'],
          message: `The highest possible score, ${most} points, would be worth more than ${formatPence(MOST_PENCE)} at this price`,
        });
      if (rule.kind === 'bands')
        rule.bands.forEach((band, index) => {
          if (band.fromPoints > most)
            context.addIssue({
              code: 'custom',
              path: ['conversion', 'bands', index, 'fromPoints'],
              message: `No one can reach this band: it starts from ${band.fromPoints} points, and the most anyone can score is ${most}`,
            });
        });
    },
    { when: (payload) => payload.issues.length === 0 },
  );

export type AllocationScheme = z.infer<typeof allocationSchemeSchema>;
export type AllocationQuestion = AllocationScheme['questions'][number];
export type Conversion = AllocationScheme['conversion'];

/** Where in the scheme a problem is, as people write it: `questions[2].options[0].points`. */
export function problemPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the scheme';
  return path
    .map((step, index) => (typeof step === 'number' ? `[${step}]` : `${index === 0 ? '' : '.'}${String(step)}`))
    .join('');
}

export type SchemeProblem = { path: string; message: string };

/** A scheme from JSON already parsed: the scheme, or every problem with where it is. */
export function checkAllocationScheme(
  value: unknown,
): { ok: true; scheme: AllocationScheme } | { ok: false; problems: SchemeProblem[] } {
  const parsed = allocationSchemeSchema.safeParse(value);
  if (parsed.success) return { ok: true, scheme: parsed.data };
  const problems = parsed.error.issues.map((issue) => ({ path: problemPath(issue.path), message: issue.message }));
  // The check of keys is skipped by the schema when some parts cannot be read at all; it is named here all the same.
  for (const duplicate of duplicateKeys(value)) {
    const problem = { path: problemPath(duplicate.path), message: duplicate.message };
    if (!problems.some((known) => known.path === problem.path && known.message === problem.message))
      problems.push(problem);
  }
  return { ok: false, problems };
}
