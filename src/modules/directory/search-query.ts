import { refused } from '../../errors.ts';
import { isUuid } from '../../ids.ts';
import { DAYS, type Day } from './opening-times.ts';

/** What anyone may search the directory by: the contract the pages and the Open Referral UK API share. */
export type ServiceQuery = {
  text?: string;
  termIds?: string[];
  taxonomyId?: string;
  postcode?: string;
  withinKm?: number;
  age?: number;
  minimumAge?: number;
  maximumAge?: number;
  day?: Day;
  /** hh:mm */
  startTime?: string;
  endTime?: string;
  openNow?: boolean;
  free?: boolean;
  language?: string;
  accessibility?: string;
  page: number;
  perPage: number;
  byStaff: boolean;
};

/** Words past this length are dropped: nobody describes a need in more, and long input must not slow search. */
export const MAX_TEXT = 200;
export const MAX_PER_PAGE = 100;
export const MAX_WITHIN_KM = 200;
/** How far from a postcode when no distance is given: 25 miles. */
export const DEFAULT_WITHIN_KM = 40.2335;

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** "zz1 1aa" → "ZZ11AA"; undefined when it is not the shape of a full UK postcode. */
export function normalisePostcode(value: string): string | undefined {
  const squashed = value.replace(/\s+/g, '').toUpperCase();
  return POSTCODE.test(squashed) ? squashed : undefined;
}

/** "ZZ11AA" → "ZZ1 1AA". */
export const displayPostcode = (postcode: string): string => `${postcode.slice(0, -3)} ${postcode.slice(-3)}`;

/** The outward part of a postcode ("ZZ1" of "ZZ1 1AA"): the most a search log keeps of where someone searched. */
export const outwardCode = (postcode: string): string => postcode.slice(0, -3);

/** Typed words made safe to search: control characters out, spaces squeezed, cut to length; undefined when empty. */
export function searchWords(text: string | undefined): string | undefined {
  const words = (text ?? '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT)
    .trim();
  return words || undefined;
}

const wholeNumberIn = (value: number | undefined, low: number, high: number) =>
  value === undefined || (Number.isInteger(value) && value >= low && value <= high);

/**
 * Refuses a query with a value out of range, saying what to fix. Unknown need ids are not refused: they find
 * nothing, as an id of a need since removed should.
 */
export function checkQuery(query: ServiceQuery): void {
  if (!wholeNumberIn(query.page, 1, 1_000_000)) refuse('The page must be a whole number from 1.');
  if (!wholeNumberIn(query.perPage, 1, MAX_PER_PAGE))
    refuse(`The number of results a page must be a whole number from 1 to ${MAX_PER_PAGE}.`);
  for (const [name, value] of [
    ['age', query.age],
    ['minimum age', query.minimumAge],
    ['maximum age', query.maximumAge],
  ] as const)
    if (!wholeNumberIn(value, 0, 150)) refuse(`The ${name} must be a whole number of years from 0 to 150.`);
  if (query.minimumAge !== undefined && query.maximumAge !== undefined && query.minimumAge > query.maximumAge)
    refuse('The minimum age must not be more than the maximum age.');
  if (query.withinKm !== undefined && !(query.withinKm > 0 && query.withinKm <= MAX_WITHIN_KM))
    refuse(`The distance must be more than 0 and at most ${MAX_WITHIN_KM} km.`);
  if (query.withinKm !== undefined && !query.postcode) refuse('Give a postcode to search within a distance of it.');
  if (query.postcode !== undefined && !normalisePostcode(query.postcode))
    refuse('Enter a full postcode, like ZZ1 1AA.');
  if (query.termIds?.some((id) => !isUuid(id))) refuse('A need to search by is not a need in the directory.');
  if (query.taxonomyId !== undefined && !isUuid(query.taxonomyId))
    refuse('The taxonomy to search by is not one in the directory.');
  if (query.day !== undefined && !DAYS.includes(query.day))
    refuse('The day must be one of MO, TU, WE, TH, FR, SA or SU.');
  for (const time of [query.startTime, query.endTime])
    if (time !== undefined && !TIME.test(time)) refuse('A time must be on the 24-hour clock, like 09:30.');
}

function refuse(message: string): never {
  throw refused(message);
}
