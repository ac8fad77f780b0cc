// Who leads a person's care is written in their plan, which sits above the access module. Access asks through
// this contract, handed in by the composition root, as it asks what a plan still needs of a place (place-duties.ts).

/** The id of the care-team place the person's current plan names as lead professional, or null when none. */
export type LeadProfessionalOf<S> = (stores: S) => Promise<string | null>;
