// What other modules and the app may use from teamwork: the store the data context binds to one person, the
// reference lists start from, the service and the routes.
export { bindTeamworkStore, createTeamworkReference, type TeamworkStore } from './store.ts';
export { createTeamworkService, type TeamworkService } from './service.ts';
export { registerTeamworkRoutes } from './routes.ts';
