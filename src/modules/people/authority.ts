import type { AuthorityType } from './tables.ts';

// What gives a member of the circle of support the right to act for the person, and what that right covers.
// A lasting power of attorney (registered with the Office of the Public Guardian) or a deputyship (made by the
// Court of Protection) covers either care and health decisions or money, never both; an appointee manages
// benefits only. Someone needs a second authority of the other kind to cover both.

/** Decisions an authority can cover: care and health (including who sees the record), or money. */
export type AuthorityScope = 'care' | 'money';

export const AUTHORITY_TYPES: { value: AuthorityType; text: string; covers: AuthorityScope }[] = [
  { value: 'lpa_health_welfare', text: 'Lasting power of attorney for health and welfare', covers: 'care' },
  {
    value: 'lpa_property_finance',
    text: 'Lasting power of attorney for property and financial affairs',
    covers: 'money',
  },
  { value: 'deputy_personal_welfare', text: 'Deputy for personal welfare (Court of Protection)', covers: 'care' },
  { value: 'deputy_property_affairs', text: 'Deputy for property and affairs (Court of Protection)', covers: 'money' },
  { value: 'appointee', text: 'Appointee for benefits', covers: 'money' },
];

export const authorityTypeName = (type: AuthorityType): string =>
  AUTHORITY_TYPES.find((entry) => entry.value === type)?.text ?? type;

/** Whether an authority of this type covers these decisions. No recorded type covers nothing. */
export const authorityCovers = (type: AuthorityType | null, scope: AuthorityScope): boolean =>
  type !== null && AUTHORITY_TYPES.some((entry) => entry.value === type && entry.covers === scope);

/** Whether an authority counts on this day: both dates inclusive, either may be missing. */
export const authorityInForce = (dates: { from: string | null; until: string | null }, today: string): boolean =>
  (dates.from === null || dates.from <= today) && (dates.until === null || dates.until >= today);

/**
 * A reference as the Office of the Public Guardian, the Court of Protection or the Department for Work and
 * Pensions writes it, checked loosely: letters, digits, spaces, hyphens and slashes, with at least 4 digits or
 * letters. For example 7000-1234-5678 or COP 13245678.
 */
export const AUTHORITY_REFERENCE = /^(?=(?:[^A-Za-z0-9]*[A-Za-z0-9]){4})[A-Za-z0-9][A-Za-z0-9 /-]{2,38}[A-Za-z0-9]$/;
