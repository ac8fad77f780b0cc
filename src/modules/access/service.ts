import type { DutiesOf } from '../../data/place-duties.ts';
import type { PersonData } from '../../data/person-data.ts';
import type { PeopleReference } from '../people/index.ts';
import { showAccessLog } from './access-log-service.ts';
import { createEmergencyAccessService } from './break-glass.ts';
import { recordsForAccount } from './records-service.ts';
import { createSharingService } from './sharing.ts';
import { createStaffHomeService } from './staff-home-service.ts';
import type { AccessReference } from './store-gate.ts';
import type { AccessStores } from './stores.ts';

/**
 * Sharing choices, the care team, emergency access, staff homes and the access log. `dutiesOf` (from plans)
 * says what the plan still asks of a care-team member; `people` finds a person's id by NHS number.
 */
export function createAccessService<S extends AccessStores>(deps: {
  reference: AccessReference;
  people: Pick<PeopleReference, 'personIdByNhsNumber' | 'personExists'>;
  dutiesOf: DutiesOf<S>;
  breakGlassHours: number;
}) {
  const { reference } = deps;
  return {
    sharing: createSharingService<S>({ reference, dutiesOf: deps.dutiesOf }),
    emergency: createEmergencyAccessService({ reference, people: deps.people, hours: deps.breakGlassHours }),
    staffHome: createStaffHomeService({ reference, people: deps.people }),
    recordsForAccount: (data: PersonData<AccessStores>, accountId: string, now: Date) =>
      recordsForAccount(data, reference, accountId, now),
    showAccessLog,
  };
}

export type AccessService = ReturnType<typeof createAccessService<AccessStores>>;
