// What other modules may use from plans: what the current plan asks of a member of the circle of support
// or the care team, so their place cannot end while the plan still needs them. Nothing exported here
// imports people or access, which import it.
export {
  NamedInPlan, openActionsOwnedBy, planDutiesOf, refuseIfNamedInPlan,
  type OwnedAction, type PlanDuty, type PlanDutyReader, type PlanMember,
} from './member-duties.ts';
