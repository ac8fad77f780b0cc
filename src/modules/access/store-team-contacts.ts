import type { Db } from '../../db/database.ts';
import { STAFF_CONTACT_COLUMNS, workContact, type WorkContact } from '../identity/index.ts';
import { careTeamQuery } from './store-care-team-query.ts';

/** Someone in the person's care team today, and how to reach them at work. */
export type TeamContact = {
  placeId: string;
  staffAccountId: string;
  name: string;
  jobTitle: string;
  organisation: string;
  teamRole: string;
  isKeyWorker: boolean;
  contact: WorkContact;
};

/**
 * The care-team places of these ids that count today and whose holder has not left, with the holder's work contact
 * details (key workers first). Places that ended or have not started give no contact.
 */
const currentTeamContacts = async (
  db: Db,
  personId: string,
  placeIds: readonly string[],
  today: string,
): Promise<TeamContact[]> => {
  if (!placeIds.length) return [];
  const rows = await careTeamQuery(db, personId)
    .select(STAFF_CONTACT_COLUMNS)
    .where('care_team_member.id', 'in', placeIds)
    .where('care_team_member.from_date', '<=', today)
    .where((eb) =>
      eb.or([eb('care_team_member.until_date', 'is', null), eb('care_team_member.until_date', '>=', today)]),
    )
    .where('staff_account.disabled_at', 'is', null)
    .orderBy('care_team_member.is_key_worker', 'desc')
    .orderBy('staff_account.display_name')
    .orderBy('care_team_member.id')
    .execute();
  return rows.map((row) => ({
    placeId: row.id,
    staffAccountId: row.staff_account_id,
    name: row.staff_name,
    jobTitle: row.job_title,
    organisation: row.organisation_name,
    teamRole: row.team_role,
    isKeyWorker: row.is_key_worker,
    contact: workContact(row),
  }));
};

export const bindTeamContacts = (db: Db, personId: string) => ({
  /** The holders of these places, in the care team today: how to reach them. */
  currentTeamContacts: (placeIds: readonly string[], today: string) =>
    currentTeamContacts(db, personId, placeIds, today),
});
