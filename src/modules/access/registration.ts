import { RECORD_PARTS, type PersonData } from '../../data/person-data.ts';
import { ukDate } from '../../dates.ts';
import { notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  fullName,
  NhsNumberInUse,
  refuseNhsNumberClash,
  type PeopleReference,
  type Registration,
} from '../people/index.ts';
import { mayRegisterPeople } from './policy.ts';
import type { AccessStores } from './stores.ts';

/** What registering came to: the new record, or a warning that someone of that name and birth is registered. */
export type RegistrationOutcome =
  { outcome: 'registered'; personId: string; name: string } | { outcome: 'name-and-birth-in-use' };

/** Who made the sharing choices a new person starts with, as their sharing page says. */
const STARTING_CHOICES_BY = 'Recorded when support began';

/**
 * Registering a person: their record, with the registrant as their key worker and their organisation able to see
 * the record until the person chooses otherwise. `people` says only whether a likely duplicate exists, never who.
 */
export function createRegistrationService(deps: {
  people: Pick<PeopleReference, 'nhsNumberInUse' | 'nameAndBirthInUse'>;
}) {
  return {
    /**
     * Registers the person, in one transaction with the registrant's care-team place and the starting sharing
     * choices. An NHS number already in use is refused (NhsNumberInUse), even when two people register the same
     * person at once. The same name and date of birth as someone registered is a warning, unless the registrant
     * has said this is a different person.
     */
    async register(
      data: PersonData<AccessStores>,
      person: Registration,
      options: { differentPerson: boolean },
      now: Date,
    ): Promise<RegistrationOutcome> {
      const actor = data.actor;
      // Checked again by the data context; first here, so nobody else learns whether a person is registered.
      if (actor?.kind !== 'staff' || !mayRegisterPeople(actor.role)) throw notFound();
      if (person.nhs_number && (await deps.people.nhsNumberInUse(person.nhs_number))) throw new NhsNumberInUse();
      if (!options.differentPerson && (await deps.people.nameAndBirthInUse(person)))
        return { outcome: 'name-and-birth-in-use' };
      const { personId } = await data.register(
        'Registered you, and started your record',
        async ({ people, access }) => {
          await people
            .insertPerson({ ...person, gp_practice_id: null, communication_needs: null })
            .catch(refuseNhsNumberClash);
          await access.insertCareTeamMember({
            id: newId(),
            staff_account_id: actor.id,
            organisation_id: actor.organisationId,
            team_role: actor.jobTitle,
            is_key_worker: true,
            from_date: ukDate(now),
            until_date: null,
          });
          await access.insertSharingChoices(
            RECORD_PARTS.map((part) => ({
              id: newId(),
              part,
              audience_kind: 'organisation' as const,
              audience_id: actor.organisationId,
              decision: 'share' as const,
              until_date: null,
              made_by_kind: 'system' as const,
              made_by_id: null,
              made_by_name: STARTING_CHOICES_BY,
              made_at: now,
            })),
          );
        },
      );
      return { outcome: 'registered', personId, name: fullName(person) };
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
