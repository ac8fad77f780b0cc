import { z } from 'zod';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import { DAYS, dayName } from '../opening-times.ts';
import { normalisePostcode, type ServiceQuery } from '../search-query.ts';

// The search form of "Find support": in the query string (GET), so a search can be bookmarked and paged through,
// and it works without JavaScript. Distances are offered in miles and searched in kilometres.

export const RESULTS_PER_PAGE = 20;
export const MILES = ['1', '3', '5', '10', '25'] as const;
const KM_PER_MILE = 1.609344;
/** The fields the form sends: any of them in the query string means a search was made. */
export const SEARCH_FIELDS = ['need', 'words', 'postcode', 'miles', 'when', 'age', 'free', 'language', 'stepfree'];

const blankIsMissing = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

const searchForm = z.object({
  need: z
    .preprocess(
      (value) => (value === undefined ? [] : [value].flat()),
      z.array(z.uuid({ message: 'Select what you need help with from the list' })),
    )
    .transform((ids) => ids.map((id) => id.toLowerCase())),
  words: z.string().optional(),
  postcode: blankIsMissing(
    z.string().refine((postcode) => normalisePostcode(postcode) !== undefined, 'Enter a full postcode, like ZZ1 1AA'),
  ),
  miles: blankIsMissing(z.enum(MILES, { message: 'Select how far you can travel from the list' })),
  when: blankIsMissing(z.enum(['now', ...DAYS], { message: 'Select when from the list' })),
  age: blankIsMissing(
    z
      .string()
      .trim()
      .regex(/^[0-9]+$/, 'Enter an age as a whole number of years, like 42')
      .transform(Number)
      .refine((age) => age <= 150, 'Enter an age of 150 or less'),
  ),
  free: blankIsMissing(z.literal('yes', { message: 'Choose whether to show only free services' })),
  language: blankIsMissing(z.string().max(200, 'Select a language from the list')),
  stepfree: blankIsMissing(z.literal('yes', { message: 'Choose whether you need step-free access' })),
});

export type SearchForm = {
  /** Whether the query string holds a search at all: a first visit shows the form alone. */
  searched: boolean;
  query?: ServiceQuery;
  errors?: FormErrors;
  /** What was asked, to show in the form again. */
  values: Record<string, unknown>;
  /** The search's query string without the page, for the links to other pages of results. */
  queryString: string;
};

/** The search asked for in the query string; with a mistake, the mistakes by field and no query. */
export function searchFormFrom(queryString: unknown, page: number, byStaff: boolean): SearchForm {
  const { page: _page, ...asked } = (queryString ?? {}) as Record<string, unknown>;
  const searched = SEARCH_FIELDS.some((field) => field in asked);
  const keep = new URLSearchParams();
  for (const [key, value] of Object.entries(asked))
    for (const item of [value].flat()) if (typeof item === 'string' && item !== '') keep.append(key, item);
  const base = { searched, values: asked, queryString: keep.toString() };
  if (!searched) return base;
  const form = checkForm(searchForm, asked);
  if (!form.ok) return { ...base, errors: form.errors };
  const answer = form.data;
  const day = answer.when && answer.when !== 'now' ? answer.when : undefined;
  return {
    ...base,
    query: {
      text: answer.words,
      termIds: answer.need.length ? answer.need : undefined,
      postcode: answer.postcode,
      withinKm: answer.postcode ? Number(answer.miles ?? '5') * KM_PER_MILE : undefined,
      openNow: answer.when === 'now' || undefined,
      day,
      age: answer.age,
      free: answer.free ? true : undefined,
      language: answer.language,
      accessibility: answer.stepfree ? 'step-free' : undefined,
      page,
      perPage: RESULTS_PER_PAGE,
      byStaff,
    },
  };
}

/** The choices of "When": any time, open now, or a day of the week. */
export const whenItems = (chosen: unknown) =>
  [
    { value: '', text: 'Any time' },
    { value: 'now', text: 'Open now' },
    ...DAYS.map((day) => ({ value: day, text: `On a ${dayName(day)}` })),
  ].map((item) => ({ ...item, selected: item.value === (chosen ?? '') }));

/** "0.4 miles away", "12 miles away", "Less than 0.1 miles away": distances as a reader here thinks of them. */
export function milesAway(km: number | null): string | undefined {
  if (km === null) return undefined;
  const miles = km / KM_PER_MILE;
  if (miles < 0.1) return 'Less than 0.1 miles away';
  const said = miles < 10 ? miles.toFixed(1).replace(/\.0$/, '') : String(Math.round(miles));
  return `${said} ${said === '1' ? 'mile' : 'miles'} away`;
}
