// The shapes of a UK postcode (BS 7666): outward code A9, A99, AA9, AA99, A9A or AA9A, then inward code 9AA.
// Letters that never appear in a position are left out, so typing slips like 'O' for '0' are caught.
const FIRST = '[A-PR-UWYZ]';
const SECOND = '[A-HK-Y]';
const THIRD = '[A-HJKPSTUW]';
const FOURTH = '[ABEHMNPRVWXY]';
const INWARD = '[0-9][ABD-HJLNP-UW-Z]{2}';
const OUTWARD = `(?:${FIRST}[0-9]{1,2}|${FIRST}${SECOND}[0-9]{1,2}|${FIRST}[0-9]${THIRD}|${FIRST}${SECOND}[0-9]${FOURTH})`;
const POSTCODE = new RegExp(`^(${OUTWARD}) ?(${INWARD})$`);

/** Upper case with one space before the last three characters: ' nb2  4qt' → 'NB2 4QT'. Undefined when it is not a UK postcode. */
export function normalisePostcode(typed: string): string | undefined {
  const compact = typed.replace(/\s+/g, '').toUpperCase();
  if (compact === 'GIR0AA') return 'GIR 0AA';
  const match = POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

export const isUkPostcode = (typed: string): boolean => normalisePostcode(typed) !== undefined;
