import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

// Reading a person's access log as the person reads it: one row for each person, part of the record and day, with
// how many times, filtered by who, organisation, part and dates. Rows are never changed here.

/** What the reader asked to see. Dates are London calendar days ('YYYY-MM-DD'), both ends included. */
export type AccessLogFilter = {
  actorId?: string;
  organisation?: string;
  part?: string;
  from?: string;
  to?: string;
  /** Leaves out what this account did itself (the reader's own looks), unless they ask to see them. */
  leaveOutActorId?: string;
};

export type AccessLogQuery = AccessLogFilter & { limit: number; offset: number; upto?: string };

/** The London calendar day of an entry. */
const DAY = sql<string>`to_char(access_log.at at time zone 'Europe/London', 'YYYY-MM-DD')`;
/** The first instant of a London calendar day. */
const dayStart = (date: string) => sql<Date>`(${date}::date::timestamp at time zone 'Europe/London')`;

type LogQuery = SelectQueryBuilder<Database, 'access_log', object>;

function filtered(db: Db, personId: string, filter: AccessLogFilter, upto: string | undefined): LogQuery {
  return (
    db
      .selectFrom('access_log')
      .where('access_log.person_id', '=', personId)
      .$if(filter.actorId !== undefined, (query) => query.where('access_log.actor_id', '=', filter.actorId!))
      .$if(filter.organisation !== undefined, (query) =>
        query.where('access_log.organisation_name', '=', filter.organisation!),
      )
      .$if(filter.part !== undefined, (query) => query.where('access_log.part', '=', filter.part!))
      .$if(filter.from !== undefined, (query) => query.where('access_log.at', '>=', dayStart(filter.from!)))
      .$if(filter.to !== undefined, (query) =>
        query.where('access_log.at', '<', sql<Date>`(${filter.to!}::date + 1)::timestamp at time zone 'Europe/London'`),
      )
      .$if(filter.leaveOutActorId !== undefined, (query) =>
        query.where((eb) =>
          eb.or([eb('access_log.actor_id', 'is', null), eb('access_log.actor_id', '!=', filter.leaveOutActorId!)]),
        ),
      )
      // Later pages follow on from the newest entry when the list was first seen, even as new entries arrive.
      .$if(upto !== undefined, (query) =>
        query.where(
          sql<boolean>`(access_log.at, access_log.id) <= (select anchor.at, anchor.id from access_log anchor where anchor.person_id = ${personId} and anchor.id = ${upto!})`,
        ),
      )
  );
}

/** What makes one row of the grouped log, beside its day: who, in which role and organisation, did what to which part. */
const KEY = [
  'access_log.actor_kind',
  'access_log.actor_id',
  'access_log.actor_name',
  'access_log.actor_role',
  'access_log.organisation_name',
  'access_log.action',
  'access_log.part',
  'access_log.purpose',
] as const;

/** One page of the grouped log, the most recent group first, each with its count and its latest summary. */
const groupedPage = (db: Db, personId: string, query: AccessLogQuery) =>
  filtered(db, personId, query, query.upto)
    .leftJoin('break_glass_grant', (join) =>
      join
        .onRef('break_glass_grant.person_id', '=', 'access_log.person_id')
        .onRef('break_glass_grant.id', '=', 'access_log.break_glass_grant_id'),
    )
    .select([
      DAY.as('day'),
      ...KEY,
      sql<number>`count(*)::int`.as('times'),
      sql<number>`count(distinct access_log.summary)::int`.as('summaries'),
      sql<string[]>`json_agg(distinct access_log.summary)`.as('summary_list'),
      sql<Date>`max(access_log.at)`.as('last_at'),
      sql<string>`(array_agg(access_log.summary order by access_log.at desc, access_log.id desc))[1]`.as('summary'),
      sql<
        string | null
      >`(array_agg(break_glass_grant.reason order by access_log.at desc) filter (where break_glass_grant.reason is not null))[1]`.as(
        'emergency_reason',
      ),
    ])
    .groupBy([DAY, ...KEY])
    .orderBy(sql`max(access_log.at)`, 'desc')
    .orderBy(sql`max(access_log.id::text)`, 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();

/** How many groups the filtered log makes. */
const groupCount = async (db: Db, personId: string, filter: AccessLogFilter, upto?: string): Promise<number> => {
  const row = await db
    .selectFrom(
      filtered(db, personId, filter, upto)
        .select(sql<number>`1`.as('one'))
        .groupBy([DAY, ...KEY])
        .as('groups'),
    )
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

/** Who, which organisations and which parts appear in the log, for its filters. */
const filterChoices = async (db: Db, personId: string) => {
  const [actors, organisations, parts] = await Promise.all([
    db
      .selectFrom('access_log')
      .select(['actor_id', 'actor_name', 'actor_role', 'organisation_name'])
      .distinctOn('actor_id')
      .where('person_id', '=', personId)
      .where('actor_id', 'is not', null)
      .orderBy('actor_id')
      .orderBy('at', 'desc')
      .execute(),
    db
      .selectFrom('access_log')
      .select('organisation_name')
      .distinct()
      .where('person_id', '=', personId)
      .where('organisation_name', 'is not', null)
      .orderBy('organisation_name')
      .execute(),
    db.selectFrom('access_log').select('part').distinct().where('person_id', '=', personId).orderBy('part').execute(),
  ]);
  return {
    actors: actors
      .map((actor) => ({ ...actor, actor_id: actor.actor_id! }))
      .toSorted((a, b) => a.actor_name.localeCompare(b.actor_name)),
    organisations: organisations.map((row) => row.organisation_name!),
    parts: parts.map((row) => row.part),
  };
};

export type AccessLogGroup = Awaited<ReturnType<typeof groupedPage>>[number];

/** The access-log reading functions of the access store, bound to one person. */
export const bindAccessLogView = (db: Db, personId: string) => ({
  accessLogGroups: (query: AccessLogQuery) => groupedPage(db, personId, query),
  countAccessLogGroups: (filter: AccessLogFilter, upto?: string) => groupCount(db, personId, filter, upto),
  accessLogFilterChoices: () => filterChoices(db, personId),
  /** The newest entry's id: later pages of a list follow on from it. */
  newestAccessLogId: async () =>
    (
      await db
        .selectFrom('access_log')
        .select('id')
        .where('person_id', '=', personId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
    )?.id,
});
