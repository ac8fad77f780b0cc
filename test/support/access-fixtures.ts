// Facts about access set up directly in the database, for tests of who sees what: a sharing choice, an emergency
// grant. Journeys that make them through the pages are tested on their own.
import type { RecordPart } from '../../src/data/person-data.ts';
import type { Db } from '../../src/db/database.ts';
import { newId } from '../../src/ids.ts';

/** A person's choice to share a part of their record with (or withhold it from) a member of staff or an organisation. */
export const recordSharingChoice = (
  db: Db,
  choice: {
    personId: string;
    part: RecordPart;
    audience: { kind: 'staff' | 'organisation' | 'circle_member'; id: string };
    decision: 'share' | 'withhold';
    untilDate?: string;
  },
) =>
  db
    .insertInto('sharing_choice')
    .values({
      person_id: choice.personId,
      id: newId(),
      part: choice.part,
      audience_kind: choice.audience.kind,
      audience_id: choice.audience.id,
      decision: choice.decision,
      until_date: choice.untilDate ?? null,
      made_by_kind: 'system',
      made_by_id: null,
      made_by_name: 'Test',
      made_at: new Date(),
    })
    .execute();

/** An emergency grant to a member of staff for one person, for the next hour (or until `expiresAt`), not yet reviewed. */
export async function grantEmergencyAccess(
  db: Db,
  personId: string,
  staff: { id: string; organisationId: string },
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<string> {
  const id = newId();
  await db
    .insertInto('break_glass_grant')
    .values({
      person_id: personId,
      id,
      staff_account_id: staff.id,
      organisation_id: staff.organisationId,
      reason: 'Set up by a test of who may see what',
      granted_at: new Date(),
      expires_at: expiresAt,
      reviewed_at: null,
      reviewed_by: null,
      review_note: null,
    })
    .execute();
  return id;
}
