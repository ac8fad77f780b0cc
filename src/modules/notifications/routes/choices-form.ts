import { z } from 'zod';
import { NOTIFICATION_KINDS, type KindChoice, type NotificationKind } from '../kinds.ts';

/** The ways of hearing of a kind, as the choices form's checkboxes send them. */
export const WAYS = ['in_app', 'email'] as const;

const WAYS_MESSAGE = 'Choose "In Careweave", "By e-mail", both or neither';
const way = z.enum(WAYS, { error: WAYS_MESSAGE });
const ways = z.union([way, z.array(way)], { error: WAYS_MESSAGE }).optional();

/**
 * The choices form: for each kind, the ways ticked (a kind with none ticked is sent as nothing at all). Any other
 * field is refused, so a forged or mistyped kind saves nothing.
 */
export const choicesForm = z
  .strictObject(
    {
      _csrf: z.string().optional(),
      ...(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, ways])) as Record<NotificationKind, typeof ways>),
    },
    { error: 'This form was sent with a kind of notification that does not exist: choose only from those shown' },
  )
  .transform((body): KindChoice[] =>
    NOTIFICATION_KINDS.map((kind) => {
      const ticked = [body[kind] ?? []].flat();
      return { kind, inApp: ticked.includes('in_app'), email: ticked.includes('email') };
    }),
  );
