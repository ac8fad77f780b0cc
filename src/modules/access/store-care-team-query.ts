import type { Db } from '../../db/database.ts';

/** A person's care-team places with who holds each and where they work: what lists of the team start from. */
export const careTeamQuery = (db: Db, personId: string) =>
  db
    .selectFrom('care_team_member')
    .innerJoin('staff_account', 'staff_account.id', 'care_team_member.staff_account_id')
    .innerJoin('organisation', 'organisation.id', 'care_team_member.organisation_id')
    .select([
      'care_team_member.id',
      'care_team_member.staff_account_id',
      'care_team_member.organisation_id',
      'care_team_member.team_role',
      'care_team_member.is_key_worker',
      'care_team_member.from_date',
      'care_team_member.until_date',
      'staff_account.display_name as staff_name',
      'staff_account.job_title',
      'organisation.name as organisation_name',
    ])
    .where('care_team_member.person_id', '=', personId);
