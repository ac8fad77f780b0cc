import type { StaffActor } from '../../data/actor.ts';
import type { RecordPart } from '../../data/person-data.ts';
import { addDays, ukDate } from '../../dates.ts';
import { newId } from '../../ids.ts';
import { addPersonNotice } from '../people/index.ts';
import { addedToCareTeamAlert } from './care-team-service.ts';
import { citizenDecision } from './citizen-decision.ts';
import type { AccessStores } from './stores.ts';

// Care-team places held for the length of a stay (a transfer-of-care episode): the ward staff work in the care team,
// under the person's sharing choices, instead of reaching for emergency access. Whoever starts the episode (a
// practitioner who may write the record's notes) adds them; closing the episode ends them. The person is told both.

/** The staff given a place for a stay, as the staff directory names them. */
export type StayStaff = { id: string; organisation_id: string; display_name: string; job_title: string };

/** Adds a place from `fromDate` for each of `staff`, tells each of them and tells the person; answers the places' ids. */
export async function addStayPlaces(
  stores: AccessStores,
  input: {
    staff: readonly StayStaff[];
    teamRole: string;
    fromDate: string;
    placeName: string;
    actor: StaffActor;
    now: Date;
  },
): Promise<string[]> {
  const name = await stores.people.name();
  const ids: string[] = [];
  for (const staff of input.staff) {
    const id = newId();
    ids.push(id);
    await stores.access.insertCareTeamMember({
      id,
      staff_account_id: staff.id,
      organisation_id: staff.organisation_id,
      team_role: input.teamRole,
      is_key_worker: false,
      from_date: input.fromDate,
      until_date: null,
    });
  }
  await stores.access.insertStaffAlerts(
    input.staff.map((staff) => ({
      id: newId(),
      staff_account_id: staff.id,
      message: addedToCareTeamAlert(name, input.teamRole),
      created_at: input.now,
      read_at: null,
    })),
  );
  if (input.staff.length)
    await addPersonNotice(
      stores,
      `${input.actor.name} (${input.actor.jobTitle}) added ${input.staff
        .map((staff) => `${staff.display_name} (${staff.job_title})`)
        .join(
          ', ',
        )} to your care team while you are at ${input.placeName}. They see only what you share with them or their organisation, and their place ends when you leave.`,
      input.now,
    );
  return ids;
}

/** Ends the stay's places that have not ended yet (their last day is yesterday, so access stops at once). */
export async function endStayPlaces(
  stores: AccessStores,
  placeIds: readonly string[],
  input: { placeName: string; actor: StaffActor; now: Date },
): Promise<number> {
  const today = ukDate(input.now);
  let ended = 0;
  for (const id of placeIds) if (await stores.access.endCareTeamMember(id, addDays(today, -1), today)) ended += 1;
  if (ended)
    await addPersonNotice(
      stores,
      `${input.actor.name} (${input.actor.jobTitle}) closed your stay at ${input.placeName}. The ward staff's places in your care team have ended.`,
      input.now,
    );
  return ended;
}

/**
 * The accounts, in use, that may read this part of the record today: the person's own, a representative's, and a
 * circle member's the person shares it with. Decided as the data context decides for them when they sign in, so
 * whoever is told of a change can open it, and whoever can no longer open the record is no longer told.
 */
export async function citizenReaders(stores: AccessStores, part: RecordPart, now: Date): Promise<string[]> {
  const today = ukDate(now);
  const linked = (await stores.access.linkedAccounts()).filter((account) => account.set_up && !account.disabled_at);
  const readers: string[] = [];
  for (const account of linked) {
    const decide = citizenDecision(await stores.access.citizenFacts(account.account_id), today);
    if (decide(part, 'read').allowed) readers.push(account.account_id);
  }
  return readers;
}
