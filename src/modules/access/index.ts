// What other modules may use from access: the data context they reach person data through, its vocabulary,
// and care-team facts to show beside their own data.
export { PersonDataContext, type AllowedDecision } from './data-context.ts';
export type { AccessPart } from './policy.ts';
export { careTeamNamesById, currentCareTeamPlaces, isCurrentPlaceOf, type CareTeamName } from './lookups.ts';
