import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { bindCapacityStore } from './store-capacity.ts';
import { bindPrintChoiceStore } from './store-print-choice.ts';

// Queries of the plans module's own tables, bound to one person by bindPlanStore: nothing outside this file runs them.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

/** The newest version of the person's plan, or undefined when no plan has been started. */
const currentVersion = (db: Db, personId: string) =>
  db
    .selectFrom('plan_version')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();

const versionByNumber = (db: Db, personId: string, number: number) =>
  db
    .selectFrom('plan_version')
    .selectAll()
    .where('person_id', '=', personId)
    .where('number', '=', number)
    .executeTakeFirst();

/** Every version, newest first, without their content. */
const versionList = (db: Db, personId: string) =>
  db
    .selectFrom('plan_version')
    .select(['number', 'based_on', 'change_summary', 'saved_by_id', 'saved_by_name', 'saved_at'])
    .where('person_id', '=', personId)
    .orderBy('number', 'desc')
    .execute();

/** The saves asked for, whole, oldest first: to say what each one changed. */
const versionsNumbered = (db: Db, personId: string, numbers: readonly number[]) =>
  numbers.length
    ? db
        .selectFrom('plan_version')
        .selectAll()
        .where('person_id', '=', personId)
        .where('number', 'in', [...numbers])
        .orderBy('number')
        .execute()
    : Promise.resolve([]);

/** Who saved each version up to `number`, with its content, oldest first: to say who wrote each part of a plan. */
const versionsUpTo = (db: Db, personId: string, number: number) =>
  db
    .selectFrom('plan_version')
    .select(['number', 'content', 'saved_by_kind', 'saved_by_id', 'saved_by_name'])
    .where('person_id', '=', personId)
    .where('number', '<=', number)
    .orderBy('number')
    .execute();

/**
 * Adds a version. The primary key (person, number) makes two saves based on the same version collide:
 * the second insert fails instead of silently replacing the first.
 */
const insertVersion = (db: Db, row: Insertable<Database['plan_version']>) =>
  db.insertInto('plan_version').values(row).execute();

/** Who has agreed each version, for the versions asked about. */
const agreementsFor = (db: Db, personId: string, numbers: number[]) =>
  numbers.length
    ? db
        .selectFrom('plan_agreement')
        .selectAll()
        .where('person_id', '=', personId)
        .where('version_number', 'in', numbers)
        .orderBy('agreed_at')
        .execute()
    : Promise.resolve([]);

/** Every agreement to any version of the plan, oldest first. */
const allAgreements = (db: Db, personId: string) =>
  db.selectFrom('plan_agreement').selectAll().where('person_id', '=', personId).orderBy('agreed_at').execute();

const insertAgreement = (db: Db, row: Insertable<Database['plan_agreement']>) =>
  db.insertInto('plan_agreement').values(row).execute();

const commentsFor = (db: Db, personId: string) =>
  db.selectFrom('plan_comment').selectAll().where('person_id', '=', personId).orderBy('written_at').execute();

const insertComment = (db: Db, row: Insertable<Database['plan_comment']>) =>
  db.insertInto('plan_comment').values(row).execute();

/** One suggestion (a comment of kind 'suggestion'), or undefined. */
const suggestionById = (db: Db, personId: string, suggestionId: string) =>
  db
    .selectFrom('plan_comment')
    .selectAll()
    .where('person_id', '=', personId)
    .where('id', '=', suggestionId)
    .where('kind', '=', 'suggestion')
    .executeTakeFirst();

/** Every answer the person has given to a suggestion. */
const suggestionAnswersFor = (db: Db, personId: string) =>
  db.selectFrom('plan_suggestion_answer').selectAll().where('person_id', '=', personId).execute();

const suggestionAnswer = (db: Db, personId: string, suggestionId: string) =>
  db
    .selectFrom('plan_suggestion_answer')
    .selectAll()
    .where('person_id', '=', personId)
    .where('suggestion_id', '=', suggestionId)
    .executeTakeFirst();

/** Records an answer. The primary key (person, suggestion) refuses a second answer to the same suggestion. */
const insertSuggestionAnswer = (db: Db, row: Insertable<Database['plan_suggestion_answer']>) =>
  db.insertInto('plan_suggestion_answer').values(row).execute();

/**
 * The current version's review date when its lead professional holds one of these care-team places (all the
 * person's) and the review is due on or before `latest`; undefined otherwise. Reads the lead and the date only.
 */
async function reviewDueFor(db: Db, personId: string, placeIds: readonly string[], latest: string) {
  if (!placeIds.length) return undefined;
  const leadPlace = sql<string>`content->'leadProfessional'->>'careTeamMemberId'`;
  const reviewDate = sql<string | null>`content->'review'->>'date'`;
  const row = await db
    .selectFrom('plan_version')
    .select([leadPlace.as('lead_place_id'), reviewDate.as('review_date')])
    .where('person_id', '=', personId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && placeIds.includes(row.lead_place_id) && row.review_date !== null && row.review_date <= latest
    ? row.review_date
    : undefined;
}

/** The plans module's store for one person: every query is about them and no one else. */
export function bindPlanStore(db: Db, personId: string) {
  return {
    currentVersion: () => currentVersion(db, personId),
    versionByNumber: (number: number) => versionByNumber(db, personId, number),
    versionList: () => versionList(db, personId),
    versionsUpTo: (number: number) => versionsUpTo(db, personId, number),
    versionsNumbered: (numbers: readonly number[]) => versionsNumbered(db, personId, numbers),
    insertVersion: (row: Bound<'plan_version'>) => insertVersion(db, { ...row, person_id: personId }),
    agreementsFor: (numbers: number[]) => agreementsFor(db, personId, numbers),
    allAgreements: () => allAgreements(db, personId),
    insertAgreement: (row: Bound<'plan_agreement'>) => insertAgreement(db, { ...row, person_id: personId }),
    commentsFor: () => commentsFor(db, personId),
    insertComment: (row: Bound<'plan_comment'>) => insertComment(db, { ...row, person_id: personId }),
    suggestionById: (suggestionId: string) => suggestionById(db, personId, suggestionId),
    suggestionAnswersFor: () => suggestionAnswersFor(db, personId),
    suggestionAnswer: (suggestionId: string) => suggestionAnswer(db, personId, suggestionId),
    insertSuggestionAnswer: (row: Bound<'plan_suggestion_answer'>) =>
      insertSuggestionAnswer(db, { ...row, person_id: personId }),
    reviewDueFor: (placeIds: readonly string[], latest: string) => reviewDueFor(db, personId, placeIds, latest),
    ...bindPrintChoiceStore(db, personId),
    ...bindCapacityStore(db, personId),
  };
}

export type PlanStore = ReturnType<typeof bindPlanStore>;
export type PlanVersion = NonNullable<Awaited<ReturnType<typeof currentVersion>>>;
export type AgreementRow = Awaited<ReturnType<typeof agreementsFor>>[number];
