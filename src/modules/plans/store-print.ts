import type { Db } from '../../db/database.ts';
import { fullName } from '../people/index.ts';
import type { InvolvedNames } from './plan-view.ts';

// Queries for printed copies of a plan. Each takes the transaction the access-checked data context hands over.

/** The person's name, or undefined when there is no such person. */
export async function personFullName(db: Db, personId: string): Promise<string | undefined> {
  const person = await db.selectFrom('person').select(['given_name', 'family_name', 'preferred_name']).where('person_id', '=', personId).executeTakeFirst();
  return person && fullName(person);
}

/** How the people a plan lists by id are named: 'Priya Shah, Social worker', 'Fatima Khan (daughter)'. */
export async function involvedNames(db: Db, personId: string, careTeamMemberIds: string[], circleMemberIds: string[]): Promise<InvolvedNames> {
  const careTeam = careTeamMemberIds.length
    ? await db
        .selectFrom('care_team_member')
        .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
        .select(['care_team_member.id', 'staff_account.display_name', 'staff_account.job_title'])
        .where('care_team_member.person_id', '=', personId)
        .where('care_team_member.id', 'in', careTeamMemberIds)
        .execute()
    : [];
  const circle = circleMemberIds.length
    ? await db.selectFrom('circle_member').select(['id', 'name', 'relationship']).where('person_id', '=', personId).where('id', 'in', circleMemberIds).execute()
    : [];
  return {
    careTeam: new Map(careTeam.map((row) => [row.id, `${row.display_name}, ${row.job_title}`])),
    circle: new Map(circle.map((row) => [row.id, row.relationship ? `${row.name} (${row.relationship})` : row.name])),
  };
}
