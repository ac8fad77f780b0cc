// What other modules may use from access: the data context they reach person data through, and its vocabulary.
export { PersonDataContext, type AllowedDecision } from './data-context.ts';
export type { AccessPart } from './policy.ts';
