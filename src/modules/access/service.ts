import type { DutiesOf } from '../../data/place-duties.ts';
import type { LeadProfessionalOf, PlacesNamedInPlan } from '../../data/lead-professional.ts';
import type { PersonData } from '../../data/person-data.ts';
import { markNoticeSeen, type PeopleReference } from '../people/index.ts';
import { showAccessLog } from './access-log-service.ts';
import { createAccountsService, type AccountInvitations } from './accounts.ts';
import { createEmergencyAccessService } from './break-glass.ts';
import { recordsForAccount, type NewNotificationsAbout } from './records-service.ts';
import { createRegistrationService } from './registration.ts';
import { createSharingService } from './sharing.ts';
import { createStaffHomeService } from './staff-home-service.ts';
import { createStaffLeavingService } from './staff-leaving.ts';
import type { AccessReference } from './store-gate.ts';
import type { AccessStores } from './stores.ts';

/**
 * Sharing choices, the care team, emergency access, staff homes and the access log. `dutiesOf` (from plans)
 * says what the plan still asks of a care-team member; `people` finds a person's id by NHS number.
 */
export function createAccessService<S extends AccessStores>(deps: {
  reference: AccessReference;
  people: Pick<
    PeopleReference,
    'personIdByNhsNumber' | 'personExists' | 'nhsNumberInUse' | 'nameAndBirthInUse' | 'pageOfIdsByName'
  >;
  dutiesOf: DutiesOf<S>;
  /** From plans: the care-team place the plan names as lead professional, who may change the care team. */
  leadProfessionalOf: LeadProfessionalOf<S>;
  /** From plans: the care-team places the plan names, whose contact details the care team page shows. */
  placesNamedInPlan: PlacesNamedInPlan<S>;
  breakGlassHours: number;
  /** Identity's: disables a leaver's account, ends their sessions and withdraws their invitations. */
  closeStaffAccount: (staffId: string, now: Date) => Promise<boolean>;
  /** Identity's invitations to people's accounts, which the accounts page sends and links to a record. */
  invitations: AccountInvitations;
  /** The notifications module's: an account's unread notifications about one record, for its home page. */
  newNotificationsAbout: NewNotificationsAbout;
}) {
  const { reference } = deps;
  return {
    sharing: createSharingService<S>({
      reference,
      dutiesOf: deps.dutiesOf,
      leadProfessionalOf: deps.leadProfessionalOf,
      placesNamedInPlan: deps.placesNamedInPlan,
    }),
    /** Notices to the person about what staff did, until each account acting for them has seen them. */
    markNoticeSeen,
    emergency: createEmergencyAccessService({ reference, people: deps.people, hours: deps.breakGlassHours }),
    staffHome: createStaffHomeService({ reference, people: deps.people }),
    registration: createRegistrationService({ people: deps.people }),
    accounts: createAccountsService({ invitations: deps.invitations, reference }),
    leaving: createStaffLeavingService<S>({
      reference,
      dutiesOf: deps.dutiesOf,
      leadProfessionalOf: deps.leadProfessionalOf,
      closeStaffAccount: deps.closeStaffAccount,
    }),
    recordsForAccount: (data: PersonData<AccessStores>, accountId: string, now: Date) =>
      recordsForAccount(data, reference, accountId, now, deps.newNotificationsAbout),
    showAccessLog,
  };
}

export type AccessService = ReturnType<typeof createAccessService<AccessStores>>;
