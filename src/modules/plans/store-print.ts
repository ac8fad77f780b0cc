import type { Db } from '../../db/database.ts';
import { careTeamNamesById } from '../access/index.ts';
import { circleNamesById } from '../people/index.ts';
import type { InvolvedNames } from './plan-view.ts';

// Names for printed copies of a plan, read through the modules that own them. Takes the transaction the
// access-checked data context hands over.

/** How the people a plan lists by id are named: 'Priya Shah, Social worker', 'Fatima Khan (daughter)'. */
export async function involvedNames(db: Db, personId: string, careTeamMemberIds: string[], circleMemberIds: string[]): Promise<InvolvedNames> {
  const [careTeam, circle] = await Promise.all([careTeamNamesById(db, personId, careTeamMemberIds), circleNamesById(db, personId, circleMemberIds)]);
  return {
    careTeam: new Map([...careTeam].map(([id, member]) => [id, `${member.name}, ${member.jobTitle}`])),
    circle: new Map([...circle].map(([id, member]) => [id, member.relationship ? `${member.name} (${member.relationship})` : member.name])),
  };
}
