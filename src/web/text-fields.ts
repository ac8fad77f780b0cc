import { z } from 'zod';
import {
  HIDDEN_CHARACTER_ISSUE,
  capitalise,
  hasControlCharacters,
  hasVisibleCharacters,
  hiddenCharacterMessage,
} from '../text.ts';

/** Text without control characters: the first check of every text field, so its message comes first. */
const plainText = (name: string) =>
  z.string().refine((text) => !hasControlCharacters(text), {
    message: hiddenCharacterMessage(name),
    params: HIDDEN_CHARACTER_ISSUE,
  });

const tooLong = (name: string, max: number) =>
  `${capitalise(name)} must be ${max.toLocaleString('en-GB')} characters or fewer`;

/**
 * A required line of text, trimmed, with plain messages when it is missing or too long. Spaces and characters
 * that leave no mark (zero-width spaces, fillers, accents on nothing) do not count: every name and reason has
 * something you can read.
 */
export const requiredText = (name: string, max: number, enter = `Enter ${name}`) =>
  plainText(name).trim().refine(hasVisibleCharacters, enter).max(max, tooLong(name, max));

/** An optional line of text: trimmed, and null when left empty; if given, it has characters you can see. */
export const optionalText = (name: string, max: number) =>
  plainText(name)
    .trim()
    .refine(
      (text) => text === '' || hasVisibleCharacters(text),
      `${capitalise(name)} must have letters or numbers you can see, or be left empty`,
    )
    .max(max, tooLong(name, max))
    .transform((text) => (text === '' ? null : text));

/** Yes or no radios, as a boolean. */
export const yesNo = (message: string) => z.enum(['yes', 'no'], { message }).transform((answer) => answer === 'yes');

export const optionalPhone = optionalText('phone number', 30).refine(
  (typed) => typed === null || (/^[0-9+()\s-]+$/.test(typed) && typed.replace(/\D/g, '').length >= 7),
  'Enter a phone number, like 01632 960 001 or 07700 900 982',
);

/** A UK phone number, loosely: digits and spaces, perhaps a leading +, and 10 to 13 digits; null when left empty. */
export const optionalUkPhone = optionalText('phone number', 30).refine(
  (typed) => typed === null || (/^\+?[0-9 ]+$/.test(typed) && /^\d{10,13}$/.test(typed.replace(/\D/g, ''))),
  'Enter a UK phone number of 10 to 13 digits, like 01632 960 001 or +44 7700 900 982',
);

const EMAIL_FORMAT = 'Enter an email address in the correct format, like name@example.org';
const isEmail = (typed: string) => z.email().safeParse(typed).success;

export const optionalEmail = optionalText('email address', 254).refine(
  (typed) => typed === null || isEmail(typed),
  EMAIL_FORMAT,
);

/** A required email address: trimmed, in the form name@example.org, in lower case. Left out counts as empty. */
export const requiredEmail = (enter: string) =>
  z
    .preprocess((value) => value ?? '', requiredText('email address', 254, enter))
    .pipe(z.string().refine(isEmail, EMAIL_FORMAT))
    .transform((email) => email.toLowerCase());

export { normaliseLineEndings } from '../text.ts';
