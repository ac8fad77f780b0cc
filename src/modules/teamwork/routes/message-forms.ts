import { z } from 'zod';
import { normaliseLineEndings } from '../../../text.ts';
import { requiredText } from '../../../web/text-fields.ts';

// The forms of messages: what each field must hold, and the message when it does not.

export const MESSAGE_MAX = 2000;

const messageText = z
  .string()
  .default('')
  .transform(normaliseLineEndings)
  .pipe(requiredText('your message', MESSAGE_MAX, 'Enter your message'));

/** A message written on a conversation's own page. */
export const messageForm = () => z.object({ text: messageText });

/** A message written on the list of conversations: who it is to, and what it says. */
export const newMessageForm = () =>
  z.object({
    to: z.string({ message: 'Choose who to write to' }).min(1, 'Choose who to write to'),
    text: messageText,
  });

/** Ticked boxes arrive as one value, many, or none. */
const ticked = (message: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => [...new Set(Array.isArray(value) ? value : [value])])
    .pipe(z.array(z.uuid({ message })));

/** Who takes part: members of the circle for the team's conversation, and members of the team one to one. */
export const choicesForm = () =>
  z.object({
    circle: ticked('Choose people from the list of the circle of support'),
    one_to_one: ticked('Choose members of the care team from the list'),
  });
