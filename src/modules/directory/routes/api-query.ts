import type { ServiceQuery } from '../search-service.ts';

// The Open Referral UK API's query parameters, read strictly: a value that is not what the parameter takes, or a
// parameter Careweave does not answer to, is refused by name rather than quietly ignored.

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

/** A parameter that cannot be used, and why, in words for the client's developer. */
export class BadParameter extends Error {
  override name = 'BadParameter';
}

const PAGING = ['page', 'per_page'] as const;
const SERVICE_FILTERS = [
  ...PAGING,
  'search',
  'taxonomy_term_id',
  'taxonomy_id',
  'minimum_age',
  'maximum_age',
  'day',
  'start_time',
  'end_time',
] as const;
/** The filters a list takes, as the Open Referral UK OpenAPI document gives them. */
export const PARAMETERS = {
  paging: PAGING,
  services: SERVICE_FILTERS,
  serviceAtLocations: [...SERVICE_FILTERS, 'postcode', 'proximity'],
} as const;

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WHOLE = /^[0-9]{1,9}$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each parameter once, as text, and only those the list takes. */
function valuesOf(query: unknown, allowed: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(name))
      throw new BadParameter(`The parameter ${name} is not one this list takes. It takes: ${allowed.join(', ')}.`);
    if (typeof value !== 'string') throw new BadParameter(`Give the parameter ${name} once.`);
    values.set(name, value);
  }
  return values;
}

function wholeNumber(values: Map<string, string>, name: string, low: number, high: number): number | undefined {
  const value = values.get(name);
  if (value === undefined) return undefined;
  const number = WHOLE.test(value) ? Number(value) : Number.NaN;
  if (!(number >= low && number <= high))
    throw new BadParameter(`The parameter ${name} must be a whole number from ${low} to ${high}.`);
  return number;
}

/** The page asked for, and how many on it. */
export function pagingOf(query: unknown, allowed: readonly string[] = PAGING): { page: number; perPage: number } {
  const values = valuesOf(query, allowed);
  return {
    page: wholeNumber(values, 'page', 1, 1_000_000) ?? 1,
    perPage: wholeNumber(values, 'per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
  };
}

/** A list's parameters as a search of the directory. */
export function serviceQueryOf(query: unknown, allowed: readonly string[], byStaff: boolean): ServiceQuery {
  const values = valuesOf(query, allowed);
  const { page, perPage } = pagingOf(
    Object.fromEntries([...values].filter(([name]) => (PAGING as readonly string[]).includes(name))),
  );
  const id = (name: string) => {
    const value = values.get(name);
    if (value !== undefined && !UUID.test(value))
      throw new BadParameter(`The parameter ${name} must be an id, like 3f7b145d-84af-42d7-8fae-eaca714b02b2.`);
    return value?.toLowerCase();
  };
  const time = (name: string) => {
    const value = values.get(name);
    if (value !== undefined && !TIME.test(value))
      throw new BadParameter(`The parameter ${name} must be a time on the 24-hour clock, like 09:30.`);
    return value?.slice(0, 5);
  };
  const day = values.get('day')?.toUpperCase();
  if (day !== undefined && !(DAYS as readonly string[]).includes(day))
    throw new BadParameter(`The parameter day must be one of ${DAYS.join(', ')}.`);
  const proximity = values.get('proximity');
  const metres =
    proximity === undefined ? undefined : /^[0-9]{1,9}(\.[0-9]+)?$/.test(proximity) ? Number(proximity) : -1;
  if (metres !== undefined && !(metres > 0 && metres <= 200_000))
    throw new BadParameter('The parameter proximity must be a distance in metres, more than 0 and at most 200000.');
  if (metres !== undefined && !values.has('postcode'))
    throw new BadParameter('The parameter proximity needs a postcode to measure from.');
  const termId = id('taxonomy_term_id');
  const minimumAge = wholeNumber(values, 'minimum_age', 0, 150);
  const maximumAge = wholeNumber(values, 'maximum_age', 0, 150);
  return {
    ...(values.has('search') ? { text: values.get('search') } : {}),
    ...(termId ? { termIds: [termId] } : {}),
    ...(values.has('taxonomy_id') ? { taxonomyId: id('taxonomy_id') } : {}),
    ...(minimumAge !== undefined ? { minimumAge } : {}),
    ...(maximumAge !== undefined ? { maximumAge } : {}),
    ...(day ? { day: day as ServiceQuery['day'] } : {}),
    ...(values.has('start_time') ? { startTime: time('start_time') } : {}),
    ...(values.has('end_time') ? { endTime: time('end_time') } : {}),
    ...(values.has('postcode') ? { postcode: values.get('postcode') } : {}),
    ...(metres !== undefined ? { withinKm: metres / 1000 } : {}),
    page,
    perPage,
    byStaff,
  };
}
