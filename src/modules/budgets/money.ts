// Money is whole pence, never a fraction: these turn what people type into pence and pence into what they read.

/** The most one amount may be: £9,999,999.99. */
export const MOST_PENCE = 999_999_999;

const AMOUNT = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/**
 * Pence from an amount as people type it: "12", "£12.50", "1,250.5". Null when it is not an amount of money, has
 * more than two decimal places, is negative or is too large; a caller says which it wanted.
 */
export function parsePounds(typed: string): number | null {
  const match = AMOUNT.exec(typed.trim());
  if (!match) return null;
  const pounds = Number(match[1]!.replaceAll(',', ''));
  const pence = pounds * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return Number.isSafeInteger(pence) && pence <= MOST_PENCE ? pence : null;
}

const grouped = new Intl.NumberFormat('en-GB', { useGrouping: true, maximumFractionDigits: 0 });

/** "£1,234.56", or "−£5.00" for money going the other way. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new RangeError(`Not a whole number of pence: ${pence}`);
  const whole = Math.abs(pence);
  const text = `£${grouped.format(Math.trunc(whole / 100))}.${String(whole % 100).padStart(2, '0')}`;
  return pence < 0 ? `−${text}` : text;
}

/** The amount as it is typed back into a form: "1234.56". */
export const penceAsTyped = (pence: number): string =>
  `${Math.trunc(pence / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
