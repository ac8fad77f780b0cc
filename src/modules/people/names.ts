import type { Actor } from '../../data/actor.ts';

type Named = { given_name: string; family_name: string; preferred_name: string | null };

/** 'Aisha Khan'. The preferred name is shown beside it where there is room, not instead of it. */
export const fullName = (person: Named): string => `${person.given_name} ${person.family_name}`;

/** How a writer is named under what they wrote: 'Aisha Khan', or 'Priya Shah, Social worker' for staff. */
export const writerName = (actor: Actor): string =>
  actor.kind === 'staff' ? `${actor.name}, ${actor.jobTitle}` : actor.name;
