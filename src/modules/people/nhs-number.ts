/** The modulus 11 check digit of the first nine digits, or undefined when no valid check digit exists. */
export function nhsCheckDigit(firstNine: string): number | undefined {
  let total = 0;
  for (let index = 0; index < 9; index += 1) total += Number(firstNine[index]) * (10 - index);
  const check = 11 - (total % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

/** Strips spaces and dashes; true when what is left is ten digits with a correct check digit. */
export function isValidNhsNumber(typed: string): boolean {
  const digits = normaliseNhsNumber(typed);
  return /^\d{10}$/.test(digits) && nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

export const normaliseNhsNumber = (typed: string): string => typed.replace(/[\s-]/g, '');

/** '9434765919' → '943 476 5919', the way NHS numbers are shown. */
export const formatNhsNumber = (digits: string | null): string =>
  digits && digits.length === 10 ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : (digits ?? '');
