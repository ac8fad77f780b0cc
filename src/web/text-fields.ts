import { z } from 'zod';

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A required line of text, trimmed, with plain messages when it is missing or too long. */
export const requiredText = (name: string, max: number, enter = `Enter ${name}`) =>
  z
    .string()
    .trim()
    .min(1, enter)
    .max(max, `${capitalise(name)} must be ${max.toLocaleString('en-GB')} characters or fewer`);

/** An optional line of text: trimmed, and null when left empty. */
export const optionalText = (name: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${capitalise(name)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .transform((text) => (text === '' ? null : text));

/** Yes or no radios, as a boolean. */
export const yesNo = (message: string) => z.enum(['yes', 'no'], { message }).transform((answer) => answer === 'yes');

export const optionalPhone = optionalText('phone number', 30).refine(
  (typed) => typed === null || (/^[0-9+()\s-]+$/.test(typed) && typed.replace(/\D/g, '').length >= 7),
  'Enter a phone number, like 01632 960 001 or 07700 900 982',
);

export const optionalEmail = optionalText('email address', 254).refine(
  (typed) => typed === null || z.email().safeParse(typed).success,
  'Enter an email address in the correct format, like name@example.org',
);

/** Text areas send Windows line endings; count and keep each line break as one character. */
export const normaliseLineEndings = (text: string): string => text.replace(/\r\n?/g, '\n');
