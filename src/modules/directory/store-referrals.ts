import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { ReferralEventKind } from './tables-referrals.ts';

// Social-prescribing referrals. `bindDirectoryStore` is one person's referrals and what happened to them, bound by the
// data context; `createReferralsReference` is what is about no one person: which organisation runs a service, its
// staff, the referrals waiting on an organisation (ids only), response figures and the commissioners' gap report.

type Bound<T extends keyof Database> = Omit<Insertable<Database[T]>, 'person_id'>;

/** The kinds of event after which a referral is closed to the service. */
export const CLOSING_EVENTS = ['declined', 'ended', 'withdrawn'] as const;

/** One person's social-prescribing referrals, bound to them by the data context. Rows are only ever added. */
export function bindDirectoryStore(db: Db, personId: string) {
  return {
    /** Every referral, newest first. */
    referrals: () =>
      db
        .selectFrom('community_referral')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('referred_at', 'desc')
        .orderBy('id', 'desc')
        .execute(),
    /** What happened to the person's referrals, oldest first. */
    referralEvents: () =>
      db
        .selectFrom('community_referral_event')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('at')
        .orderBy('id')
        .execute(),
    insertReferral: (row: Bound<'community_referral'>) =>
      db
        .insertInto('community_referral')
        .values({ ...row, person_id: personId })
        .execute(),
    insertReferralEvent: (row: Bound<'community_referral_event'>) =>
      db
        .insertInto('community_referral_event')
        .values({ ...row, person_id: personId })
        .execute(),
  };
}

export type DirectoryStore = ReturnType<typeof bindDirectoryStore>;
export type CommunityReferralRow = Database['community_referral'];
export type ReferralEventRow = Database['community_referral_event'];

/** A postcode's outward code ("ZZ1 1AA" → "ZZ1"), in SQL: the area the gap report counts by. */
const outwardCode = (column: string) =>
  sql<string>`(select left(p, length(p) - 3) from (select upper(regexp_replace(${sql.ref(column)}, '\\s', '', 'g')) as p) as cleaned where length(p) >= 5)`;

/** Referrals the service may still see today (before the last day chosen) with none of these events yet. */
const referralsWithout = (db: Db, today: string, kinds: readonly ReferralEventKind[]) =>
  db
    .selectFrom('community_referral as r')
    .where('r.until_date', '>=', today)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('community_referral_event as e')
            .select('e.id')
            .whereRef('e.person_id', '=', 'r.person_id')
            .whereRef('e.referral_id', '=', 'r.id')
            .where('e.kind', 'in', kinds),
        ),
      ),
    );

/** The first answer (accepted or declined) to each referral. */
const firstAnswers = (db: Db) =>
  db
    .selectFrom('community_referral_event')
    .select(['person_id', 'referral_id', 'kind'])
    .select((eb) => eb.fn.min('at').as('answered_at'))
    .where('kind', 'in', ['accepted', 'declined'])
    .groupBy(['person_id', 'referral_id', 'kind']);

/** Makes a listed service's organisation a Careweave organisation's, so referrals to its services open to its staff. */
export async function linkDirectoryOrganisation(db: Db, dirOrganizationId: string, organisationId: string) {
  await db
    .insertInto('directory_organisation_link')
    .values({ dir_organization_id: dirOrganizationId, organisation_id: organisationId })
    .onConflict((conflict) => conflict.column('dir_organization_id').doUpdateSet({ organisation_id: organisationId }))
    .execute();
}

/**
 * For the demo seed: links the organisation that runs the service named `serviceName` to the Careweave organisation,
 * so referrals to it reach that organisation's staff. Answers false when no service has that name.
 */
export async function linkDemoServiceToOrganisation(db: Db, serviceName: string, organisationId: string) {
  const service = await db
    .selectFrom('dir_service')
    .select('organization_id')
    .where('name', '=', serviceName)
    .where('organization_id', 'is not', null)
    .executeTakeFirst();
  if (!service?.organization_id) return false;
  await linkDirectoryOrganisation(db, service.organization_id, organisationId);
  return true;
}

/** What is about no one person: services' response figures, the gap report, referrals waiting for an answer. */
export function createReferralsReference(db: Db) {
  return {
    /** A listed service that takes referrals: active, and run by a Careweave organisation. */
    referrableService: (serviceId: string) =>
      db
        .selectFrom('dir_service')
        .innerJoin(
          'directory_organisation_link',
          'directory_organisation_link.dir_organization_id',
          'dir_service.organization_id',
        )
        .innerJoin('organisation', 'organisation.id', 'directory_organisation_link.organisation_id')
        .select([
          'dir_service.id',
          'dir_service.name',
          'organisation.id as organisationId',
          'organisation.name as organisationName',
        ])
        .where('dir_service.id', '=', serviceId)
        .where('dir_service.status', '=', 'active')
        .executeTakeFirst(),

    /** The open accounts of an organisation's staff who answer referrals (practitioners), to tell them of one. */
    staffOf: async (organisationId: string) =>
      (
        await db
          .selectFrom('staff_account')
          .select('id')
          .where('organisation_id', '=', organisationId)
          .where('role', '=', 'practitioner')
          .where('disabled_at', 'is', null)
          .execute()
      ).map((row) => row.id),

    /** Ids only: the people with a referral to the organisation not yet closed, oldest referral first. */
    peopleReferredTo: async (organisationId: string, today: string) =>
      (
        await referralsWithout(db, today, CLOSING_EVENTS)
          .select('r.person_id')
          .select((eb) => eb.fn.min('r.referred_at').as('first'))
          .where('r.organisation_id', '=', organisationId)
          .groupBy('r.person_id')
          .orderBy('first')
          .execute()
      ).map((row) => row.person_id),

    /**
     * Referrals past the day their answer was due, with no answer, still open and not yet reminded: ids, the
     * organisation and the service's name only.
     */
    unansweredPastDue: (today: string) =>
      referralsWithout(db, today, ['accepted', 'reminded', ...CLOSING_EVENTS])
        .select(['r.person_id', 'r.id', 'r.organisation_id', 'r.service_name'])
        .where('r.answer_due', '<', today)
        .orderBy('r.answer_due')
        .execute(),

    /** How many referrals to a service since a moment were answered, how many accepted, and the median days to answer. */
    responseFigures: async (serviceId: string, since: Date) => {
      const row = await db
        .selectFrom('community_referral as r')
        .innerJoin(firstAnswers(db).as('a'), (join) =>
          join.onRef('a.person_id', '=', 'r.person_id').onRef('a.referral_id', '=', 'r.id'),
        )
        .select((eb) => [
          eb.fn.countAll<string>().as('answered'),
          sql<string>`count(*) filter (where a.kind = 'accepted')`.as('accepted'),
          sql<
            number | null
          >`percentile_cont(0.5) within group (order by extract(epoch from (a.answered_at - r.referred_at)) / 86400)`.as(
            'median_days',
          ),
        ])
        .where('r.service_id', '=', serviceId)
        .where('r.referred_at', '>=', since)
        .executeTakeFirstOrThrow();
      return {
        answered: Number(row.answered),
        accepted: Number(row.accepted),
        medianDays: row.median_days === null ? null : Number(row.median_days),
      };
    },

    /** Searches that found nothing, by month, area and need (null: none chosen): counts only, nobody named. */
    emptySearches: (from: Date, to: Date) =>
      db
        .selectFrom('directory_search as s')
        .leftJoin('dir_taxonomy_term as t', 't.id', 's.taxonomy_term_id')
        .select([
          sql<string>`to_char(s.searched_at at time zone 'UTC', 'YYYY-MM')`.as('month'),
          sql<string>`coalesce(s.area, '')`.as('area'),
          sql<string>`coalesce(t.name, '')`.as('need'),
          (eb) => eb.fn.countAll<string>().as('count'),
        ])
        .where('s.results', '=', 0)
        .where('s.searched_at', '>=', from)
        .where('s.searched_at', '<', to)
        .groupBy(['month', 'area', 'need'])
        .execute(),

    /** Referrals declined, by month, area (where the service is) and reason: counts only, nobody named. */
    declinedReferrals: (from: Date, to: Date) =>
      db
        .selectFrom('community_referral_event as e')
        .innerJoin('community_referral as r', (join) =>
          join.onRef('r.person_id', '=', 'e.person_id').onRef('r.id', '=', 'e.referral_id'),
        )
        .select([
          sql<string>`to_char(e.at at time zone 'UTC', 'YYYY-MM')`.as('month'),
          sql<string>`coalesce((select min(${outwardCode('a.postal_code')})
              from dir_service_at_location sal join dir_address a on a.location_id = sal.location_id
              where sal.service_id = r.service_id), '')`.as('area'),
          sql<string>`e.decline_reason`.as('decline'),
          (eb) => eb.fn.countAll<string>().as('count'),
        ])
        .where('e.kind', '=', 'declined')
        .where('e.at', '>=', from)
        .where('e.at', '<', to)
        .groupBy(['month', 'area', 'decline'])
        .execute(),

    /**
     * Needs searched for in an area where no active service with a place in that area meets them, with how many
     * searches asked: by month, area and need.
     */
    needsWithoutLocalService: (from: Date, to: Date) =>
      db
        .selectFrom('directory_search as s')
        .innerJoin('dir_taxonomy_term as t', 't.id', 's.taxonomy_term_id')
        .select([
          sql<string>`to_char(s.searched_at at time zone 'UTC', 'YYYY-MM')`.as('month'),
          's.area',
          't.name as need',
          (eb) => eb.fn.countAll<string>().as('count'),
        ])
        .where('s.area', 'is not', null)
        .where('s.searched_at', '>=', from)
        .where('s.searched_at', '<', to)
        .where(
          sql<boolean>`not exists (
            select 1 from dir_attribute at
              join dir_service sv on sv.id = at.link_id and sv.status = 'active'
              join dir_service_at_location sal on sal.service_id = sv.id
              join dir_address a on a.location_id = sal.location_id
            where at.link_type = 'service' and at.taxonomy_term_id = s.taxonomy_term_id
              and ${outwardCode('a.postal_code')} = s.area)`,
        )
        .groupBy(['month', 's.area', 't.name'])
        .execute(),
  };
}

export type ReferralsReference = ReturnType<typeof createReferralsReference>;
