import type { TeamworkReference } from './store.ts';

/** What the composition root hands teamwork's services: the lists it starts from. */
export type TeamworkDeps = { reference: TeamworkReference };
