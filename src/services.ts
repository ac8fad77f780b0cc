import type { Config } from './config.ts';
import type { Actor } from './data/actor.ts';
import type { DutiesOf } from './data/place-duties.ts';
import type { LeadProfessionalOf, PlacesNamedInPlan } from './data/lead-professional.ts';
import type { Db } from './db/database.ts';
import {
  type AccessStore,
  bindAccessStore,
  createAccessReference,
  createAccessService,
  PersonDataContext,
  createAccessLogWriter,
  StaffFactsCache,
} from './modules/access/index.ts';
import { createIdentityService, createIdentityStore, createMailer } from './modules/identity/index.ts';
import {
  bindPeopleStore,
  createPeopleReference,
  createPeopleService,
  type PeopleStore,
} from './modules/people/index.ts';
import { bindPlanStore, createPlansReference, createPlansService, type PlanStore } from './modules/plans/index.ts';
import {
  bindBudgetStore,
  createAllocationSchemes,
  createBudgetsService,
  createCommissioningReference,
  type BudgetStore,
} from './modules/budgets/index.ts';
import { bindPanelStore, createPanelReference, createPanelService, type PanelStore } from './modules/panel/index.ts';
import {
  bindNotificationStore,
  createInboxStore,
  createNotificationsService,
  createOutboxStore,
  type NotificationMailSettings,
  type NotificationStore,
} from './modules/notifications/index.ts';
import {
  bindTeamworkStore,
  createTeamworkReference,
  createTeamworkService,
  type TeamworkStore,
} from './modules/teamwork/index.ts';
import {
  bindDirectoryStore,
  createDirectoryReference,
  createDirectoryService,
  type DirectoryStore,
} from './modules/directory/index.ts';

/**
 * Every module's store for one person, bound inside one transaction of the data context. A module with person
 * data adds its binder here; its services then find its store beside the others. Each is made when first used,
 * so a page that reads one part pays for one store.
 */
export function bindPersonStores(db: Db, personId: string, mail?: NotificationMailSettings) {
  let notifications: NotificationStore | undefined;
  let people: PeopleStore | undefined;
  let access: AccessStore | undefined;
  let plans: PlanStore | undefined;
  let budgets: BudgetStore | undefined;
  let panel: PanelStore | undefined;
  let teamwork: TeamworkStore | undefined;
  let directory: DirectoryStore | undefined;
  return {
    get people() {
      return (people ??= bindPeopleStore(db, personId));
    },
    get access() {
      return (access ??= bindAccessStore(db, personId));
    },
    get plans() {
      return (plans ??= bindPlanStore(db, personId));
    },
    get budgets() {
      return (budgets ??= bindBudgetStore(db, personId));
    },
    get panel() {
      return (panel ??= bindPanelStore(db, personId));
    },
    get notifications() {
      return (notifications ??= bindNotificationStore(db, personId, mail));
    },
    get teamwork() {
      return (teamwork ??= bindTeamworkStore(db, personId));
    },
    get directory() {
      return (directory ??= bindDirectoryStore(db, personId));
    },
  };
}

export type PersonStores = ReturnType<typeof bindPersonStores>;

/**
 * The composition root: every module's services, built once over one database. Only this file and the stores
 * see the database handle; routes get the services and, per request, the data context.
 */
export function createServices(db: Db, config: Config) {
  const notifications = createNotificationsService({
    inbox: createInboxStore(db),
    outbox: createOutboxStore(db),
    mailer: createMailer(config.mail),
    publicUrl: config.publicUrl,
  });
  // Every person's stores queue e-mail for notifications when a mail server is set up.
  const bindStores = (handle: Db, personId: string) => bindPersonStores(handle, personId, notifications.mailSettings);
  const peopleReference = createPeopleReference(db);
  const accessReference = createAccessReference(db, notifications.mailSettings);
  // One writer for the process, so reads by every request log together.
  const accessLog = createAccessLogWriter(db);
  // One for the process, so facts read by one request serve the next (see facts-cache.ts).
  const keptFacts = new StaffFactsCache();
  const plans = createPlansService({
    careTeamPlacesOf: accessReference.currentPlacesOf,
    reference: createPlansReference(db),
  });
  const identity = createIdentityService(createIdentityStore(db), config);
  // People and access may not import plans: they are asked what the plan still needs through this.
  const dutiesOf: DutiesOf<PersonStores> = (stores, holder, name, reader) =>
    plans.dutiesOf(stores.plans, holder, name, reader);
  const leadProfessionalOf: LeadProfessionalOf<PersonStores> = (stores) => plans.leadProfessionalOf(stores.plans);
  const placesNamedInPlan: PlacesNamedInPlan<PersonStores> = (stores) => plans.placesNamedInPlan(stores.plans);
  return {
    config,
    /** The access-checked, audited data context for one request. */
    contextFor: (actor: Actor | null) =>
      new PersonDataContext<PersonStores>(db, actor, bindStores, accessLog, keptFacts),
    /** Whether the database answers, for the readiness check. */
    databaseReady: () => accessReference.ping(),
    identity,
    notifications,
    people: createPeopleService<PersonStores>({ reference: peopleReference, dutiesOf }),
    access: createAccessService<PersonStores>({
      reference: accessReference,
      people: peopleReference,
      dutiesOf,
      leadProfessionalOf,
      placesNamedInPlan,
      breakGlassHours: config.breakGlassHours,
      closeStaffAccount: identity.closeStaffAccount,
      invitations: identity.invitations,
      newNotificationsAbout: notifications.newAbout,
    }),
    plans,
    budgets: createBudgetsService({
      allocationSchemes: createAllocationSchemes(db),
      commissioning: createCommissioningReference(db),
    }),
    panel: createPanelService({
      ...createPanelReference(db),
      peopleReferredToPanel: accessReference.peopleReferredToPanel,
    }),
    teamwork: createTeamworkService({ reference: createTeamworkReference(db) }),
    directory: createDirectoryService({
      reference: createDirectoryReference(db),
      referrals: {
        peopleOf: async (staffId, today) => [
          ...new Set((await accessReference.currentPlacesOf(staffId, today)).map((place) => place.person_id)),
        ],
        recordsOf: async (accountId) => (await accessReference.accountLinks(accountId)).map((link) => link.person_id),
        // The reminders' one write for a person, with no one signed in: see remindOverdue.
        asTheSystem: (personId, work) => db.transaction().execute((trx) => work(bindStores(trx, personId))),
      },
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
