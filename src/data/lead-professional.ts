// Who leads a person's care is written in their plan, which sits above the access module. Access asks through
// this contract, handed in by the composition root, as it asks what a plan still needs of a place (place-duties.ts).

/** The id of the care-team place the person's current plan names as lead professional, or null when none. */
export type LeadProfessionalOf<S> = (stores: S) => Promise<string | null>;

/**
 * The care-team places the person's current plan names (involved, lead professional, the review, doing an action);
 * empty when there is no plan. Access shows how to reach those people, and nobody else, on the care team page.
 */
export type PlacesNamedInPlan<S> = (stores: S) => Promise<string[]>;
