// What other modules and the app may use from the panel: the store the data context binds to one person, the
// reference for the panels there are, the service and the routes.
export { bindPanelStore, createPanelReference, type PanelStore } from './store.ts';
export type { PanelStores } from './stores.ts';
export { createPanelService, type PanelService } from './panel-service.ts';
export { registerPanelRoutes } from './routes.ts';
