import type { Db } from '../../db/database.ts';
import * as sharingStore from './sharing-store.ts';

// Care-team facts other modules show or rely on beside their own data, such as a plan's lead professional.
// Each takes the transaction the access-checked data context handed the caller, except `currentCareTeamPlaces`.

export type CareTeamName = { name: string; jobTitle: string };

/** Who holds care-team places, past and present, by place id: those asked for, or every place when `ids` is left out. */
export async function careTeamNamesById(db: Db, personId: string, ids?: readonly string[]): Promise<Map<string, CareTeamName>> {
  if (ids?.length === 0) return new Map();
  const rows = await sharingStore.careTeamPlacesById(db, personId, ids);
  return new Map(rows.map((row) => [row.id, { name: row.staff_name, jobTitle: row.job_title }]));
}

/** Whether this care-team place belongs to this member of staff and counts today (`today` is 'YYYY-MM-DD'). */
export async function isCurrentPlaceOf(db: Db, personId: string, placeId: string, staffAccountId: string, today: string): Promise<boolean> {
  return (await sharingStore.currentPlacesOf(db, staffAccountId, today, personId)).some((place) => place.id === placeId);
}

/**
 * The care-team places a member of staff holds today, across everyone they work with: person and place ids
 * only, nothing from anyone's record, so it is read with the main database and not logged.
 */
export const currentCareTeamPlaces = (db: Db, staffAccountId: string, today: string): Promise<{ person_id: string; id: string }[]> =>
  sharingStore.currentPlacesOf(db, staffAccountId, today);
