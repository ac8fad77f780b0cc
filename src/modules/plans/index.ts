// What other modules and the app may use from plans: the store the data context binds to one person, the
// service (including what the plan still asks of a care-team or circle member) and the routes.
export { bindPlanStore, type PlanStore } from './store.ts';
export { createPlansReference } from './store-reviews-due.ts';
export { emptyPlan, planContentSchema, type PlanContent } from './content.ts';
export { createPlansService, type PlansService } from './service.ts';
export { registerPlanRoutes } from './routes.ts';
export { actingCircleMember } from './capacity-agreement.ts';
export { planDrafts } from './drafts.ts';
