import { z } from 'zod';

/**
 * Characters no one types on purpose: C0 controls other than tab, line feed and carriage return; DEL; C1
 * controls; and the noncharacters (U+FFFE, U+FFFF and the rest). PostgreSQL cannot store a null character,
 * and the others can hide text or break what reads it.
 */
const CONTROL_CHARACTER = /(?![\t\n\r])\p{Cc}|\p{Noncharacter_Code_Point}/u;

/** Whether text holds a control character, a noncharacter, or half of a surrogate pair. */
export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTER.test(text) || !text.isWellFormed();

/**
 * What leaves no mark on the page: spaces of every width, controls, format characters (zero-width spaces,
 * joiners, direction marks), the code points Unicode says to ignore (such as the Hangul fillers), the blank
 * braille pattern, unassigned code points, and combining marks, which only change the character before them.
 */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** How many characters of the text show on the page: an accent on a letter does not add one. */
export function visibleLength(text: string): number {
  let count = 0;
  for (const character of text) if (!INVISIBLE.test(character)) count += 1;
  return count;
}

export const hasVisibleCharacters = (text: string): boolean => visibleLength(text) > 0;

/** Marks the issue a field's own control-character check raises, so checkForm keeps its message. */
export const HIDDEN_CHARACTER_ISSUE = { hiddenCharacter: true } as const;

export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** A list in a sentence: 'Aisha', 'Aisha and Priya', 'Aisha, Priya and Tom'; nothing for none. */
export const inWords = (items: readonly string[]): string =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');

/** What to do about a control character (a null character and the like), for a field named `name` or any field. */
export const hiddenCharacterMessage = (name?: string): string =>
  `${name ? capitalise(name) : 'This answer'} contains a hidden control character: type it again instead of pasting it`;

/** Text areas send Windows line endings; count and keep each line break as one character. */
export const normaliseLineEndings = (text: string): string => text.replace(/\r\n?/g, '\n');

/**
 * A reason or note someone else will judge, like why emergency access was needed: trimmed, at least `min`
 * characters you can see (spaces and invisible characters do not count), at most `max` in all, with each
 * line break counted once. Services use it too, which is why it lives here rather than in src/web.
 */
export const reasonText = (min: number, max: number, messages: { enter: string; tooShort?: string; tooLong: string }) =>
  z
    .string()
    .refine((text) => !hasControlCharacters(text), {
      message: hiddenCharacterMessage(),
      params: HIDDEN_CHARACTER_ISSUE,
    })
    .transform((typed) => normaliseLineEndings(typed).trim())
    .pipe(
      z
        .string()
        .refine(hasVisibleCharacters, messages.enter)
        .refine(
          (text) => visibleLength(text) >= min || !hasVisibleCharacters(text),
          messages.tooShort ?? messages.enter,
        )
        .max(max, messages.tooLong),
    );
