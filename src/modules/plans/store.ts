import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/** The newest version of the person's plan, or undefined when no plan has been started. */
export const currentVersion = (db: Db, personId: string) =>
  db.selectFrom('plan_version').selectAll().where('person_id', '=', personId).orderBy('number', 'desc').limit(1).executeTakeFirst();

export const versionByNumber = (db: Db, personId: string, number: number) =>
  db.selectFrom('plan_version').selectAll().where('person_id', '=', personId).where('number', '=', number).executeTakeFirst();

/** Every version, newest first, without their content. */
export const versionList = (db: Db, personId: string) =>
  db
    .selectFrom('plan_version')
    .select(['number', 'based_on', 'change_summary', 'saved_by_name', 'saved_at'])
    .where('person_id', '=', personId)
    .orderBy('number', 'desc')
    .execute();

/**
 * Adds a version. The primary key (person, number) makes two saves based on the same version collide:
 * the second insert fails instead of silently replacing the first.
 */
export const insertVersion = (db: Db, row: Insertable<Database['plan_version']>) => db.insertInto('plan_version').values(row).execute();

/** Who has agreed each version, for the versions asked about. */
export const agreementsFor = (db: Db, personId: string, numbers: number[]) =>
  numbers.length
    ? db.selectFrom('plan_agreement').selectAll().where('person_id', '=', personId).where('version_number', 'in', numbers).orderBy('agreed_at').execute()
    : Promise.resolve([]);

export const insertAgreement = (db: Db, row: Insertable<Database['plan_agreement']>) => db.insertInto('plan_agreement').values(row).execute();

/** The newest version both the person and the lead professional have agreed, with its two agreements. */
export async function latestAgreedVersion(db: Db, personId: string) {
  const agreed = await db
    .selectFrom('plan_agreement')
    .select('version_number')
    .where('person_id', '=', personId)
    .groupBy('version_number')
    .having((eb) => eb.fn.count('party').distinct(), '=', 2)
    .orderBy('version_number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!agreed) return undefined;
  const version = await versionByNumber(db, personId, agreed.version_number);
  return version && { version, agreements: await agreementsFor(db, personId, [agreed.version_number]) };
}

export const commentsFor = (db: Db, personId: string) =>
  db.selectFrom('plan_comment').selectAll().where('person_id', '=', personId).orderBy('written_at').execute();

export const insertComment = (db: Db, row: Insertable<Database['plan_comment']>) => db.insertInto('plan_comment').values(row).execute();

/** One suggestion (a comment of kind 'suggestion'), or undefined. */
export const suggestionById = (db: Db, personId: string, suggestionId: string) =>
  db.selectFrom('plan_comment').selectAll().where('person_id', '=', personId).where('id', '=', suggestionId).where('kind', '=', 'suggestion').executeTakeFirst();

/** Every answer the person has given to a suggestion. */
export const suggestionAnswersFor = (db: Db, personId: string) =>
  db.selectFrom('plan_suggestion_answer').selectAll().where('person_id', '=', personId).execute();

export const suggestionAnswer = (db: Db, personId: string, suggestionId: string) =>
  db.selectFrom('plan_suggestion_answer').selectAll().where('person_id', '=', personId).where('suggestion_id', '=', suggestionId).executeTakeFirst();

/** Records an answer. The primary key (person, suggestion) refuses a second answer to the same suggestion. */
export const insertSuggestionAnswer = (db: Db, row: Insertable<Database['plan_suggestion_answer']>) => db.insertInto('plan_suggestion_answer').values(row).execute();

/**
 * Not about one person: the current plan versions whose lead professional holds one of these care-team
 * places, with a review date on or before `latest`, soonest first. Person and review date only.
 */
export async function currentPlansLedBy(db: Db, places: { person_id: string; id: string }[], latest: string) {
  if (!places.length) return [];
  const leadPlace = sql<string>`version.content->'leadProfessional'->>'careTeamMemberId'`;
  const reviewDate = sql<string>`version.content->'review'->>'date'`;
  const rows = await db
    .selectFrom('plan_version as version')
    .select(['version.person_id', leadPlace.as('lead_place_id'), reviewDate.as('review_date')])
    .where('version.person_id', 'in', [...new Set(places.map((place) => place.person_id))])
    .where(leadPlace, 'in', places.map((place) => place.id))
    .where('version.number', '=', (eb) => eb.selectFrom('plan_version as newer').select((inner) => inner.fn.max('newer.number').as('n')).whereRef('newer.person_id', '=', 'version.person_id'))
    .where(reviewDate, '<=', latest)
    .orderBy('review_date')
    .orderBy('version.person_id')
    .execute();
  // A place belongs to one person: the lead named in a plan counts only if the place is that person's.
  const held = new Set(places.map((place) => `${place.person_id} ${place.id}`));
  return rows.filter((row) => held.has(`${row.person_id} ${row.lead_place_id}`)).map((row) => ({ person_id: row.person_id, review_date: row.review_date }));
}
