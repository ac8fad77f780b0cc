import { Migrator, sql, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Db } from './database.ts';
import * as identity from './migrations/0001_identity.ts';
import * as people from './migrations/0002_people.ts';
import * as access from './migrations/0003_access.ts';
import * as organisationLogo from './migrations/0004_organisation_logo.ts';
import * as plans from './migrations/0005_plans.ts';
import * as planSuggestionAnswers from './migrations/0006_plan_suggestion_answers.ts';
import * as signInHardening from './migrations/0007_sign_in_hardening.ts';
import * as organisationsAndStaff from './migrations/0008_organisations_and_staff.ts';
import * as sharingRulesAndAuthority from './migrations/0009_sharing_rules_and_authority.ts';
import * as personRegistration from './migrations/0010_person_registration.ts';
import * as staffAdministration from './migrations/0011_staff_administration.ts';
import * as invitationAcceptance from './migrations/0012_invitation_acceptance.ts';
import * as accessFactsFunction from './migrations/0013_access_facts_function.ts';
import * as budgets from './migrations/0014_budgets.ts';
import * as allocation from './migrations/0015_allocation.ts';
import * as budgetJourney from './migrations/0016_budget_journey.ts';
import * as moneyAgreements from './migrations/0017_money_agreements.ts';
import * as panel from './migrations/0018_panel.ts';
import * as notifications from './migrations/0019_notifications.ts';
import * as tasks from './migrations/0020_tasks.ts';
import * as episodes from './migrations/0021_episodes.ts';
import * as messages from './migrations/0022_messages.ts';
import * as directory from './migrations/0023_directory.ts';
import * as directoryCommunity from './migrations/0024_directory_community.ts';
import * as communityReferrals from './migrations/0025_community_referrals.ts';
import * as staffContactDetails from './migrations/0026_staff_contact_details.ts';
import * as capacityAgreement from './migrations/0027_capacity_agreement.ts';
import * as planSectionSharing from './migrations/0028_plan_section_sharing.ts';
import * as accessFactsByLookup from './migrations/0029_access_facts_by_lookup.ts';
import * as ledgerBalances from './migrations/0030_ledger_balances.ts';
import * as accessStamp from './migrations/0031_access_stamp.ts';

/** Every migration in order. Forward only: a change to the schema is a new file, never an edit. */
const migrations: Record<string, Migration> = {
  '0001_identity': identity,
  '0002_people': people,
  '0003_access': access,
  '0004_organisation_logo': organisationLogo,
  '0005_plans': plans,
  '0006_plan_suggestion_answers': planSuggestionAnswers,
  '0007_sign_in_hardening': signInHardening,
  '0008_organisations_and_staff': organisationsAndStaff,
  '0009_sharing_rules_and_authority': sharingRulesAndAuthority,
  '0010_person_registration': personRegistration,
  '0011_staff_administration': staffAdministration,
  '0012_invitation_acceptance': invitationAcceptance,
  '0013_access_facts_function': accessFactsFunction,
  '0014_budgets': budgets,
  '0015_allocation': allocation,
  '0016_budget_journey': budgetJourney,
  '0017_money_agreements': moneyAgreements,
  '0018_panel': panel,
  '0019_notifications': notifications,
  '0020_tasks': tasks,
  '0021_episodes': episodes,
  '0022_messages': messages,
  '0023_directory': directory,
  '0024_directory_community': directoryCommunity,
  '0025_community_referrals': communityReferrals,
  '0026_staff_contact_details': staffContactDetails,
  '0027_capacity_agreement': capacityAgreement,
  '0028_plan_section_sharing': planSectionSharing,
  '0029_access_facts_by_lookup': accessFactsByLookup,
  '0030_ledger_balances': ledgerBalances,
  '0031_access_stamp': accessStamp,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Whether the database has run every migration, and only these: one query, where Kysely's migrator reads the whole
 * catalogue to find its tables (about 60 ms of a server's start). False when it cannot tell, and the migrator decides.
 */
async function isUpToDate(db: Db): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from schema_migration`.execute(db);
    const run = rows.map((row) => row.name).sort();
    const names = Object.keys(migrations).sort();
    return run.length === names.length && run.every((name, index) => name === names[index]);
  } catch {
    return false;
  }
}

/**
 * Brings the schema up to date. Kysely takes an advisory lock so two servers never migrate at once; a database that is
 * up to date already is only checked.
 */
export const migrateToLatest = async (db: Db): Promise<string[]> =>
  (await isUpToDate(db)) ? [] : migrate(db, (migrator) => migrator.migrateToLatest());

/** Brings the schema up to the named migration and no further: for a test of what a later migration does to data. */
export const migrateTo = (db: Db, name: string): Promise<string[]> =>
  migrate(db, (migrator) => migrator.migrateTo(name));

async function migrate(db: Db, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: 'schema_migration',
    migrationLockTableName: 'schema_migration_lock',
  });
  const { error, results } = await run(migrator);
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message}`);
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
