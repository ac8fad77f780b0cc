import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { newId } from '../../ids.ts';
import type { AllocationScheme } from './allocation-scheme.ts';

// The indicative allocation's queries: the schemes organisations publish (reference data, about nobody), and the
// figures worked out for one person with the requests to look at them again, bound to that person.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

/** The version of an organisation's scheme in force: its newest, with the organisation's name. */
const schemeInForce = (db: Db, organisationId: string) =>
  db
    .selectFrom('allocation_scheme as s')
    .innerJoin('organisation as o', 'o.id', 's.organisation_id')
    .selectAll('s')
    .select('o.name as organisation_name')
    .where('s.organisation_id', '=', organisationId)
    .orderBy('s.version', 'desc')
    .limit(1)
    .executeTakeFirst();

/** Publishes a scheme as the organisation's next version, in force from now. */
async function publish(db: Db, organisationId: string, scheme: AllocationScheme, publishedBy: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    // Two publications at once take turns, so each gets its own version.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`allocation_scheme:${organisationId}`}, 0))`.execute(trx);
    const newest = await trx
      .selectFrom('allocation_scheme')
      .select(['id', 'version'])
      .where('organisation_id', '=', organisationId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const published = { id: newest?.id ?? newId(), version: (newest?.version ?? 0) + 1 };
    await trx
      .insertInto('allocation_scheme')
      .values({
        organisation_id: organisationId,
        ...published,
        name: scheme.name,
        published_on: scheme.publishedOn,
        scheme: JSON.stringify(scheme),
        published_at: now,
        published_by: publishedBy,
      })
      .execute();
    return published;
  });
}

/** The allocation schemes organisations publish: shared reference data, about no one. */
export const createAllocationSchemes = (db: Db) => ({
  inForce: (organisationId: string) => schemeInForce(db, organisationId),
  publish: (organisationId: string, scheme: AllocationScheme, publishedBy: string, now: Date) =>
    publish(db, organisationId, scheme, publishedBy, now),
  organisationName: async (organisationId: string) =>
    (await db.selectFrom('organisation').select('name').where('id', '=', organisationId).executeTakeFirst())?.name,
});

export type AllocationSchemes = ReturnType<typeof createAllocationSchemes>;
export type SchemeInForce = NonNullable<Awaited<ReturnType<typeof schemeInForce>>>;

/** The person's newest figure, with the scheme version it was worked out on and whose scheme that is. */
const latestAssessment = (db: Db, personId: string) =>
  db
    .selectFrom('allocation_assessment as a')
    .innerJoin('allocation_scheme as s', (join) =>
      join
        .onRef('s.organisation_id', '=', 'a.scheme_organisation_id')
        .onRef('s.id', '=', 'a.scheme_id')
        .onRef('s.version', '=', 'a.scheme_version'),
    )
    .innerJoin('organisation as o', 'o.id', 'a.scheme_organisation_id')
    .selectAll('a')
    .select(['s.scheme', 'o.name as organisation_name'])
    .where('a.person_id', '=', personId)
    .orderBy('a.assessed_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** The indicative allocation's store for one person. */
export function bindAllocationStore(db: Db, personId: string) {
  return {
    latestAssessment: () => latestAssessment(db, personId),
    insertAssessment: (row: Bound<'allocation_assessment'>) =>
      db
        .insertInto('allocation_assessment')
        .values({ ...row, person_id: personId })
        .execute(),
    /** The request to look again at a figure, if one was made. */
    reviewRequestFor: (assessmentId: string) =>
      db
        .selectFrom('allocation_review_request')
        .selectAll()
        .where('person_id', '=', personId)
        .where('assessment_id', '=', assessmentId)
        .executeTakeFirst(),
    insertReviewRequest: (row: Bound<'allocation_review_request'>) =>
      db
        .insertInto('allocation_review_request')
        .values({ ...row, person_id: personId })
        .execute(),
  };
}

export type AllocationAssessment = NonNullable<Awaited<ReturnType<typeof latestAssessment>>>;
