import { createPlanEditing } from './editing-service.ts';
import { leadProfessionalPlaceOf, placesNamedInCurrentPlan, planDutiesOf } from './member-duties.ts';
import type { ReviewsDueSources } from './agreement-service.ts';
import type { PlansReference } from './store-reviews-due.ts';

/** What the plan routes need beyond the plan itself: the care-team places a member of staff holds, for reviews due. */
export type PlanRouteDeps = {
  editing: ReturnType<typeof createPlanEditing>;
  careTeamPlacesOf: (staffId: string, today: string) => Promise<{ person_id: string; id: string }[]>;
  reviewsDue: ReviewsDueSources;
};

/** Care and support plans. The plan's services take the request's data context; `dutiesOf` is what other modules ask. */
export function createPlansService(deps: {
  careTeamPlacesOf: PlanRouteDeps['careTeamPlacesOf'];
  reference: PlansReference;
}) {
  return {
    editing: createPlanEditing(),
    careTeamPlacesOf: deps.careTeamPlacesOf,
    /** Where reviews due finds its people: ids only, each then read through the data context. */
    reviewsDue: { placesOf: deps.careTeamPlacesOf, peopleWithReviewsDue: deps.reference.peopleWithReviewsDue },
    /** What the current plan still asks of a place's holder, so their place cannot end while it does. */
    dutiesOf: planDutiesOf,
    /** The care-team place the current plan names as lead professional, for who may change the care team. */
    leadProfessionalOf: leadProfessionalPlaceOf,
    /** The care-team places the current plan names, whose contact details the care team page shows. */
    placesNamedInPlan: placesNamedInCurrentPlan,
  };
}

export type PlansService = ReturnType<typeof createPlansService>;
