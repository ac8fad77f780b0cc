// What other modules and the app may use from identity: who is signed in (route guards), what each staff role
// does, sessions and organisations' settings.
export { createIdentityService, type IdentityService } from './service.ts';
export { createIdentityStore } from './store.ts';
export { createMailer, type Mailer } from './mailer.ts';
export type { Invitations } from './invitations.ts';
export { currentTotpCode, hashPassword } from './credentials.ts';
export type { OrganisationKind } from './tables.ts';
export { registerIdentityRoutes } from './routes.ts';
export { onlyFor, requireCitizen, requireSignedIn, requireStaff, setUpSessions } from './routes/session-hook.ts';
export { mayDo, navigationFor, roleDoes, STAFF_TASKS, type StaffTask } from './roles.ts';
export { telHref, workContact, type ContactColumns, type WorkContact } from './contact-details.ts';
export { STAFF_CONTACT_COLUMNS } from './store-contact.ts';
