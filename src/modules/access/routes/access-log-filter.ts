import { z } from 'zod';
import { EVERY_PART } from '../../../data/person-data.ts';
import { checkDateRange, dateRangeFields, dateRangeView, withDateFields } from '../../../web/date-field.ts';
import { checkForm, type FormErrors } from '../../../web/forms.ts';
import type { AccessLogChoice } from '../access-log-service.ts';

// The filters of "Who has looked at your record": who, organisation, part, dates, and whether to show your own looks.
// They come in the query string, so a filtered list can be bookmarked and paged through.

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const filterForm = withDateFields(
  ['from', 'to'],
  z
    .object({
      who: optional(z.uuid({ message: 'Select who from the list' })),
      organisation: optional(z.string().max(200, 'Select an organisation from the list')),
      part: optional(
        z.string().refine((part) => (EVERY_PART as readonly string[]).includes(part), 'Select a part from the list'),
      ),
      ...dateRangeFields(),
      mine: optional(z.literal('1', { message: 'Choose whether to show your own looks' })),
    })
    .superRefine(checkDateRange),
);

export type AccessLogFilters = {
  choice: AccessLogChoice;
  /** The query string that keeps these filters on other pages of the list. */
  query: URLSearchParams;
  errors?: FormErrors;
  values: Record<string, unknown>;
  dates: ReturnType<typeof dateRangeView>;
};

/** The filters asked for; with a mistake, the mistakes to show and no filter applied. */
export function accessLogFilters(queryString: unknown): AccessLogFilters {
  const { page: _page, upto: _upto, ...asked } = (queryString ?? {}) as Record<string, unknown>;
  const form = checkForm(filterForm, asked);
  const dates = (errors?: FormErrors) => dateRangeView(asked, errors);
  if (!form.ok)
    return {
      choice: { includeOwn: false },
      query: new URLSearchParams(),
      errors: form.errors,
      values: asked,
      dates: dates(form.errors),
    };
  const { who, organisation, part, from, to, mine } = form.data;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(asked))
    if (typeof value === 'string' && value !== '') query.set(key, value);
  return {
    choice: {
      actorId: who?.toLowerCase(),
      organisation,
      part,
      from: from ?? undefined,
      to: to ?? undefined,
      includeOwn: mine === '1',
    },
    query,
    values: asked,
    dates: dates(),
  };
}
