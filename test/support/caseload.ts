// A practitioner with a large caseload, from the synthetic seed, and plans led from their places: for tests and
// the benchmark of long lists. Plans are written straight to the database; making them through the pages is
// tested on its own.
import type { Db } from '../../src/db/database.ts';
import { emptyPlan } from '../../src/modules/plans/index.ts';
import { newId } from '../../src/ids.ts';
import { insertMany } from '../../src/seed/bulk-insert.ts';

/** The first practitioner `seedSyntheticPeople` added, and their care-team places, by person id. */
export async function syntheticPractitioner(db: Db) {
  const staff = await db
    .selectFrom('staff_account')
    .select(['id', 'email', 'organisation_id'])
    .where('email', 'like', 'practitioner.%')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const places = await db
    .selectFrom('care_team_member')
    .innerJoin('person', 'person.person_id', 'care_team_member.person_id')
    .select(['care_team_member.person_id', 'care_team_member.id', 'person.family_name', 'person.given_name'])
    .where('care_team_member.staff_account_id', '=', staff.id)
    .orderBy('care_team_member.person_id')
    .execute();
  return { id: staff.id, email: staff.email, organisationId: staff.organisation_id, places };
}

/** A first plan version for each person, naming the place as lead professional, with its review date. */
export const plansLedFrom = (
  db: Db,
  staffId: string,
  plans: { personId: string; placeId: string; reviewDate: string }[],
) =>
  insertMany(db, [
    {
      table: 'plan_version',
      rows: plans.map(({ personId, placeId, reviewDate }) => ({
        person_id: personId,
        number: 1,
        id: newId(),
        // As an object: insertMany sends the rows as JSON, so a string here would be stored as a JSON string.
        content: {
          ...emptyPlan(),
          leadProfessional: { careTeamMemberId: placeId, name: 'Synthetic practitioner' },
          review: { date: reviewDate, responsibleCareTeamMemberId: placeId, responsibleName: 'Synthetic practitioner' },
        },
        based_on: null,
        change_summary: 'Started the plan',
        saved_by_kind: 'staff' as const,
        saved_by_id: staffId,
        saved_by_name: 'Synthetic practitioner',
        saved_at: new Date(),
      })),
    },
  ]);
